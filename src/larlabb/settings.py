"""Settings for Lärlabb, read top to bottom.

Every deploy-time knob comes from an environment variable. With none set, Lärlabb runs on an
embedded SQLite database and an in-memory channel layer, with a development secret generated into
the data folder. With ``DEBUG`` off (production) it refuses to start without ``SECRET_KEY``.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("LARLABB_DATA_DIR", PROJECT_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG")


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for development)."
        )
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "csp",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    "larlabb.core",
    "larlabb.service",
    "larlabb.audit",
    "larlabb.accounts",
    "larlabb.actors",
    "larlabb.labs",
    "larlabb.registrations",
    "larlabb.synergies",
    "larlabb.missions",
    "larlabb.live",
    "larlabb.outcomes",
    "larlabb.privacy",
    "larlabb.transfer",
    # The site above the apps: the demo, the reminder tick, the loading commands.
    "larlabb",
    # After our apps, so that our templates override allauth's.
    "allauth",
    "allauth.account",
    # Django's form templates, after ours (core/templates/django/forms/): see FORM_RENDERER.
    "django.forms",
]

MIDDLEWARE = [
    # The request id of the log lines, and /healthz, /readyz and /metrics before the host check.
    "larlabb.service.middleware.ServiceMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "larlabb.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Pages and exports with personal data are never kept by a browser or a proxy.
    "larlabb.privacy.middleware.NoStoreMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "larlabb.urls"
ASGI_APPLICATION = "larlabb.asgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "larlabb.core.context_processors.site",
            ],
        },
    }
]

# Forms are written with the project's templates, so that core's form and field templates
# (the required mark, the error summary) replace Django's for every form.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Data -----------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'larlabb.sqlite3'}"
    )
}
DATABASE_POOL_MAX = int(os.environ.get("DATABASE_POOL_MAX", "0"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_POOL_MAX:
    # A pool of connections per server process (psycopg's), when the operator asks for one:
    # each operation takes a connection from it and gives it back. Measured with
    # bench/live_load.py (150 clients, 2 processes), it answered a room's operations slower
    # than one connection kept per process (submit p95 about 460-660 ms against 190-250 ms):
    # Lärlabb does its database work in one thread per process, so there is nothing to share.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN", "1")),
            "max_size": DATABASE_POOL_MAX,
            "timeout": 10,
        }
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One connection per server process, kept for a minute: opening one for each of a full
    # room's operations was the largest cost in bench/live_load.py.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
else:
    # SQLite keeps its connection for a minute: reopening one for each of a full room's
    # operations made the embedded default 40 times slower (bench/live_load.py). WAL lets
    # readers work beside one writer; IMMEDIATE takes the write lock when a transaction
    # starts, so two transactions never race on the same rows.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis publish/subscribe: one message per group and server process, not per screen, so a
    # room of 150 screens over several processes keeps up.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "larlabb.core.channels.RoomInMemoryChannelLayer"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

# Background work (emails, reminders, reports) goes through a persistent queue in the database;
# `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
# Submitted files (assignments) and built reports: outside the web root, served only by views
# that check who asks.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", DATA_DIR / "private"))
SUBMISSION_MAX_BYTES = int(os.environ.get("SUBMISSION_MAX_MB", "20")) * 1024 * 1024

# --- Email ----------------------------------------------------------------------------------

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lärlabb <noreply@larlabb.se>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Days a colleague has to confirm a registration made for them; then the place goes to the next
# in line (the hourly tick).
REGISTRATION_PENDING_DAYS = int(os.environ.get("REGISTRATION_PENDING_DAYS", "7"))

# --- Accounts (django-allauth) --------------------------------------------------------------

AUTHENTICATION_BACKENDS = ["larlabb.accounts.backends.EmailBackend"]
LOGIN_URL = "account_request_login_code"
LOGIN_REDIRECT_URL = "landing"
ACCOUNT_ADAPTER = "larlabb.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# The door is a code by email for everyone; a new address gets a participant's account there
# (accounts.views.CodeDoor), so there is no sign-up page. Organisers and facilitators may log
# in with a password instead, one link away. (allauth reads a sign-up without a password field
# as a passwordless site and then asks a code after every password login: keep the field.)
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Lärlabb: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"

# Login limits, counted per email address and per client address. Behind a reverse proxy every
# request comes from the proxy: TRUSTED_PROXY_COUNT is the number of proxies of one's own in
# front of Lärlabb (the client is that many entries from the end of X-Forwarded-For; 0, the
# default, takes the connection's address), or TRUSTED_CLIENT_IP_HEADER names a header the
# proxy sets to the client's address (X-Real-IP). Never set them without such a proxy: a
# client could then write its own address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None
# A room of 150 behind one public address logs in within a minute; guessing stays limited per
# email address, whatever the client address: 10 login codes a minute and 60 an hour, each
# tried at most ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS times, so at most 30 guesses a minute and
# 180 an hour at a code of 8 letters out of 20 (20^8, some 26 billion codes): about one chance
# in 16,000 a year per address. One client address asks at most 3 codes a minute and 20 an
# hour for one email address, so that no single client keeps an address's owner out
# (accounts.limits). The admin's login counts failures as allauth's login does.
ACCOUNT_RATE_LIMITS = {
    "request_login_code": "300/m/ip,1000/h/ip,10/m/key,60/h/key",
    "request_login_code_from": "3/m/key,20/h/key",
    "login": "60/m/ip",
    "login_failed": "20/m/ip,5/5m/key",
    "admin_login_failed": "20/m/ip,5/5m/key",
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Personal data (GDPR) -------------------------------------------------------------------

# How long Lärlabb keeps what it holds about people (the privacy notice states these figures;
# `manage.py purge_personal_data` and the hourly tick apply them). Sent emails are emptied in
# the outbox PRIVACY_EMAIL_RETENTION_DAYS after they were sent; a lab's registrations, dietary
# needs, attendance and live-room guests are anonymised PRIVACY_LAB_RETENTION_MONTHS after its
# last workshop, keeping the counts the reports use.
PRIVACY_EMAIL_RETENTION_DAYS = int(os.environ.get("PRIVACY_EMAIL_RETENTION_DAYS", "30"))
PRIVACY_LAB_RETENTION_MONTHS = int(os.environ.get("PRIVACY_LAB_RETENTION_MONTHS", "12"))

# --- Language and time ----------------------------------------------------------------------

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# The language organisers and participants write in (titles, invitations, notes): marked with
# lang on the pages of another interface language (core/templatetags/language.py).
CONTENT_LANGUAGE = os.environ.get("CONTENT_LANGUAGE", "sv")
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "build" / "collected"
STATICFILES_DIRS = [PROJECT_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise's compressed, hashed files; imports between ES modules point at the hashes.
    "staticfiles": {"BACKEND": "larlabb.core.storage.StaticFilesStorage"},
}

# --- Security -------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Running the service: health, metrics, errors, logs ---------------------------------------

# /readyz: a task worker (manage.py run_worker) writes a heartbeat every WORKER_HEARTBEAT_SECONDS
# and counts as gone after WORKER_HEARTBEAT_MAX_AGE; an unsent email older than OUTBOX_MAX_AGE
# (seconds) makes the service not ready.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", "30"))
WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", "120"))
OUTBOX_MAX_AGE = int(os.environ.get("OUTBOX_MAX_AGE", "900"))

# /metrics answers a request bearing METRICS_TOKEN ("Authorization: Bearer …") or from an
# address in METRICS_ALLOWED_IPS (addresses or networks, comma-separated; behind the proxies
# TRUSTED_PROXY_COUNT trusts); anyone else gets 403. Several server processes add up their
# metrics when PROMETHEUS_MULTIPROC_DIR names a folder they share, emptied at each start.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # prometheus-client writes each process's figures there from the first metric on: a
    # manage.py command run before the service's units made the folder must not fail.
    Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)
METRICS_ALLOWED_IPS = [
    ipaddress.ip_network(item, strict=False) for item in env_list("METRICS_ALLOWED_IPS", [])
]

# Unhandled errors and failed tasks go to Sentry (or a compatible server) when SENTRY_DSN is
# set, without personal data (larlabb/service/errors.py).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
SENTRY_RELEASE = os.environ.get("SENTRY_RELEASE", "")

# LOG_FORMAT=json writes each log line as a JSON object; every line of a request carries its id
# (the proxy's X-Request-ID, or a new one, sent back in the response).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT is text or json.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "larlabb.service.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
