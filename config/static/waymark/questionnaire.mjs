// The questionnaire with htmx: answers save as they are chosen (see views/questionnaire.py).
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'

// A refused save comes back as 400 (an error) or 409 (a conflict) with the question's block to
// show in place: htmx would otherwise drop any response that is not a 2xx.
document.addEventListener('htmx:beforeSwap', (event) => {
  const status = event.detail.xhr.status
  if (status === 400 || status === 409) {
    event.detail.shouldSwap = true
    event.detail.isError = false
  }
})

// Content htmx swaps in (a question's block) needs its NHS.UK components started, such as the
// conditional reveal of "Not applicable", and a conflict or an error takes the focus.
document.addEventListener('htmx:load', (event) => {
  const element = event.detail.elt
  if (!(element instanceof Element) || element === document.body) return
  if (element.querySelector('[data-module]')) initAll({ scope: element })
  if (!element.classList.contains('waymark-answer')) return
  // A question's block came back: focus the conflict or the first error, else the answer, so
  // that the focus is never lost with the button that was pressed.
  const focus = element.querySelector('[data-waymark-focus]') ||
    element.querySelector('.nhsuk-form-group--error :is(input, select, textarea)') ||
    element.querySelector('input[type="radio"]:checked') ||
    element.querySelector('input[type="radio"]')
  if (focus) {
    const focusable = focus.matches('input, select, textarea, button, a[href]')
    if (!focusable && !focus.hasAttribute('tabindex')) focus.setAttribute('tabindex', '-1')
    focus.focus()
  }
})

// A save that never reached the server, or that failed there, must not look saved.
function notSaved(event) {
  const form = event.detail.elt instanceof Element ? event.detail.elt.closest('form') : null
  const status = form ? form.querySelector('[role="status"]') : null
  const code = event.detail.xhr ? event.detail.xhr.status : 0
  if (status) {
    status.textContent = code === 401 || code === 403
      ? 'Not saved: you may have been signed out. Reload the page to sign in again.'
      : 'Not saved: check your connection, then choose your answer again.'
    status.classList.add('waymark-save-status--failed')
  }
}
document.addEventListener('htmx:sendError', notSaved)
document.addEventListener('htmx:responseError', (event) => {
  const status = event.detail.xhr.status
  if (status !== 400 && status !== 409) notSaved(event)
})
document.addEventListener('htmx:afterRequest', (event) => {
  if (event.detail.successful) {
    const form = event.detail.elt instanceof Element ? event.detail.elt.closest('form') : null
    const status = form ? form.querySelector('.waymark-save-status--failed') : null
    if (status) status.classList.remove('waymark-save-status--failed')
  }
})
