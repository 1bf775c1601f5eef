"""Settings of the hub, read from typed environment variables (healthchecks' way).

SQLite in ``PALERMO_HOME`` by default (embedded, zero set-up); ``DB=postgres`` or
``DATABASE_URL=postgres://...`` switches to PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envsecret(name: str, default: str = "") -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


BASE_DIR = Path(__file__).resolve().parent
PALERMO_HOME = Path(os.environ.get("PALERMO_HOME", "palermo-data")).resolve()

DEBUG = envbool("PALERMO_WEB_DEBUG", "0")
SECRET_KEY = envsecret("PALERMO_SECRET_KEY") or "insecure-development-key-change-me"
ALLOWED_HOSTS = os.environ.get(
    "PALERMO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver"
).split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "palermo_web.organisations",
    "palermo_web.submissions",
    "palermo_web.audit",
    "palermo_web.accounts",
    "palermo_web.portal",
    "palermo_web.runs",
    "palermo_web.dashboard",
    "palermo_web.cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "palermo_web.accounts.middleware.SessionLifetimeMiddleware",
    "palermo_web.accounts.middleware.RequireTwoFactorMiddleware",
    "palermo_web.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "palermo_web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "palermo_web.context.hub",
            ]
        },
    }
]
WSGI_APPLICATION = "palermo_web.wsgi.application"

# Rendered page parts (palermo_web.fragments), per process, keyed on what they show.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "palermo-fragments",
        "TIMEOUT": envint("PALERMO_FRAGMENT_SECONDS", "3600"),
        "OPTIONS": {"MAX_ENTRIES": envint("PALERMO_FRAGMENT_ENTRIES", "2000")},
    },
}


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "")
    if os.environ.get("DB") == "postgres" and not url:
        url = "postgres://postgres@127.0.0.1:5432/palermo"
    if url.startswith(("postgres://", "postgresql://")):
        parsed = urlparse(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/") or "palermo",
            "USER": parsed.username or "postgres",
            "PASSWORD": parsed.password or "",
            "HOST": parsed.hostname or "127.0.0.1",
            "PORT": str(parsed.port or 5432),
            "ATOMIC_REQUESTS": False,
            # Each request thread keeps its connection for a while instead of paying a
            # connection and authentication per request; a dropped one is noticed at the
            # next request's start and replaced.
            "CONN_MAX_AGE": envint("PALERMO_DB_CONN_MAX_AGE", "60"),
            "CONN_HEALTH_CHECKS": True,
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("PALERMO_SQLITE", str(PALERMO_HOME / "palermo.sqlite3")),
        # Every request thread keeps its connection open. Closing the last connection
        # to a WAL database checkpoints the log and deletes it, and the next write then
        # creates it again: with a connection per request that cost about 15 ms of each
        # page (bench/bench_web.py), more than everything else together.
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            # Wait for the writer instead of failing at once when a run and a request
            # overlap; take the write lock when a transaction begins, so that two
            # writers queue instead of one failing on a lock upgrade. WAL lets readers
            # go on while a large submission is being written, and a killed writer
            # leaves only uncommitted frames that SQLite ignores.
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = PALERMO_HOME / "static"

# --- The web hub: accounts, sessions, security, uploads, runs -------------------------

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
# Sessions end after an idle hour (renewed on each request) and, whatever the activity,
# some hours after log-in (accounts.middleware.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = envint("PALERMO_SESSION_IDLE_SECONDS", "3600")
# The idle clock is renewed at most every few minutes, not on every request, so that a
# page view does not cost a session write (SessionLifetimeMiddleware does it).
SESSION_SAVE_EVERY_REQUEST = False
PALERMO_SESSION_TOUCH_SECONDS = envint("PALERMO_SESSION_TOUCH_SECONDS", "300")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PALERMO_SESSION_MAX_SECONDS = envint("PALERMO_SESSION_MAX_SECONDS", str(10 * 3600))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A failed CSRF check shows the hub's own page, in the reader's language.
CSRF_FAILURE_VIEW = "palermo_web.errors.csrf_failure"
# Behind TLS (directly or through a proxy that sets X-Forwarded-Proto), cookies are
# secure and HSTS is sent; Django never sends HSTS over plain HTTP.
PALERMO_TLS = envbool("PALERMO_TLS", "0")
SESSION_COOKIE_SECURE = PALERMO_TLS
CSRF_COOKIE_SECURE = PALERMO_TLS
if envbool("PALERMO_BEHIND_PROXY", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PALERMO_TRUST_X_FORWARDED_FOR = envbool("PALERMO_BEHIND_PROXY", "0")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("PALERMO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
SECURE_HSTS_SECONDS = envint("PALERMO_HSTS_SECONDS", "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Log-in throttling: failures per account and per address within the window.
PALERMO_LOCKOUT_FAILURES = envint("PALERMO_LOCKOUT_FAILURES", "5")
PALERMO_LOCKOUT_FAILURES_PER_IP = envint("PALERMO_LOCKOUT_FAILURES_PER_IP", "30")
PALERMO_LOCKOUT_SECONDS = envint("PALERMO_LOCKOUT_SECONDS", "900")
OTP_TOTP_ISSUER = "Palermo"

# Uploads: the hub refuses files over this size before reading them.
PALERMO_UPLOAD_MAX_BYTES = envint("PALERMO_UPLOAD_MAX_BYTES", str(200 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = None
FILE_UPLOAD_PERMISSIONS = 0o600

# Pipeline runs: outputs under PALERMO_HOME/runs/<id>/, never a user-chosen path.
PALERMO_RUNS_DIR = PALERMO_HOME / "runs"
# Cells of dashboards below this count are shown as suppressed.
PALERMO_DISCLOSURE_THRESHOLD = envint("PALERMO_DISCLOSURE_THRESHOLD", "5")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused or missing page (403, 404) is logged as one line: Django attaches the
    # PermissionDenied or Http404 traceback, which says nothing about a refusal and
    # buries real errors. Server errors (500) keep theirs.
    "filters": {
        "client_errors": {"()": "palermo_web.logs.ClientErrorsWithoutTraceback"}
    },
    # On the handler, not on the django.request and django.security loggers: a logger's
    # filter does not apply to its children (django.security.csrf...).
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors"]}
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("PALERMO_LOG_LEVEL", "WARNING"),
    },
}

# Hub policy: refuse submissions that still carry plain identity fields (names, dates of
# birth, document numbers) instead of the keyed encodings of `palermo encode`.
PALERMO_REQUIRE_ENCODED = envbool("PALERMO_REQUIRE_ENCODED", "0")
# Fingerprint of the one linkage key encoded submissions must use (`palermo keys new`
# prints it); unset, the first encoded submission of a period sets it for the period.
PALERMO_LINKAGE_KEY_FINGERPRINT = (
    os.environ.get("PALERMO_LINKAGE_KEY_FINGERPRINT", "").strip().lower()
)
# Country of the hub's organisations when `palermo org add` is given none (ISO alpha-2).
PALERMO_COUNTRY = os.environ.get("PALERMO_COUNTRY", "").upper()

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Referral cases ---------------------------------------------------------------------

# Keys that encrypt case identities, field by field (Fernet keys, newest first, separated
# by commas), from PALERMO_CASE_KEYS or the file named by PALERMO_CASE_KEYS_FILE; never
# stored in the database. Make one with `palermo cases keygen`; after putting a new key
# first, `palermo cases rotate-keys` re-encrypts everything under it.
PALERMO_CASE_KEYS = [
    key.strip() for key in envsecret("PALERMO_CASE_KEYS").split(",") if key.strip()
]
# The country's referral mechanism: a shipped configuration by name (gb) or a YAML file;
# blank: the legal minimums for PALERMO_COUNTRY in TIME_ZONE.
PALERMO_REFERRAL_CONFIG = os.environ.get("PALERMO_REFERRAL_CONFIG", "")
# The source organisation the case module submits its records as, and its type.
PALERMO_CASES_SOURCE = os.environ.get("PALERMO_CASES_SOURCE", "nrm-cases")
PALERMO_CASES_SOURCE_TYPE = os.environ.get("PALERMO_CASES_SOURCE_TYPE", "other")
# The case module's linkage key (palermo encode), to submit encoded records; blank:
# plain records, kept inside the hub.
PALERMO_CASES_LINKAGE_KEY_FILE = os.environ.get("PALERMO_CASES_LINKAGE_KEY_FILE", "")
