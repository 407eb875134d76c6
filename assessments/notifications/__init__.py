"""Emails: who is told what, and when.

The services call `schedule` once per change (an invitation made, a section assigned, an
assessment submitted, returned or approved, a round launched); it hands the change's ids to a
Celery task in `assessments/tasks.py` after the transaction commits, so nothing is sent for a
change that rolled back. The task asks `compose` for the emails (recipients from
`recipients`, words from `templates/emails/`), and `delivery` sends each once, recording it as
a `SentEmail`. `reminders` finds the organisations to remind of a round's closing date.
"""
