"""Settings shared by every environment. Everything that varies comes from the environment."""

import re
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import (
    env_bool,
    env_from_address,
    env_int,
    env_list,
    env_site_url,
    env_str,
    env_time_limits,
)
from .storage import default_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-local-only-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "axes",
    "csp",
    "config",
    "frameworks",
    "assessments",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A person's roles read once per request, however often the policy is asked.
    "assessments.middleware.GrantsPerRequest",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A DomainError that a view does not catch becomes its error page (config/errors.py).
    "config.middleware.DomainErrorMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        # Our pages: Jinja2 with the NHS.UK frontend macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "config.jinja2.csrf_once",
            ],
        },
    },
    {
        # Django's own templates: the admin and the DRF browsable API.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is checked before each request reuses it, so the app recovers by
        # itself after the database restarts.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "start"

# Login throttling: lock the (username, IP) pair, never a whole shared trust IP.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Axes renders a lockout template with whichever engine finds it first and without our context;
# this callable renders auth/locked_out.jinja through the layout, with the cool-off in minutes.
AXES_LOCKOUT_CALLABLE = "config.views.locked_out"
# Not verbose: no "AXES: BEGIN ..." line each time a process starts, and lockout log lines name
# only what the lock is on (username, IP address), not the browser's user agent.
AXES_VERBOSE = False
# Whose address a request is (config/client_address.py): REMOTE_ADDR unless Waymark runs behind
# reverse proxies, and then the entry the outermost trusted proxy added to X-Forwarded-For,
# never one the browser wrote. Axes locks on it; config/throttling.py counts failures by it.
WAYMARK_TRUSTED_PROXY_COUNT = env_int("WAYMARK_TRUSTED_PROXY_COUNT", 0, minimum=0)
WAYMARK_CLIENT_IP_HEADER = "HTTP_" + (
    env_str("WAYMARK_CLIENT_IP_HEADER", "X-Forwarded-For").upper().replace("-", "_")
)
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"
# Password spraying (one password tried at many accounts from one address): past this many
# failed sign-ins from an address in a window, sign-in from it pauses until the window ends.
WAYMARK_SIGN_IN_FAILURES_PER_ADDRESS = env_int(
    "WAYMARK_SIGN_IN_FAILURES_PER_ADDRESS", 50, minimum=1
)
WAYMARK_SIGN_IN_ADDRESS_WINDOW_MINUTES = env_int(
    "WAYMARK_SIGN_IN_ADDRESS_WINDOW_MINUTES", 15, minimum=1
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("plotly", BASE_DIR / "node_modules" / "plotly.js-strict-dist-min"),
]
# Evidence, kept uploads and documents: a local folder, or an S3-compatible bucket when
# WAYMARK_S3_BUCKET is set (settings/storage.py).
STORAGES = {
    "default": default_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# The total of evidence files one assessment, and one organisation across all its assessments,
# may hold (each file is at most 10 MB: assessments/evidence_files.py).
WAYMARK_EVIDENCE_MAX_BYTES_PER_ASSESSMENT = (
    env_int("WAYMARK_EVIDENCE_MB_PER_ASSESSMENT", 200, minimum=1) * 1024 * 1024
)
WAYMARK_EVIDENCE_MAX_BYTES_PER_ORGANISATION = (
    env_int("WAYMARK_EVIDENCE_MB_PER_ORGANISATION", 1024, minimum=1) * 1024 * 1024
)

# Content security policy: no inline script or style of our own; the NHS.UK template's one
# inline line (it marks the body as JavaScript-enabled) carries the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        # The NHS.UK stylesheet takes the Frutiger web font from the NHS's own asset host.
        "font-src": [SELF, "data:", "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

# One cache shared by every process when Redis is there (Django's own backend on redis-py),
# otherwise each process keeps its own in memory. While Redis cannot be reached, the cache keeps
# nothing and pages compute what they would have read from it (config/cache.py): a second to
# connect and two to answer at most, then Redis is left alone for PAUSE_SECONDS.
REDIS_URL = env_str("REDIS_URL", "") or None
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "waymark",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2, "PAUSE_SECONDS": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker, tasks run eagerly in-process through the same code path (not in
# production, which refuses to start without a broker: see production.py).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
# A task past its soft limit gets SoftTimeLimitExceeded and can clean up; at the hard limit the
# worker kills the process running it and the task fails. (A worker applies them; eager runs don't.)
CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT = env_time_limits(
    "CELERY_TASK_SOFT_TIME_LIMIT", 240, "CELERY_TASK_TIME_LIMIT", 300
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A message taken by a worker that then died (killed, its machine lost) goes back to the queue
# once this many seconds have passed unacknowledged: longer than any task may run. Workers look
# for such messages every 10 seconds (kombu's default looks every 100).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int(
        "CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 60, minimum=CELERY_TASK_TIME_LIMIT + 1
    ),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_SERIALIZER = "json"
# Imported by a worker as it starts, before forking its pool: WeasyPrint (seconds of CPU), which
# web processes never import.
CELERY_IMPORTS = ["reports.documents.pdf"]
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# `celery -A config beat` (make beat) asks for the closing-date reminders every morning; the
# `send_reminders` command does the same, and a day's reminders are sent once whichever runs.
# Every minute it sends again the documents kept waiting while the broker was away
# (reports/tasks.py).
CELERY_BEAT_SCHEDULE = {
    "closing-date-reminders": {
        "task": "assessments.send_reminders_due",
        "schedule": crontab(hour=env_int("REMINDER_HOUR", 8, minimum=0), minute=0),
    },
    "redispatch-waiting-reports": {"task": "reports.redispatch_waiting", "schedule": 60.0},
}

# Email (assessments/notifications/): sent by Celery after the change commits. Links in emails
# start with SITE_URL. Local settings print emails to the console, the tests keep them in
# memory, production sends them through SMTP (production.py).
SITE_URL = env_site_url("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_from_address("DEFAULT_FROM_EMAIL", "Waymark <waymark@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
# Days before a round's closing date on which organisations that have not submitted are reminded.
WAYMARK_REMINDER_DAYS = (14, 7, 1)

# The API (/api/v1/, README "The API"): tokens first, so that a request without credentials is
# answered 401 with `WWW-Authenticate: Bearer`; the browser's session second.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "assessments.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["assessments.api.permissions.TokenScope"],
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["config.api.throttling.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("API_RATE_TOKEN", "1200/hour"),
        "user": env_str("API_RATE_USER", "1200/hour"),
        "anon": env_str("API_RATE_ANON", "120/hour"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "config.api.negotiation.FormatNegotiation",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
for _kind, _rate in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].items():
    if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day|s|m|h|d)", _rate or ""):
        raise ImproperlyConfigured(
            f"Unexpected value API_RATE_{_kind.upper()}={_rate!r}: use e.g. '600/hour'."
        )
SPECTACULAR_SETTINGS = {
    "TITLE": "Waymark API",
    "DESCRIPTION": (
        "Read and write what Waymark's pages do, under the same access rules. Authenticate "
        "with a personal API token (`Authorization: Bearer <token>`, made at /my/api-tokens/) "
        "or the browser's session. Errors are problem details (application/problem+json)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "assessments.models.Assessment.Status",
        "FrameworkVersionStatusEnum": "frameworks.models.FrameworkVersion.Status",
        "EvidenceKindEnum": "assessments.models.Evidence.Kind",
        "ReportKindEnum": "reports.documents.models.Kind",
        "ReportStatusEnum": "reports.documents.models.Report.Status",
        "PlanVersionStatusEnum": "reports.plans.models.PlanVersion.Status",
        "PlanActionStatusEnum": "reports.plans.models.PlanAction.Status",
        "PlanActionDecisionEnum": "reports.plans.models.PlanAction.Decision",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.schema.add_problem_responses",
    ],
}
# How long a token's "last used" may lag, in seconds (to spare a write on every request).
API_TOKEN_LAST_USED_EVERY = 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports each step of each page at INFO: only its warnings matter.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

WAYMARK_SERVICE_NAME = "Waymark"
