// Waymark's only entry point: start the NHS.UK frontend components.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'
import './questionnaire.mjs'

initAll()
