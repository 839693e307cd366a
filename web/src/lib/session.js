// The signed-in user (ME from GET /api/v1/me), kept in memory only.
import { reactive } from 'vue'
import { api, setCsrfToken } from './api.js'

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

export async function signIn(username, password) {
  const r = await api('/api/v1/session', {
    method: 'POST',
    body: { username, password },
    silent: true,
    noRedirect: true,
  })
  setMe(r.user, r.csrf_token)
  return r.user
}

export async function signOut() {
  try {
    await api('/api/v1/session', { method: 'DELETE', silent: true, noRedirect: true })
  } catch {
    /* signed out either way */
  }
  clearSession()
}
