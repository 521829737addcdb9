"""Settings for the academy tracker, read from the environment.

Every setting has a documented default that gives the embedded first run (SQLite file, tasks
in-process, e-mail to the console). Production hardening switches on whenever DEBUG is off outside
the test suite, so that ``manage.py check --deploy`` is clean with a production environment.
"""

from __future__ import annotations

import sys
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# ---------------------------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------------------------
TESTING = "pytest" in sys.modules
DEBUG = env.bool("DEBUG", default=False)
PRODUCTION = not DEBUG and not TESTING

# Used only when SECRET_KEY is unset: the deploy check and the WSGI/worker start refuse it.
INSECURE_DEVELOPMENT_KEY = "django-insecure-academy-tracker-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEVELOPMENT_KEY)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

SERVICE_NAME = env.str("SERVICE_NAME", default="Academy tracker")
ACADEMY_NAME = env.str("ACADEMY_NAME", default="Adult Social Care Social Work Academy")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules",
    "academy.common",
    "academy.people",
    "academy.notifications",
    "academy.pathways",
    "academy.training",
    "academy.audits",
    "academy.reports",
    "academy.demo",
    "api",
    "web",
    "workers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.service",
            ],
        },
    },
]

# ---------------------------------------------------------------------------------------------
# Database: a SQLite file unless DATABASE_URL names another (PostgreSQL in production)
# ---------------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'academy.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions and WAL let the web process and in-process tasks write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://academy")}

# ---------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
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
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:sign-in"
# A welcome link to set a first password stays valid this long (seconds).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=7 * 24 * 3600)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=9 * 3600)
# An API token stops working this long after it was issued (hours); signing in again then
# issues a new one.
API_TOKEN_LIFETIME_HOURS = env.int("API_TOKEN_LIFETIME_HOURS", default=30 * 24)

# ---------------------------------------------------------------------------------------------
# Time and language: store UTC, show Europe/London
# ---------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------------------------
# Static files: GOV.UK Frontend compiled by `npm run build` into web/static/build, served by
# whitenoise (hashed, compressed names in production)
# ---------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
# collectstatic gathers files here for production; in development whitenoise finds them in place.
STATIC_ROOT = (
    env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles") if PRODUCTION else None
)
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
AXE_CORE_PATH = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"

# ---------------------------------------------------------------------------------------------
# E-mail: console unless EMAIL_URL says otherwise (smtp://user:pass@host:587/?tls=True)
# ---------------------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Academy tracker <academy@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# ---------------------------------------------------------------------------------------------
# The outbox: how the dispatcher claims, retries and gives up
# ---------------------------------------------------------------------------------------------
NOTIFICATIONS = {
    "BATCH_SIZE": env.int("NOTIFICATIONS_BATCH_SIZE", default=100),
    "MAX_BATCHES_PER_RUN": env.int("NOTIFICATIONS_MAX_BATCHES_PER_RUN", default=50),
    "MAX_ATTEMPTS": env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5),
    "BACKOFF_SECONDS": env.int("NOTIFICATIONS_BACKOFF_SECONDS", default=60),
    "BACKOFF_MAX_SECONDS": env.int("NOTIFICATIONS_BACKOFF_MAX_SECONDS", default=6 * 3600),
    # A row claimed this long ago and still "sending" belonged to a worker that died.
    "CLAIM_TIMEOUT_SECONDS": env.int("NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS", default=600),
}

# ---------------------------------------------------------------------------------------------
# Training: defaults from DOMAIN.md (a course can set its own late-cancellation cut-off)
# ---------------------------------------------------------------------------------------------
TRAINING = {
    "EXPIRING_DAYS": env.int("TRAINING_EXPIRING_DAYS", default=90),
    "EXPIRY_REMINDER_DAYS": env.list(
        "TRAINING_EXPIRY_REMINDER_DAYS", cast=int, default=[90, 30, 7, 0]
    ),
    "SESSION_REMINDER_DAYS": env.list("TRAINING_SESSION_REMINDER_DAYS", cast=int, default=[7, 1]),
    "APPROVAL_CHASE_DAYS": env.int("TRAINING_APPROVAL_CHASE_DAYS", default=3),
    # What a new course's refresh interval is set to until a coordinator changes it (months).
    "DEFAULT_REFRESH_MONTHS": env.int("TRAINING_DEFAULT_REFRESH_MONTHS", default=36),
    # Social Work England: registration year from 1 Dec, renewal window from 1 Sep, at least two
    # pieces of CPD with at least one peer reflection; weekly reminders through November.
    "CPD_YEAR_STARTS": (12, 1),
    "CPD_RENEWAL_OPENS": (9, 1),
    "CPD_MINIMUM_ENTRIES": env.int("CPD_MINIMUM_ENTRIES", default=2),
    "CPD_MINIMUM_PEER_REFLECTIONS": env.int("CPD_MINIMUM_PEER_REFLECTIONS", default=1),
    "CPD_WEEKLY_REMINDERS_FROM_MONTH": 11,
}

