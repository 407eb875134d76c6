"""Settings for `make run` on a developer's machine: SQLite and eager tasks unless told otherwise.

DEBUG is off unless asked for (`DEBUG=true make run`), so that `make run` shows the product's own
404, 403 and 500 pages rather than Django's debug pages with their list of every URL.
"""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", False)
# Whitenoise serves the static files straight from the finders (no collectstatic), with DEBUG on
# or off, and picks up a changed file without a restart.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Emails are printed where `make run` runs, never sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
