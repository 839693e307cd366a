// Form rules matching the server's (doc/api.md, src/app/users.c):
//   login        3–32 of a-z 0-9 . _ -, starting with a letter or digit
//   display name 1–32 characters
//   password     at least 10 characters, must not contain the login or the name
//                (only these: whether a password is blank, common or trivially
//                patterned is the server's call, and its Chinese message is
//                shown next to the field — error.field password/new_password)
import { charCount } from './format.js'

export const PASSWORD_MAX = 128

export const LOGIN_RE = /^[a-z0-9][a-z0-9._-]{2,31}$/

export function checkLogin(v) {
  const s = v || ''
  if (!s) return '请输入登录名'
  if (s.length < 3 || s.length > 32) return '登录名长度须为 3–32 个字符'
  if (!/^[a-z0-9._-]+$/.test(s)) return '登录名只能包含小写字母、数字和 . _ -'
  if (!/^[a-z0-9]/.test(s)) return '登录名须以字母或数字开头'
  return null
}

export function checkDisplayName(v) {
  const s = (v || '').trim()
  if (!s) return '请输入姓名'
  if (charCount(s) > 32) return '姓名不能超过 32 个字符'
  if (/[\u0000-\u001f\u007f]/.test(s)) return '姓名不能包含控制字符'
  return null
}

export function checkPassword(pw, login, name) {
  const s = pw || ''
  if (!s) return '请输入密码'
  if (charCount(s) < 10) return '密码至少 10 个字符'
  if (charCount(s) > PASSWORD_MAX) return `密码最多 ${PASSWORD_MAX} 个字符`
  const low = s.toLowerCase()
  if (login && low.includes(String(login).toLowerCase())) return '密码不能包含登录名'
  const n = (name || '').trim()
  // the server checks the name only when it is 2 bytes or longer (any CJK name)
  if (n && new TextEncoder().encode(n).length >= 2 && low.includes(n.toLowerCase())) return '密码不能包含姓名'
  return null
}

/** Wraps a check function into an Element Plus form rule. */
export function rule(check, trigger = 'blur') {
  return {
    trigger,
    validator: (_r, value, callback) => {
      const msg = check(value)
      if (msg) callback(new Error(msg))
      else callback()
    },
  }
}

export function requiredRule(message, trigger = 'change') {
  return {
    trigger,
    validator: (_r, value, callback) => {
      const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
      if (empty) callback(new Error(message))
      else callback()
    },
  }
}
