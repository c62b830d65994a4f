"""exitbot settings: the only settings module. Every variation comes from the environment."""

from __future__ import annotations

import datetime
from pathlib import Path

import django_stubs_ext
import environ
import structlog
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from exitbot.logfilters import redact_invite_tokens

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

# The one switch for production: secure cookies, HSTS, SSL redirect, manifest static files,
# JSON logs, and no default for the secret key or the host names (docs/operations.md).
DJANGO_ENV = env("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env.bool("DJANGO_DEBUG", default=False) and not PRODUCTION
# A fresh checkout runs with no environment at all, so there is a default; its
# "django-insecure-" prefix makes `manage.py check --deploy` fail loudly until it is set.
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="django-insecure-exitbot-dev-only-set-DJANGO_SECRET_KEY"
)
if PRODUCTION and (
    SECRET_KEY.startswith("django-insecure-") or len(set(SECRET_KEY)) < 5 or len(SECRET_KEY) < 50
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters when "
        "DJANGO_ENV=production (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = (
    env.list("DJANGO_ALLOWED_HOSTS")
    if PRODUCTION
    else env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "testserver"])
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_prometheus",
    "django_structlog",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "import_export",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "audit",
    "interviews",
    "integrations",
    "analytics",
    "feedback",
    "rollout",
    "operations",
    "privacy",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "exitbot.middleware.HostileInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Staff pages follow the browser's language; interview pages use their question set's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    "operations.middleware.ApiErrorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Late, so that the 503 it makes of a lost database passes the metrics and the log.
    "exitbot.unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "exitbot.urls"
WSGI_APPLICATION = "exitbot.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "exitbot.context_processors.organisation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Persistent connections: opening one costs more than a whole answer's queries. Each is checked
# before a request reuses it, so a database restart costs no request an error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The statements every employee request runs are prepared once per connection (exitbot/lib/
# rows.py); false behind a pooler that shares server sessions (PgBouncer in transaction mode).
DB_PREPARED_STATEMENTS = env.bool("DB_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every worker process (the invite-guess limit counts across them): the database's
# cache table by default (`migrate` creates it), Redis when CACHE_URL is set. Never locmem.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://exitbot_cache")}
# django-prometheus wraps the database and cache backends to count queries and cache hits.
for _backend in (DATABASES["default"], CACHES["default"]):
    _backend.update(
        {
            key: _backend[key]
            .replace("django.db.backends.", "django_prometheus.db.backends.")
            .replace(
                "django.core.cache.backends.redis.RedisCache",
                "django_prometheus.cache.backends.redis.NativeRedisCache",
            )
            .replace(
                "django.core.cache.backends.locmem.", "django_prometheus.cache.backends.locmem."
            )
            for key in ("ENGINE", "BACKEND")
            if key in _backend
        }
    )

# django-axes first: it refuses a locked-out user and address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "exitbot.backends.PermissionBackend",
]
# Admin login lockout: this many failures for one username from one address lock that pair for
# ADMIN_LOGIN_COOLOFF_MINUTES (unlock early with `manage.py axes_reset_username NAME`).
AXES_FAILURE_LIMIT = env.int("ADMIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("ADMIN_LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "interviews.ratelimit.client_address"
# No banner in every process's output; lockouts are still logged with user and address.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface is translated into each of these (locale/); a question set is written in one.
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "exitbot.lib.staticfiles.ManifestStaticStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Development serves static/ as it is, with or without DJANGO_DEBUG; production serves the
# collected, hashed files only.
WHITENOISE_USE_FINDERS = not PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Outside production the site runs over plain HTTP (runserver), debug pages on or off.
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=PRODUCTION)
# Health probes and the Prometheus scrape speak plain HTTP to the container.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response: nothing from other origins, no inline script
# except one carrying the per-response nonce. The API docs page loosens styles for itself only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="exitbot <hr@example.com>")

# Celery: with no broker configured, tasks run inline in the web process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {
        "task": "interviews.tasks.interview_reminders_send_task",
        "schedule": crontab(hour=9, minute=0),
    },
    "read-comments": {
        "task": "analytics.tasks.comments_nightly_task",
        "schedule": crontab(hour=2, minute=0),
    },
    "compute-question-stats": {
        "task": "analytics.tasks.question_stats_compute_task",
        "schedule": crontab(hour=1, minute=30),
    },
    "send-due-invites": {
        "task": "interviews.tasks.interviews_invite_due_task",
        "schedule": crontab(hour=7, minute=0),
    },
    "deliver-webhooks": {
        "task": "interviews.tasks.webhooks_deliver_due_task",
        "schedule": crontab(minute="*"),
    },
    "purge-expired": {
        "task": "privacy.tasks.expired_purge_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "expire-interviews": {
        "task": "interviews.tasks.interviews_expire_due_task",
        "schedule": crontab(hour=0, minute=15),
    },
}

