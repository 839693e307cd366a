// The signed-in user (ME from GET /api/v1/me), kept in memory only.
import { reactive } from 'vue'
import { api, setCsrfToken } from './api.js'
import { loadMeta } from './meta.js'

export const session = reactive({ me: null })

export function setMe(me, csrf) {
  session.me = me
  setCsrfToken(csrf || (me && me.csrf_token))
}

export function clearSession() {
  session.me = null
  setCsrfToken(null)
}

export function hasPerm(code) {
  return !!(session.me && Array.isArray(session.me.permissions) && session.me.permissions.includes(code))
}

/** A route's meta.perm: one code, or a list of which any one suffices. */
export function hasAnyPerm(perm) {
  if (!perm) return true
  return Array.isArray(perm) ? perm.some(hasPerm) : hasPerm(perm)
}

/** Loads ME; rejects with the ApiError (401 when not signed in). */
export async function loadMe() {
  const me = await api('/api/v1/me', { silent: true, noRedirect: true })
  setMe(me)
  return me
}

/**
 * Signs in; `second` is the second factor when the server asked for one
 * (401 otp_required): { otp: '123456' } or { recovery_code: 'abcde-12345' }.
 */
export async function signIn(username, password, second = {}) {
  const r = await api('/api/v1/session', {
    method: 'POST',
    body: { username, password, ...second },
    silent: true,
    noRedirect: true,
  })
  setMe(r.user, r.csrf_token)
  // the labels of every code, fetched while the first page loads (the
  // router waits for them before it shows a page)
  loadMeta().catch(() => {})
  return r.user
}

/** True when the user must set up two-factor sign-in before anything else. */
export function mustSetUpTotp() {
  const t = session.me && session.me.totp
  return !!(t && t.required && !t.enabled)
}

export async function signOut() {
  try {
    await api('/api/v1/session', { method: 'DELETE', silent: true, noRedirect: true })
  } catch {
    /* signed out either way */
  }
  clearSession()
}
