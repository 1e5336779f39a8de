"""Settings for Effectencalculator, read from the environment.

Development runs with no variables set (SQLite in ``var/``, debug on through the run script);
production sets ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and ``DATABASE_URL``.
"""

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = envbool("DJANGO_DEBUG")
TESTING = "pytest" in sys.modules

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 for development."
        )
    # Only reachable with DJANGO_DEBUG on or under pytest (see the check above).
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # nosec B105

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "django_tasks_db",
    "accounts",
    "pricelist",
    "cases",
    "reports",
    "history",
    "overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "effectencalculator.urls"

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
                "django.template.context_processors.csp",
                "accounts.context_processors.chair",
            ],
            "builtins": ["cases.templatetags.money"],
        },
    },
]

WSGI_APPLICATION = "effectencalculator.wsgi.application"

# SQLite by default, in a git-ignored folder; PostgreSQL (psycopg 3) through DATABASE_URL.
# Served over ASGI every request runs in a thread of its own, so a connection kept per thread
# (CONN_MAX_AGE) would outlive its thread and exhaust PostgreSQL's slots: connections are
# closed after each request, and on PostgreSQL taken from a pool per process instead
# (DATABASE_POOL_SIZE each; workers × pool size must stay below max_connections).
VAR_DIR = BASE_DIR / "var"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'effectencalculator.sqlite3'}",
        conn_max_age=0,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": envint("DATABASE_POOL_SIZE", 10),
        "timeout": 10,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the chair's screen read while the notulist writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a database file of their own (one per test process, removed at its end), not
    # Django's in-memory one: for an in-memory database the browser tests' live server shares
    # the test's single connection between all its threads, and a session screen's stream,
    # a save's on-commit read and the boards fetching at once misuse it together
    # ("sqlite3.InterfaceError: bad parameter or other API misuse"). With a file every
    # thread has a connection of its own, as in production.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"effectencalculator-test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Failed log-ins: slowed down from the third, locked for a while after too many.
LOGIN_LOCK_AFTER = envint("LOGIN_LOCK_AFTER", 5)
LOGIN_LOCK_MINUTES = envint("LOGIN_LOCK_MINUTES", 15)
LOGIN_SLOWDOWN_SECONDS = float(os.environ.get("LOGIN_SLOWDOWN_SECONDS", "0.5"))
LOGIN_SLOWDOWN_MAX = 4.0

# --- single sign-on (accounts/oidc.py) ---
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]


def envmapping(name: str) -> dict[str, str]:
    """``value=target,…``, or a JSON object where values hold commas or "=" (LDAP groups)."""
    import json  # here, so that the edit stays inside this block

    raw = os.environ.get(name, "").strip()
    if raw.startswith("{"):
        return {str(key): str(value) for key, value in json.loads(raw).items()}
    pairs = [part.split("=", 1) for part in envlist(name)]
    if any(len(pair) != 2 for pair in pairs):
        raise ImproperlyConfigured(f"{name}: write claim-value=organisation-slug[:role], …")
    return {key.strip(): value.strip() for key, value in pairs}


# OpenID Connect beside the local log-in, on only when a client id is set. Endpoints left
# unset are read from the issuer's /.well-known/openid-configuration at first use.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile email")
OIDC_USE_PKCE = envbool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", 10)
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_ORGANISATION_CLAIM = os.environ.get("OIDC_ORGANISATION_CLAIM", "organisation")
# Claim value → organisation slug, with ":role" for another role than beleidsmedewerker.
OIDC_ORGANISATIONS = envmapping("OIDC_ORGANISATIONS")
OIDC_CREATE_USER = envbool("OIDC_CREATE_USER", True)
OIDC_LINK_BY_USERNAME = envbool("OIDC_LINK_BY_USERNAME")
OIDC_MFA_ACR_VALUES = envlist("OIDC_MFA_ACR_VALUES")
OIDC_LOGIN_LABEL = os.environ.get("OIDC_LOGIN_LABEL", "Inloggen met het account van uw organisatie")
# The sign-out (also without single sign-on) ends the provider's session where it can.
OIDC_OP_LOGOUT_URL_METHOD = "accounts.oidc.provider_logout_url"
if OIDC_RP_CLIENT_ID:
    if not OIDC_ISSUER:
        raise ImproperlyConfigured("OIDC_RP_CLIENT_ID is set, OIDC_ISSUER is not.")
    AUTHENTICATION_BACKENDS.append("accounts.oidc.Backend")
# --- end single sign-on ---

