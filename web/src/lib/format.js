// Display helpers.

/** Formats Unix seconds, milliseconds or an ISO string as "2024-05-01 08:30:00". */
export function formatTime(v) {
  if (v === null || v === undefined || v === '') return '—'
  let d
  if (typeof v === 'number') d = new Date(v < 1e12 ? v * 1000 : v)
  else if (/^\d+$/.test(String(v))) d = new Date(Number(v) * 1000)
  else d = new Date(v)
  if (Number.isNaN(d.getTime())) return String(v)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

export function formatNumber(n) {
  if (n === null || n === undefined || n === '') return '—'
  return Number(n).toLocaleString('zh-CN')
}

/** Number of characters as a person counts them (code points). */
export function charCount(s) {
  return [...(s || '')].length
}

// Masking used by lists of personal data (DESIGN.md "Data protection").
// The server sends masked values; these helpers exist for values the UI
// builds itself and for the MaskedField example.

/** 330483200501011234 → 330483********123X style: keep 6 + last 4. */
export function maskIdNumber(id) {
  const s = String(id || '')
  if (s.length <= 10) return s.replace(/./g, '*')
  return s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4)
}

/** 张小明 → 张*明, 张三 → 张*. */
export function maskName(name) {
  const c = [...String(name || '')]
  if (c.length <= 1) return c.join('')
  if (c.length === 2) return c[0] + '*'
  return c[0] + '*'.repeat(c.length - 2) + c[c.length - 1]
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone) {
  const s = String(phone || '')
  if (s.length < 7) return s.replace(/./g, '*')
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4)
}

/**
 * Who did something, for people: a login as it is; the server's pseudo
 * logins read in Chinese ("system" → 系统, "cli:root" → 命令行（root）).
 */
export function actorText(login, none = '—') {
  if (!login) return none
  if (login === 'system') return '系统自动'
  if (login.startsWith('cli:')) return `命令行（${login.slice(4) || '本机'}）`
  return login
}

/**
 * Who acted, as the server names them: the display string the API gives
 * beside a login ("李丽（市民政局）", "系统自动": login_name, issued_by_name,
 * uploaded_by_name), else actorText(login).
 */
export function actorName(name, login, none = '—') {
  return name || actorText(login, none)
}
