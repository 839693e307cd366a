// Small fetch wrapper for the weibao API (doc/api.md).
//
// - same-origin cookies (the session cookie wb_session is HttpOnly);
// - JSON in and out;
// - the CSRF token (from the sign-in answer or GET /api/v1/me) is kept in
//   memory only and sent as X-CSRF-Token on every request other than GET/HEAD;
// - a 401 (unauthenticated / session_expired) goes to the handler installed by
//   the router, which sends the user to the sign-in page and back afterwards;
// - any other error shows the server's Chinese error.message in an ElMessage
//   (unless the caller passes `silent: true`) and rejects with an ApiError.
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'

export class ApiError extends Error {
  constructor(status, code, message, field, problems) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    // the rows or columns at fault, when the server lists them (a register's
    // import: [{row, column, reason}]; a record: [{column, reason}])
    this.problems = Array.isArray(problems) ? problems : []
  }
}

let csrfToken = null
let unauthorizedHandler = null

export function setCsrfToken(token) {
  csrfToken = token || null
}

export function setUnauthorizedHandler(fn) {
  unauthorizedHandler = fn
}

const statusMessages = {
  400: '提交的内容有误，请检查后重试',
  401: '请先登录',
  403: '没有权限执行此操作',
  404: '请求的内容不存在',
  405: '不支持的操作',
  409: '数据冲突：该记录已存在或已被他人修改',
  413: '提交的内容过大',
  422: '不符合业务规则，请检查后重试',
  429: '尝试次数过多，请稍后再试',
  500: '服务器内部错误，请稍后再试',
  503: '服务暂不可用，请稍后再试',
}

export function defaultMessage(status) {
  return statusMessages[status] || `请求失败（${status}）`
}

/** Turns a filter object into a query string, skipping empty values. */
export function toQuery(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) v.forEach((x) => q.append(k, String(x)))
    else q.append(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

async function errorFrom(res) {
  let body = null
  try {
    body = await res.json()
  } catch {
    /* not JSON (e.g. a proxy's HTML page) */
  }
  const e = (body && body.error) || {}
  const err = new ApiError(res.status, e.code || `http_${res.status}`, e.message || defaultMessage(res.status), e.field, e.problems)
  // the whole answer, for what an error carries beside `error` (an
  // import's `rejected` rows)
  err.body = body
  return err
}

/**
 * api(path, { method, query, body, silent, noRedirect, raw })
 *   silent:     do not show an ElMessage for errors (the caller shows them)
 *   noRedirect: a 401 is returned to the caller instead of going to sign-in
 *   raw:        resolve with the Response (used for downloads)
 *   rawBody:    send this Blob/File/ArrayBuffer as the body as it is (uploads),
 *               with Content-Type `contentType` (instead of JSON `body`)
 * Resolves with the parsed JSON body, or null for 204/empty answers.
 */
export async function api(path, opts = {}) {
  const method = (opts.method || 'GET').toUpperCase()
  const headers = { Accept: 'application/json' }
  const init = { method, headers, credentials: 'same-origin' }
  if (opts.rawBody !== undefined) {
    headers['Content-Type'] = opts.contentType || 'application/octet-stream'
    init.body = opts.rawBody
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(opts.body)
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken

  let res
  try {
    res = await fetch(path + toQuery(opts.query), init)
  } catch {
    const err = new ApiError(0, 'network', '无法连接服务器，请检查网络后重试')
    if (!opts.silent) ElMessage.error(err.message)
    throw err
  }

  if (res.ok) {
    if (opts.raw) return res
    if (res.status === 204) return null
    const text = await res.text()
    return text ? JSON.parse(text) : null
  }

  const err = await errorFrom(res)
  if (res.status === 401 && !opts.noRedirect && unauthorizedHandler) {
    unauthorizedHandler(err)
    throw err
  }
  if (!opts.silent) ElMessage.error(err.message)
  throw err
}

function filenameFrom(res, fallback) {
  const cd = res.headers.get('Content-Disposition') || ''
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(cd)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(cd)
  return plain ? plain[1] : fallback
}

/** Downloads a file (e.g. <list path>/export.xlsx with the list's filters). */
export async function download(path, query, fallbackName) {
  const res = await api(path, { query, raw: true })
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filenameFrom(res, fallbackName)
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}
