"""Production settings as the load and fault tests run them: real gunicorn processes, workers,
PostgreSQL and Redis on 127.0.0.1, spoken to over plain HTTP. Only what plain HTTP on a test
machine needs differs from `config.settings.production`: no redirect to HTTPS, cookies sent over
HTTP, static files served from the finders (no collectstatic run first), and emails kept in memory
(no mail server here)."""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