# Product settings
ORGANISATION_NAME = env("ORGANISATION_NAME", default="Example Ltd")
HR_CONTACT_EMAIL = env("HR_CONTACT_EMAIL", default="hr@example.com")
INTERVIEW_VALID_DAYS = env.int("INTERVIEW_VALID_DAYS", default=21)
REMINDER_DAYS = env.int("REMINDER_DAYS", default=3)
# Finished interviews, their answers and events are deleted this many days after they ended.
RETENTION_DAYS = env.int("RETENTION_DAYS", default=730)
# After completing, the employee may re-read the answers for this long, in the same browser only.
INTERVIEW_REVIEW_HOURS = env.int("INTERVIEW_REVIEW_HOURS", default=24)
ANSWER_MAX_LENGTH = env.int("ANSWER_MAX_LENGTH", default=5000)
INVITE_TOKEN_GUESS_LIMIT = env.int("INVITE_TOKEN_GUESS_LIMIT", default=20)
INVITE_TOKEN_GUESS_WINDOW = env.int("INVITE_TOKEN_GUESS_WINDOW", default=600)
# Proxies in front of the app that append to X-Forwarded-For; 0 means use REMOTE_ADDR.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# LLM mode: any OpenAI-compatible chat-completions endpoint (see docs/llm.md). With no base URL
# or no model, no interview is put in LLM mode.
LLM_BASE_URL = env("LLM_BASE_URL", default="").rstrip("/")
LLM_MODEL = env("LLM_MODEL", default="")
LLM_API_KEY = env("LLM_API_KEY", default="")
# Seconds the employee may wait for the model before the next predefined question is shown.
LLM_TIMEOUT = env.float("LLM_TIMEOUT", default=4.0)
# After this many calls in a row time out or fail, each process stops asking the model for
# LLM_PAUSE_SECONDS (answers get the next predefined question at once), then tries once again.
LLM_PAUSE_AFTER_FAILURES = env.int("LLM_PAUSE_AFTER_FAILURES", default=5)
LLM_PAUSE_SECONDS = env.float("LLM_PAUSE_SECONDS", default=30.0)

# Analytics: no breakdown for a group under ANONYMITY_MIN_GROUP interviews, no free-text
# comment for one under ANONYMITY_MIN_GROUP_COMMENTS; neither can go below 3.
ANONYMITY_MIN_GROUP = max(3, env.int("ANONYMITY_MIN_GROUP", default=5))
ANONYMITY_MIN_GROUP_COMMENTS = max(3, env.int("ANONYMITY_MIN_GROUP_COMMENTS", default=10))
# The predefined vs LLM comparison says "not enough data" below this many interviews per mode.
COMPARISON_MIN_SAMPLE = env.int("COMPARISON_MIN_SAMPLE", default=20)
# A question whose answers are empty more often than this, or that loses more than this share
# of interviews, is flagged as weak.
WEAK_NON_EMPTY_RATE = env.float("WEAK_NON_EMPTY_RATE", default=0.6)
WEAK_DROP_OFF_RATE = env.float("WEAK_DROP_OFF_RATE", default=0.1)
# Themes and sensitive comments: the classifiers built by `manage.py build_theme_model`
# (trained from analytics/corpus at first use when the file is missing).
THEME_MODEL_PATH = env.str("THEME_MODEL_PATH", default=str(BASE_DIR / "var" / "theme_model.npz"))

# Rollout: success criteria need at least this many interviews (or answers) per mode.
ROLLOUT_MIN_SAMPLE = env.int("ROLLOUT_MIN_SAMPLE", default=20)
# Rollout: the HR satisfaction criterion is judged from this many survey responses on.
ROLLOUT_MIN_HR_RESPONSES = env.int("ROLLOUT_MIN_HR_RESPONSES", default=5)

