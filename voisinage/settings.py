"""Voisinage settings. Every value a deployment may change comes from the environment.

See README.md ("Settings") for the list. The quick start sets VOISINAGE_DEMO=true, which gives
safe defaults for a laptop; without it, production values that have no safe default are required.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from voisinage.lib.env import (
    database_from_url,
    envbool,
    envint,
    envlist,
    envstr,
    secret_from_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("VOISINAGE_VAR_DIR") or BASE_DIR / "var")

VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file, uploads and collected static

DEMO = envbool("VOISINAGE_DEMO", False)
DEBUG = envbool("DJANGO_DEBUG", DEMO)

SECRET_KEY = envstr("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off")
    # The demo: a key generated once per installation and kept in var/, never a constant
    # (signed links, such as a report's answer link, could otherwise be forged by anyone).
    SECRET_KEY = secret_from_file(VAR_DIR / "secret_key")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# The address in every e-mail's links: required outside the demo, and never this machine's
# loopback (a link to 127.0.0.1 in a partner's mailbox leads nowhere).
BASE_URL = (envstr("VOISINAGE_BASE_URL") or ("http://127.0.0.1:8000" if DEMO else "")).rstrip("/")
if not DEMO and (
    urlsplit(BASE_URL).scheme not in {"http", "https"}
    or urlsplit(BASE_URL).hostname in {None, "127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104
):
    raise ImproperlyConfigured(
        "VOISINAGE_BASE_URL must be the public address of the application outside the demo, "
        "e.g. https://voisinage.example.org (e-mails link to it)"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "ninja",
    "voisinage.core",
    "voisinage.accounts",
    "voisinage.territory",
    "voisinage.schemes",
    "voisinage.field",
    "voisinage.governance",
    "voisinage.funding",
    "voisinage.reports",
    "voisinage.desk",
    "voisinage.analytics",
    "voisinage.digests",
    "voisinage.privacy",
    "voisinage.networks",
    "voisinage.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "voisinage.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "voisinage.middleware.BadParameterMiddleware",
]

ROOT_URLCONF = "voisinage.urls"
WSGI_APPLICATION = "voisinage.wsgi.application"
ASGI_APPLICATION = "voisinage.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "voisinage" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "voisinage.navigation.navigation",
            ],
            # French dates everywhere: « 1er juillet », « juil. » (voisinage/lib/dates.py).
            "builtins": ["voisinage.lib.dates"],
        },
    },
    # Plain text (e-mail bodies and subjects): the same templates, never HTML-escaped, so that
    # « Demande d'un partenaire » is not sent as « Demande d&#x27;un partenaire ».
    # Rendered through voisinage.lib.text (render_text, render_subject).
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "voisinage" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False, "builtins": ["voisinage.lib.dates"]},
    },
]

DATABASES = {
    "default": database_from_url(
        envstr("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'voisinage.sqlite3'}", base_dir=BASE_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Second factor (TOTP) for partner and administrator roles; the demo switches it off.
VOISINAGE_REQUIRE_2FA = envbool("VOISINAGE_REQUIRE_2FA", not DEMO)
OTP_TOTP_ISSUER = "Voisinage"
# Login throttling: this many failures for one username or one address within the window.
VOISINAGE_LOGIN_MAX_FAILURES = envint("VOISINAGE_LOGIN_MAX_FAILURES", 5)
VOISINAGE_LOGIN_WINDOW_SECONDS = envint("VOISINAGE_LOGIN_WINDOW_SECONDS", 15 * 60)
# Password-reset links: this many requests per address, and per client, within the window.
VOISINAGE_RESET_MAX_PER_ADDRESS = envint("VOISINAGE_RESET_MAX_PER_ADDRESS", 3)
VOISINAGE_RESET_MAX_PER_CLIENT = envint("VOISINAGE_RESET_MAX_PER_CLIENT", 10)
VOISINAGE_RESET_WINDOW_SECONDS = envint("VOISINAGE_RESET_WINDOW_SECONDS", 3600)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "voisinage" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "voisinage" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Map tiles: empty means "no background tiles" (entrances are still drawn); tests keep it empty.
VOISINAGE_MAP_TILE_URL = envstr(
    "VOISINAGE_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png" if DEMO else ""
)
VOISINAGE_MAP_ATTRIBUTION = envstr(
    "VOISINAGE_MAP_ATTRIBUTION", "© les contributeurs d'OpenStreetMap"
)

# Content-Security-Policy (Django's own middleware): scripts and styles only from our static files
# (no inline <script>, <style>, style= or on*= in any page), images also from the map tiles' host.
_TILE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(VOISINAGE_MAP_TILE_URL or ""))
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([_TILE_ORIGIN] if VOISINAGE_MAP_TILE_URL else [])],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# E-mail (Django 6.1 MAILERS). EMAIL_BACKEND picks the backend; SMTP options follow.
_EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
_EMAIL_OPTIONS: dict[str, object] = {}
if _EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    _EMAIL_OPTIONS = {
        "host": envstr("EMAIL_HOST", "localhost"),
        "port": envint("EMAIL_PORT", 25),
        "username": envstr("EMAIL_HOST_USER", ""),
        "password": envstr("EMAIL_HOST_PASSWORD", ""),
        "use_tls": envbool("EMAIL_USE_TLS", False),
        "use_ssl": envbool("EMAIL_USE_SSL", False),
        "timeout": envint("EMAIL_TIMEOUT", 20),
    }
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Voisinage <ne-pas-repondre@voisinage.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The demo's local SMTP sink (manage.py run_mail_sink) keeps every message here.
VOISINAGE_MAILBOX_DIR = VAR_DIR / "mailbox"

TASKS = {
    "default": {
        "BACKEND": envstr("VOISINAGE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# A task running longer than this is taken for one whose worker died, and queued again.
VOISINAGE_TASK_TIMEOUT = envint("VOISINAGE_TASK_TIMEOUT", 15 * 60)
# /healthz: the token that shows monitoring the details, and what counts as late.
VOISINAGE_HEALTH_TOKEN = envstr("VOISINAGE_HEALTH_TOKEN", "")
VOISINAGE_HEALTH_MAX_QUEUE_LAG = envint("VOISINAGE_HEALTH_MAX_QUEUE_LAG", 5 * 60)
VOISINAGE_HEALTH_MAX_TICK_AGE = envint("VOISINAGE_HEALTH_MAX_TICK_AGE", 3 * 60)

HTTPS = envbool("VOISINAGE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# Under HTTPS: plain HTTP is redirected, and browsers are told to use HTTPS only (HSTS).
SECURE_SSL_REDIRECT = envbool("VOISINAGE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's probe may speak plain HTTP
SECURE_HSTS_SECONDS = envint("VOISINAGE_HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("VOISINAGE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("VOISINAGE_HSTS_PRELOAD", False)
SESSION_COOKIE_AGE = envint("VOISINAGE_SESSION_SECONDS", 12 * 3600)
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# Covering indexes (INCLUDE) serve PostgreSQL; SQLite builds the same index without the extra
# columns, which is what we want there (docs/adr/0029-answers-duplicates-percentiles.md,
# docs/adr/0030-year-rows-and-index-only-reads.md).
SILENCED_SYSTEM_CHECKS = [
    "models.W040",
    # HSTS preloading is a commitment of the whole domain, for the deployment to choose
    # (VOISINAGE_HSTS_PRELOAD); HSTS itself is on under HTTPS (docs/security.md).
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