# --- two-factor authentication (accounts/two_factor.py) ---
OTP_TOTP_ISSUER = "Effectencalculator"
# Failed codes are counted like failed log-ins, in one place (accounts.throttle: slowed down
# from the third, locked after LOGIN_LOCK_AFTER); django-otp's own per-device delay on top
# would refuse a correct code typed right after a typo, without saying why.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Whether a session must pass a second factor is decided at sign-in and again after this long
# (a new role, or an administrator's switch, takes effect within it; accounts/two_factor.py).
TWO_FACTOR_RECHECK_SECONDS = envint("TWO_FACTOR_RECHECK_SECONDS", 60)
# --- end two-factor authentication ---

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:evaluation_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
# Dutch for what Django 6.1 leaves untranslated (see locale/nl/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or VAR_DIR / "static")
if not (DEBUG or TESTING):
    # In production (scripts/serve) the app serves its own static files, collected into
    # STATIC_ROOT and compressed once, so that no other web server has to be set up for them.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }

# Workbook uploads: refuse anything larger before it is parsed.
WORKBOOK_MAX_BYTES = envint("WORKBOOK_MAX_BYTES", 10 * 1024 * 1024)
WORKBOOK_MAX_ROWS = envint("WORKBOOK_MAX_ROWS", 50_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = WORKBOOK_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = WORKBOOK_MAX_BYTES + 1024 * 1024

# Everything the pages load comes from this site: scripts only with the request's nonce
# (django-htmx's {% htmx_script %} carries it), no inline styles, no frames, no plug-ins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- report jobs on django.tasks (reports/jobs.py) ---
# PDF reports of this many cases or more are made in the background (see reports/jobs.py).
REPORT_BACKGROUND_FROM_CASES = envint("REPORT_BACKGROUND_FROM_CASES", 10)
# They are django.tasks tasks in this database, run by `manage.py report_worker`, which beats
# every few seconds; a job whose worker was not seen for REPORT_WORKER_STALE_SECONDS is started
# again, and failed once it was started REPORT_JOB_MAX_ATTEMPTS times (reports/worker.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REPORT_WORKER_BEAT_SECONDS = float(os.environ.get("REPORT_WORKER_BEAT_SECONDS") or "5")
REPORT_WORKER_STALE_SECONDS = float(os.environ.get("REPORT_WORKER_STALE_SECONDS") or "30")
REPORT_JOB_MAX_ATTEMPTS = envint("REPORT_JOB_MAX_ATTEMPTS", 2)
# --- end report jobs ---

# --- Pushed updates (cases/live.py, cases/views/live.py) ---------------------------------
# The session screens follow their case over Server-Sent Events, served by the ASGI server
# (scripts/run, scripts/serve). On PostgreSQL a change travels between processes by
# LISTEN/NOTIFY; on SQLite (development, one process) within the process.
LIVE_BACKEND = os.environ.get("LIVE_BACKEND") or (
    "postgres" if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else "local"
)
# A ping this often keeps proxies from closing a quiet stream and lets the browser notice a
# line that died without a word (it reconnects after three missed pings).
LIVE_HEARTBEAT_SECONDS = float(os.environ.get("LIVE_HEARTBEAT_SECONDS") or "15")
# A stream ends after this long and the browser reconnects, which checks access again.
LIVE_STREAM_MAX_SECONDS = float(os.environ.get("LIVE_STREAM_MAX_SECONDS") or "1800")
# How long the browser waits before reconnecting by itself after a cut.
LIVE_RETRY_MS = 1000
# --- end of pushed updates ----------------------------------------------------------------

# --- retention (cases/retention.py) ---
# Mail (the retention notice), in Django 6.1's MAILERS form (EMAIL_BACKEND and EMAIL_HOST are
# deprecated): SMTP in production (EMAIL_HOST, localhost by default), the console in
# development unless EMAIL_HOST is set. Under pytest Django's test set-up replaces every
# mailer by the in-memory outbox (mail.outbox).
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    _SMTP
    if os.environ.get("EMAIL_HOST") or not (DEBUG or TESTING)
    else "django.core.mail.backends.console.EmailBackend"
)
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            # A relay named by EMAIL_HOST: submission with STARTTLS; else the machine's own MTA.
            "port": envint("EMAIL_PORT", 587 if os.environ.get("EMAIL_HOST") else 25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": envbool("EMAIL_USE_TLS", bool(os.environ.get("EMAIL_HOST"))),
        }
        if _EMAIL_BACKEND == _SMTP
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "effectencalculator@localhost")
# Where the app is reached, for links in mail sent outside a request (the daily run).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
# --- end retention ---

X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
if not (DEBUG or TESTING):
    # Production runs behind a proxy that terminates TLS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer asks for health over plain HTTP, inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^gezond/$", r"^gereed/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