# The HR-system API (/api/v1/): token auth for systems, session auth for staff in the browser.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "interviews.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["interviews.api.permissions.ModelPermission"],
    "DEFAULT_PARSER_CLASSES": ["interviews.api.parsers.SafeJSONParser"],
    # JSON only: no browsable HTML rendering of answers (nor its inline script under the CSP).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "interviews.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "interviews.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"writes": env("API_WRITE_RATE", default="600/minute")},
    # 0: the client is REMOTE_ADDR; DRF would trust the whole X-Forwarded-For with None.
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "exitbot API",
    "DESCRIPTION": "Create exit interviews, push leavers, answer, and read reports and exports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["interviews.api.permissions.HasSomeApiPermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "InterviewStatusEnum": "interviews.models.Interview.Status",
        "LeaverStatusEnum": ["created", "updated", "error"],
    },
}
API_LEAVERS_MAX = 1000
# The nightly job invites each leaver this many days before the exit date; the interview
# is due (and expires) this many days after it.
INVITE_DAYS_BEFORE_EXIT = env.int("INVITE_DAYS_BEFORE_EXIT", default=5)
INTERVIEW_DUE_DAYS_AFTER_EXIT = env.int("INTERVIEW_DUE_DAYS_AFTER_EXIT", default=14)
# Webhooks refuse private, loopback and link-local addresses unless this is set.
WEBHOOK_ALLOW_PRIVATE = env.bool("WEBHOOK_ALLOW_PRIVATE", default=False)
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=5.0)
# Retries wait this many seconds, doubling each time (30 s, 1 min, 2 min, 4 min, 8 min).
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=30)

# Operations (docs/operations.md). /metrics answers only these addresses, or a request with
# "Authorization: Bearer <METRICS_TOKEN>"; everything else gets a 404.
# In production a reverse proxy on the same host would make every visitor look like loopback,
# so no address is allowed by default there: use the token, or list Prometheus's address.
METRICS_ALLOWED_IPS = env.list(
    "METRICS_ALLOWED_IPS", default=[] if PRODUCTION else ["127.0.0.1", "::1"]
)
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# Migration metrics would query the database at start-up; /health/ready checks migrations.
PROMETHEUS_EXPORT_MIGRATIONS = False
# /health/ready fails when the disk holding the metrics (or the project) has less free space.
HEALTH_MIN_FREE_MB = env.int("HEALTH_MIN_FREE_MB", default=100)
PROMETHEUS_MULTIPROC_DIR = env("PROMETHEUS_MULTIPROC_DIR", default="")
if PROMETHEUS_MULTIPROC_DIR:
    # prometheus_client writes there as soon as a metric is defined, in every process
    # (management commands too, whose counts are then summed into /metrics).
    Path(PROMETHEUS_MULTIPROC_DIR).mkdir(parents=True, exist_ok=True)
# A Celery worker serves its own metrics on this port (0: none); see deploy/prometheus.yml.
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)
# pg_dump and pg_restore of the server's major version; searched in PATH and
# /usr/lib/postgresql/*/bin when unset.
PG_BIN_DIR = env("PG_BIN_DIR", default="")
SNAPSHOT_DIR = env("SNAPSHOT_DIR", default=str(BASE_DIR / "snapshots"))
# validate_deployment fails when the p95 of these calls is slower (milliseconds).
VALIDATION_MESSAGE_P95_MS = env.float("VALIDATION_MESSAGE_P95_MS", default=500)
VALIDATION_CREATION_P95_MS = env.float("VALIDATION_CREATION_P95_MS", default=500)
# Names the release in /health/live; make_env writes predefined-questions-YYYYMMDD.
DEPLOYMENT_ID = env("DEPLOYMENT_ID", default="")
# What `make_env staging` builds a staging env file from (docs/operations.md).
MAKE_ENV_SOURCE = {
    name: env(name, default="")
    for name in ("DB_USER", "DB_PASSWORD", "DB_HOST", "DB_PORT", "DB_NAME", "SITE_URL", "REDIS_URL")
}

# Logs: one JSON object per line in production, readable lines in development. Every line of a
# request (and of the Celery tasks it enqueues) carries its request_id. Invite tokens are
# redacted from every value; client addresses are not logged.
LOG_FORMAT = env("LOG_FORMAT", default="json" if PRODUCTION else "console")
DJANGO_STRUCTLOG_CELERY_ENABLED = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the worker logs through LOGGING below, as JSON too
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False
_LOG_CHAIN: list[structlog.typing.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    redact_invite_tokens,
]
structlog.configure(
    processors=[
        structlog.stdlib.filter_by_level,
        *_LOG_CHAIN,
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.dict_tracebacks,
                structlog.processors.JSONRenderer(),
            ],
            "foreign_pre_chain": _LOG_CHAIN,
        },
        "console": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.dev.ConsoleRenderer(colors=False),
            ],
            "foreign_pre_chain": _LOG_CHAIN,
        },
    },
    "filters": {"redact_tokens": {"()": "exitbot.logfilters.RedactInviteTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["redact_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers print unformatted and unredacted lines; use ours only.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"level": "WARNING"},
        # httpx logs every LLM request at INFO; failures are logged by the engine instead.
        "httpx": {"level": "WARNING"},
    },
}
