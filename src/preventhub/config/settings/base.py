"""Settings shared by every environment. Secrets never have a default here."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from preventhub.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parents[2]
# Where local state (SQLite database, uploaded files) lives; outside the web root.
VAR_DIR = Path(env_str("PREVENTHUB_VAR_DIR", str(Path.cwd() / "var")))

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules",
    "django_htmx",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "preventhub.core",
    "preventhub.accounts",
    "preventhub.audit",
    "preventhub.people",
    "preventhub.notifications",
    "preventhub.concerns",
    "preventhub.referrals",
    "preventhub.transfers",
    "preventhub.speakers",
    "preventhub.risk",
    "preventhub.partners",
    "preventhub.policies",
    "preventhub.premises",
    "preventhub.training",
    "preventhub.curriculum",
    "preventhub.online_safety",
    "preventhub.filtering",
    "preventhub.compliance",
    "preventhub.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "preventhub.core.middleware.ApiJsonErrorsMiddleware",
    "preventhub.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "preventhub.accounts.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "preventhub.accounts.middleware.SessionTimeoutMiddleware",
    "preventhub.accounts.middleware.RequireTwoFactorMiddleware",
    "preventhub.core.middleware.CurrentProviderMiddleware",
    "preventhub.core.middleware.AccessGateMiddleware",
    "preventhub.core.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "preventhub.config.urls"
WSGI_APPLICATION = "preventhub.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "preventhub.core.context_processors.navigation",
            ],
            # {% url %} remembers URLs without arguments (core/templatetags/url_once.py).
            "builtins": ["preventhub.core.templatetags.url_once"],
        },
    }
]
FORM_RENDERER = "preventhub.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'preventhub.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Plain cursors: one round trip per query, and safe behind a transaction-pooling pgbouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# The per-request user query is a prepared statement (core/db.py). Set false behind a
# transaction-pooling pgbouncer older than 1.21 (or with max_prepared_statements = 0).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the dev server and a command share the file safely.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "preventhub.core.cache_backends.ReusingRedisCache", "LOCATION": _redis_url}
        if _redis_url
        # A database cache is shared by every worker process, which login throttling needs.
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "preventhub_cache",
        }
    )
}

AUTH_USER_MODEL = "accounts.User"
# allauth's sign-in, django-rules' object permissions and Django's model permissions in one
# backend (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["preventhub.accounts.backends.AuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# --- allauth: sign-in, password reset, throttling, TOTP + recovery codes, OIDC ---
ACCOUNT_ADAPTER = "preventhub.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "preventhub.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins are limited per IP and per username attempted (known or unknown alike).
    "login_failed": env_str("LOGIN_FAILED_LIMIT", "5/15m/key,20/15m/ip"),
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "PreventHub")
MFA_RECOVERY_CODE_COUNT = 10
MFA_ADAPTER = "preventhub.accounts.adapters.MFAAdapter"
# Accounts are made by administrators (no self sign-up), so an e-mail address that allauth has
# not verified is no sign of an attacker; refusing 2FA set-up would strand mandatory-2FA roles.
MFA_ALLOW_UNVERIFIED_EMAIL = True
USERSESSIONS_TRACK_ACTIVITY = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = False


def _oidc_providers() -> dict[str, object]:
    """OpenID Connect apps (e.g. Microsoft Entra ID, Google) from OIDC_<NAME>_* variables."""
    apps = []
    for name in env_list("OIDC_PROVIDERS"):
        key = name.upper()
        apps.append(
            {
                "provider_id": name.lower(),
                "name": env_str(f"OIDC_{key}_LABEL", name.title()),
                "client_id": env_str(f"OIDC_{key}_CLIENT_ID"),
                "secret": env_str(f"OIDC_{key}_SECRET"),
                "settings": {"server_url": env_str(f"OIDC_{key}_SERVER_URL")},
            }
        )
    return {"openid_connect": {"APPS": apps, "OAUTH_PKCE_ENABLED": True}} if apps else {}


SOCIALACCOUNT_PROVIDERS = _oidc_providers()

# --- sessions: idle and absolute time-outs (enforced by SessionTimeoutMiddleware) ---
# With Redis, sessions are read from the cache and written through to the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if _redis_url
    else "django.contrib.sessions.backends.db"
)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 10) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- security headers ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- request size limits (bigger bodies answer 413 in the API, 400 in pages) ---
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
PEOPLE_IMPORT_MAX_BYTES = env_int("PEOPLE_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
CONCERN_ATTACHMENT_MAX_BYTES = env_int("CONCERN_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
TRANSFER_PACKAGE_MAX_BYTES = env_int("TRANSFER_PACKAGE_MAX_BYTES", 100 * 1024 * 1024)
# scrypt cost (2**N) for record-transfer passphrases: 15 takes ~0.1 s and 32 MB per attempt.
TRANSFER_SCRYPT_LOG2_N = env_int("TRANSFER_SCRYPT_LOG2_N", 15)
SPEAKER_MATERIAL_MAX_BYTES = env_int("SPEAKER_MATERIAL_MAX_BYTES", 20 * 1024 * 1024)
POLICY_DOCUMENT_MAX_BYTES = env_int("POLICY_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
PREMISES_DOCUMENT_MAX_BYTES = env_int("PREMISES_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
TRAINING_EVIDENCE_MAX_BYTES = env_int("TRAINING_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
TRAINING_IMPORT_MAX_BYTES = env_int("TRAINING_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Each uploaded file may be this big; several files make a bigger request body.

# --- field-level encryption of narrative fields (first key encrypts; all keys decrypt) ---
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(Path.cwd() / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "preventhub.core.static_storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"  # never served directly: files go through the access gate
# The columnar store of raw normalised web-filter logs (Parquet, by provider and day).
WEBLOG_STORE_DIR = Path(env_str("PREVENTHUB_WEBLOG_STORE_DIR", str(VAR_DIR / "weblogs")))
# Keys the HMAC behind log identities' pseudonyms; empty derives one from SECRET_KEY.
WEBLOG_PSEUDONYM_KEY = env_str("WEBLOG_PSEUDONYM_KEY", "")

MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 10,
        },
    }
}
# Links in notification emails point here.
PREVENTHUB_BASE_URL = env_str("PREVENTHUB_BASE_URL", "http://127.0.0.1:8000")
# Background work (notification email). The default runs a task at once in the same process;
# docs/deploy.md shows a worker backend for large installations.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PreventHub <preventhub@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
