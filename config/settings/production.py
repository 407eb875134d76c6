"""Production: secrets have no default, and every boolean defaults to the secure value."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_from_address, env_int, env_port, env_required, env_site_url, env_str
from .storage import default_storage

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
# Background work (PDFs) goes to a Celery worker, never runs eagerly inside a web request.
CELERY_BROKER_URL = env_required(
    "CELERY_BROKER_URL",
    "Point it at the Celery broker, e.g. redis://127.0.0.1:6379/0, and run a worker: "
    "production never runs background tasks inside the web process.",
)
CELERY_TASK_ALWAYS_EAGER = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": default_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Links in emails must lead to the real site, over https.
env_required("SITE_URL", "The site's address, for the links in emails.")
SITE_URL = env_site_url("SITE_URL", "", https=True)
# Email through SMTP: the host and the sender have no default; TLS (STARTTLS) unless told
# otherwise, or implicit TLS with EMAIL_USE_SSL (not both).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_required("EMAIL_HOST", "The SMTP server emails are sent through.")
EMAIL_PORT = env_port("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: use one (TLS on port 587, "
        "SSL on port 465)."
    )
if EMAIL_HOST_USER and not EMAIL_HOST_PASSWORD:
    raise ImproperlyConfigured("EMAIL_HOST_USER is set: set EMAIL_HOST_PASSWORD too.")
env_required("DEFAULT_FROM_EMAIL", "The address emails are sent from.")
DEFAULT_FROM_EMAIL = env_from_address("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
