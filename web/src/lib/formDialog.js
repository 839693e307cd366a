// The last step of a form in a dialog (ActionDialog, ChildForm,
// CaseIntakeForm, GuidanceOrderForm): send it with the save button busy;
// when the server takes it, close the dialog (v-model) and emit `event`
// with the answer; when not, hand the error to the form.

/**
 * sendForm({ busy, emit, event, send, onError }): resolves when done.
 *   busy:    the ref the save button's loading shows
 *   send():  the request (a promise of the answer)
 *   onError(e): shows a refusal (field messages, the alert)
 */
export async function sendForm({ busy, emit, event, send, onError }) {
  busy.value = true
  try {
    const r = await send()
    emit('update:modelValue', false)
    emit(event, r)
  } catch (e) {
    onError(e)
  } finally {
    busy.value = false
  }
}

/** Empties a form's field messages (a reactive object: field → message). */
export function clearFieldErrors(fieldErr) {
  for (const k of Object.keys(fieldErr)) delete fieldErr[k]
}