# ---------------------------------------------------------------------------------------------
# Case file audits: the academy's own defaults (no national standard)
# ---------------------------------------------------------------------------------------------
AUDITS = {
    "QUOTA_PER_MANAGER": env.int("AUDITS_QUOTA_PER_MANAGER", default=2),
    "REPEAT_MONTHS": env.int("AUDITS_REPEAT_MONTHS", default=12),
    "MODERATION_SHARE_PERCENT": env.int("AUDITS_MODERATION_SHARE_PERCENT", default=10),
    "CHASE_DAY": env.int("AUDITS_CHASE_DAY", default=20),
    "ACK_CHASE_DAYS": env.int("AUDITS_ACK_CHASE_DAYS", default=7),
    "ACTION_DUE_SOON_DAYS": env.int("AUDITS_ACTION_DUE_SOON_DAYS", default=7),
    # The case-management system's reference: letters then digits, never a name.
    "CASE_REFERENCE_PATTERN": env.str(
        "AUDITS_CASE_REFERENCE_PATTERN", default=r"[A-Z]{0,4}[0-9]{4,10}"
    ),
    "CASE_REFERENCE_HINT": env.str(
        "AUDITS_CASE_REFERENCE_HINT",
        default="Enter the case reference from the case management system, such as CR123456 "
        "(never a name).",
    ),
}

# ---------------------------------------------------------------------------------------------
# Reports: a run with no heartbeat for STALE_SECONDS lost its worker and is queued again, up to
# MAX_ATTEMPTS compiles in all
# ---------------------------------------------------------------------------------------------
REPORTS = {
    "STALE_SECONDS": env.int("REPORTS_STALE_SECONDS", default=10 * 60),
    "MAX_ATTEMPTS": env.int("REPORTS_MAX_ATTEMPTS", default=2),
}

# ---------------------------------------------------------------------------------------------
# Celery: tasks run in-process unless CELERY_BROKER_URL names a broker (Redis)
# ---------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest task, so Redis never redelivers a message still being worked on.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 3600),
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_DEFAULT_QUEUE = "notifications"
CELERY_TASK_ROUTES = {
    "notifications.*": {"queue": "notifications"},
    "pathways.send_reminders": {"queue": "notifications"},
    "pathways.refresh_status": {"queue": "reports"},
    "training.*": {"queue": "notifications"},
    "audits.*": {"queue": "notifications"},
    "reports.*": {"queue": "reports"},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: a request with no credentials gets 401 and "WWW-Authenticate: Token" (with
    # session first, DRF has no challenge to send and answers 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"sign-in": env.str("SIGN_IN_RATE", default="10/minute")},
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Academy tracker API",
    "DESCRIPTION": (
        "The JSON API of the academy tracker. Sign in with a session (browser) or a token: "
        "POST /api/v1/auth/token/ with username and password, then send "
        "`Authorization: Token <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and docs are for signed-in people and token holders, like the rest of the API.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Swagger UI would otherwise send the schema's address to validator.swagger.io for a badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" or a "status"; each choice set gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "academy.people.models.Organisation.Kind",
        "PathwayKindEnum": "academy.pathways.models.PathwayTemplate.Kind",
        "EvidenceKindEnum": "academy.pathways.models.Evidence.Kind",
        "PauseKindEnum": "academy.pathways.models.Pause.Kind",
        "SupervisionKindEnum": "academy.pathways.models.Supervision.Kind",
        "EnrolmentStatusEnum": "academy.pathways.models.Enrolment.Status",
        "OutcomeEnum": "academy.pathways.models.Outcome",
        "PcfLevelEnum": "academy.people.models.PcfLevel",
        # Case file audits
        "AuditStatusEnum": "academy.audits.models.CaseAudit.Status",
        "AuditActionStatusEnum": "academy.audits.models.AuditAction.Status",
        "GradeEnum": "academy.audits.models.Grade",
        "QualityStatementEnum": "academy.common.cqc.QualityStatement",
        # Training
        "BookingStatusEnum": "academy.training.models.BookingStatus",
        "SessionStatusEnum": "academy.training.models.Session.Status",
        "RequirementKindEnum": "academy.training.models.Requirement.Kind",
        # Reports
        "ReportKindEnum": "academy.reports.models.Kind",
        "ReportStatusEnum": "academy.reports.models.ReportRun.Status",
    },
}

# ---------------------------------------------------------------------------------------------
# Logging: one line per event to stdout, for the container platform to collect
# ---------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# ---------------------------------------------------------------------------------------------
# Production hardening (DEBUG off, outside the test suite)
# ---------------------------------------------------------------------------------------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "web.errors.csrf_failure"
