"""Production: secrets have no default, and every boolean defaults to the secure value."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_required
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
