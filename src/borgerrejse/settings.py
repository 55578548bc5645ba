"""Settings come from the environment; the defaults run the embedded SQLite setup."""

import json
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("BORGERREJSE_DATA_DIR", PROJECT_DIR / "data"))


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_flag("DEBUG", False)
# The fallback key only serves local development; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-local-development-key-change-me")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

# Identity: production sets a real provider and turns demo tokens off (check --deploy warns).
IDENTITY_PROVIDER = os.environ.get("IDENTITY_PROVIDER", "local")
LOCAL_IDP_DELAY_MS = int(os.environ.get("LOCAL_IDP_DELAY_MS", "0"))
LOCAL_IDP_FAILURE_RATE = float(os.environ.get("LOCAL_IDP_FAILURE_RATE", "0"))
DEMO_TOKENS_ENABLED = _env_flag("DEMO_TOKENS_ENABLED", True)

# Separate key for CPR numbers: Fernet encryption at rest and the keyed lookup hash.
CPR_ENCRYPTION_KEY = os.environ.get("CPR_ENCRYPTION_KEY", "")
CPR_HASH_KEY = os.environ.get("CPR_HASH_KEY", "")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "borgerrejse.catalog",
    "borgerrejse.people",
    "borgerrejse.staff",
    "borgerrejse.identity",
    "borgerrejse.cases",
    "borgerrejse.notifications",
    "borgerrejse.contacts",
    "borgerrejse.appointments",
    "borgerrejse.portal",
    "borgerrejse.workbench",
    "borgerrejse.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "borgerrejse.urls"
WSGI_APPLICATION = "borgerrejse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "borgerrejse.identity.context_processors.citizen",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    # The embedded default keeps its SQLite file in the data folder.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'borgerrejse.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Copenhagen"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# DKFDS is installed by npm into node_modules and never copied into the repository.
STATICFILES_DIRS = [("dkfds", PROJECT_DIR / "node_modules" / "dkfds" / "dist")]

# Citizen sessions: idle after 30 minutes, and never longer than 8 hours (identity app).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_MAX_AGE_SECONDS = int(os.environ.get("SESSION_MAX_AGE_SECONDS", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_flag("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

MEDIA_ROOT = DATA_DIR / "uploads"

# Points per priority rule (borgerrejse.cases.priority), e.g. [{"id": "self_service", "points": 0}].
CASE_PRIORITY_POLICY = json.loads(os.environ.get("CASE_PRIORITY_POLICY", "[]"))

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["borgerrejse.api.authentication.CitizenTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_RATES": {"evaluate": os.environ.get("EVALUATE_RATE", "60/minute")},
    "UNAUTHENTICATED_USER": None,
    # Rate limits count by client address: trust only this many proxies' X-Forwarded-For.
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Borgerrejse API",
    "DESCRIPTION": "Citizen services and cases of a Danish municipality.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# Service definitions live as YAML documents in the repository's services/ folder.
# Phone service: how many staff answer the citizen line, and when it is open (weekdays),
# for the phone wait estimate on the service pages (Erlang C on the last hour's calls).
PHONE_LINES_OPEN = int(os.environ.get("PHONE_LINES_OPEN", "3"))
PHONE_HOURS = (os.environ.get("PHONE_OPENS", "08:00"), os.environ.get("PHONE_CLOSES", "15:00"))
# A call's mean length before any calls have been recorded with a duration.
PHONE_DEFAULT_CALL_MINUTES = float(os.environ.get("PHONE_DEFAULT_CALL_MINUTES", "4"))

# The address citizens reach the portal on, for links in messages.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# The outbox (notifications). Each channel's adapter is a class path; the defaults are the
# local implementations, which behave like the providers (see the adapters' docstrings).
NOTIFICATION_ADAPTERS = {
    "digital_post": os.environ.get(
        "DIGITAL_POST_ADAPTER", "borgerrejse.notifications.adapters.digital_post.LocalDigitalPost"
    ),
    "print": os.environ.get(
        "PRINT_ADAPTER", "borgerrejse.notifications.adapters.printed.PrintFolder"
    ),
    "email": os.environ.get("EMAIL_ADAPTER", "borgerrejse.notifications.adapters.email.SmtpEmail"),
    "sms": os.environ.get("SMS_ADAPTER", "borgerrejse.notifications.adapters.sms.LocalSms"),
}
# How long a worker holds a message it is delivering before another may take it over.
NOTIFICATION_LEASE_SECONDS = int(os.environ.get("NOTIFICATION_LEASE_SECONDS", "300"))
# Faults injected into the local adapters: see notifications/adapters/faults.py.
NOTIFICATION_FAULTS = json.loads(os.environ.get("NOTIFICATION_FAULTS", "{}"))
PRINT_DIR = Path(os.environ.get("PRINT_DIR", DATA_DIR / "print"))
# Digital Post through Serviceplatformen SF1601 (notifications/adapters/digital_post.py).
DIGITAL_POST_SENDER_CVR = os.environ.get("DIGITAL_POST_SENDER_CVR", "12345674")
DIGITAL_POST_SENDER_LABEL = os.environ.get("DIGITAL_POST_SENDER_LABEL", "Borgerrejse Kommune")
DIGITAL_POST_CERT_PATH = os.environ.get("DIGITAL_POST_CERT_PATH", "")
DIGITAL_POST_ENVIRONMENT = os.environ.get("DIGITAL_POST_ENVIRONMENT", "test")
DIGITAL_POST_TIMEOUT = float(os.environ.get("DIGITAL_POST_TIMEOUT", "30"))

# SMS through an HTTP gateway (notifications/adapters/sms.py, HttpSmsGateway).
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_SENDER = os.environ.get("SMS_GATEWAY_SENDER", "Kommunen")

# Video appointments get a room on this Jitsi Meet server (appointments/video.py).
VIDEO_SERVER = os.environ.get("VIDEO_SERVER", "meet.jit.si")

# E-mail goes through Django's SMTP backend; locally to `borgerrejse smtp_sink`.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "1025"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Borgerrejse Kommune <noreply@borgerrejse.example>"
)

SERVICES_DIR = Path(os.environ.get("BORGERREJSE_SERVICES_DIR", PROJECT_DIR / "services"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step of every letter at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
