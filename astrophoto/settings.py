"""
Settings for astrophoto, read from the environment.

Without any environment the site runs on an embedded SQLite database under var/.
See docs/deployment.md for every variable.
"""

import datetime
import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def stop(message: str):
    """Stop start-up with a one-line message instead of a traceback."""
    raise SystemExit(f"astrophoto: {message}")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    stop(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        stop(f"{name} must be a whole number, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int_list(name: str, default: str) -> list[int]:
    try:
        return [int(item) for item in env_list(name, default)]
    except ValueError:
        stop(f"{name} must be whole numbers separated by commas, not {os.environ[name]!r}")


def database_from_url(name: str, url: str) -> dict:
    """Turn postgres://user:pass@host:port/name or sqlite:///abs/path.db into a DATABASES entry."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        stop(f"{name} is not a valid URL ({exc})")
    if parts.scheme in {"postgres", "postgresql"}:
        database = unquote(parts.path.lstrip("/"))
        if not parts.hostname or not database or "/" in database:
            stop(f"{name} must look like postgres://user:password@host:port/database")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": database,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname,
            "PORT": str(port or ""),
            # The pool replaces persistent connections; check_connection lets it
            # recover by itself after the server restarts.
            "CONN_MAX_AGE": 0,
            "OPTIONS": {
                "pool": {
                    "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
                    "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
                    "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
                    "check": _pool_check(),
                },
            },
        }
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/") or path == "/":
            stop(f"{name} must look like sqlite:///absolute/path/to/file.db")
        # sqlite:///abs/path and sqlite:////abs/path both name /abs/path.
        return sqlite_database(Path("/" + path.lstrip("/")))
    stop(f"{name} has unsupported scheme {parts.scheme!r} (use postgres:// or sqlite:///)")


def _pool_check():
    from psycopg_pool import ConnectionPool

    return ConnectionPool.check_connection


def sqlite_database(path: Path) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # Writers queue for the lock instead of failing; WAL lets readers go on meanwhile.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        stop("SECRET_KEY is not set. Set SECRET_KEY, or DEBUG=1 for local development.")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, with the site of astrophoto.admin_site.
    "astrophoto.admin_site.AstrophotoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "axes",
    # Always installed so its tables exist whichever TASKS_BACKEND is chosen.
    "django_tasks_db",
    "missions",
    "gallery",
    "demo",
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "astrophoto.urls"
WSGI_APPLICATION = "astrophoto.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
            # Tags every page uses, whichever app it belongs to.
            "libraries": {"site": "astrophoto.templatetags.site"},
        },
    },
]

DATA_DIR = Path(os.environ.get("ASTROPHOTO_DATA_DIR", BASE_DIR / "var"))

if database_url := os.environ.get("DATABASE_URL", "").strip():
    DATABASES = {"default": database_from_url("DATABASE_URL", database_url)}
else:
    DATABASES = {"default": sqlite_database(DATA_DIR / "astrophoto.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes counts failed logins first and refuses locked-out clients before any password
# is checked; see "Login throttling" in docs/deployment.md.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# Minutes a client stays locked out; an operator can unlock sooner (docs/operations.md).
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Failures count per account name from one address, and per address: guessing one
# account's password from one address locks that account there, and one address trying many
# accounts (password spraying) locks the address. Never per account name alone, or anyone
# anywhere could lock every curator out by typing their names (docs/deployment.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "astrophoto.security.client_ip"
AXES_LOCKOUT_CALLABLE = "astrophoto.security.lockout_response"
# Proxies in front of the site that append the client's address to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Outside DEBUG, whitenoise serves collected files under content-hashed, compressed names,
# so browsers may cache them for ever; `collectstatic` must run before start-up.
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

MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Every media file is served through gallery.media, which serves a photo's files to the
# public only while the photo is public. With MEDIA_ACCEL_REDIRECT (an nginx `internal`
# location, such as /protected-media/) the site says yes or no and nginx sends the bytes.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "").strip()
# How long browsers and caches may keep a public file: a withdrawn photo's files stop being
# served within this time. And how long the admin's links to non-public files stay valid.
MEDIA_CACHE_SECONDS = env_int("MEDIA_CACHE_SECONDS", 3600)
MEDIA_SIGNED_SECONDS = env_int("MEDIA_SIGNED_SECONDS", 3600)

# Photos: what an upload may be, and the widths renditions are made at.
PHOTO_MAX_FILE_SIZE = env_int("PHOTO_MAX_FILE_SIZE", 100 * 1024 * 1024)
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 150_000_000)
PHOTO_RENDITION_WIDTHS = env_int_list("PHOTO_RENDITION_WIDTHS", "320,640,1280,2048")
# A .zip of photos may be larger than one photo; its entries are still checked one by one.
PHOTO_MAX_ARCHIVE_SIZE = env_int("PHOTO_MAX_ARCHIVE_SIZE", 2 * 1024 * 1024 * 1024)
# Files in one upload request; more are refused with a message (a .zip counts as one).
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("PHOTO_UPLOAD_MAX_FILES", 500)
# Uploads larger than this are streamed to temporary files instead of held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None

# Background work (renditions): run at once in the embedded setup, or queued in the
# database for `manage.py db_worker` with TASKS_BACKEND=database.
TASKS_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate").strip() or "immediate"
if _tasks_backend not in TASKS_BACKENDS:
    stop(f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, not {_tasks_backend!r}")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[_tasks_backend]}}

# Public site: photos per page, and how far result counts are exact before they read
# "more than N" (an exact count of millions of rows costs more than the page itself).
GALLERY_PAGE_SIZE = env_int("GALLERY_PAGE_SIZE", 24)
GALLERY_COUNT_LIMIT = env_int("GALLERY_COUNT_LIMIT", 10_000)
# On PostgreSQL, when the planner expects more rows than this, its estimate is shown ("about
# N") without counting: an exact count reads every row it counts, a few milliseconds a
# thousand when they are spread over the table.
GALLERY_COUNT_ESTIMATE_ABOVE = env_int("GALLERY_COUNT_ESTIMATE_ABOVE", 1_000)
LIST_PAGE_SIZE = env_int("LIST_PAGE_SIZE", 60)

# Behind HTTPS (the default outside DEBUG) cookies are secure and browsers remember it.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading asks browsers to use HTTPS before the first visit; it only takes effect once the
# domain is submitted to the preload list, which is the operator's decision.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
# No script of the site or the admin reads the CSRF cookie; forms carry the token.
CSRF_COOKIE_HTTPONLY = True
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content Security Policy on every response, the admin's included: scripts and styles only
# from the site itself or carrying the response's nonce (the admin's templates put it on
# theirs), nothing inline otherwise, no plugins, no framing. Media may live on another origin
# (MEDIA_URL): its images are allowed, nothing else from there. Media responses carry their
# own, stricter policy (astrophoto.security).
MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "//" in MEDIA_URL else ""
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, *filter(None, [MEDIA_ORIGIN])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Uploaded files get this policy instead: nothing in them may run or load anything.
MEDIA_CSP = "default-src 'none'; sandbox"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "astrophoto.security.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per task start and finish drowns everything else; failures still show.
    "loggers": {
        "django.tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")},
        # Lockouts are warnings; every single failed sign-in is not worth a line.
        "axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")},
        # A request for a host the site does not serve is answered 400; it is not a fault.
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
}
