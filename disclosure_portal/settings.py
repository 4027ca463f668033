"""Settings for 政务公开门户, read from the environment (one module, no splits).

Every value that differs between a laptop and a production server comes from an
environment variable; the defaults are for `make run` on a developer's machine.
"""

import os
from datetime import time, timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from disclosure_portal.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_secret_key,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", False)
# With DEBUG off the portal refuses to start without a real key (disclosure_portal/env.py).
SECRET_KEY = env_secret_key(DEBUG, development_key="django-insecure-dev-only-change-me")
# Old keys after a rotation, comma-separated: sessions and applicants' query codes stay valid.
SECRET_KEY_FALLBACKS = [
    key.strip() for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if key.strip()
]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = os.environ.get("SITE_NAME", "政务公开门户")

INSTALLED_APPS = [
    # django.contrib.admin, with the staff home as its index (disclosure_portal/admin_site.py).
    "disclosure_portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "mptt",
    "reversion",
    "axes",
    "csp",
    "captcha",
    # Only its static files (the 正文 editor's bundle and styles: catalog/widgets.py ItemBodyEditor).
    "django_prose_editor",
    # The portal's apps; imports run one way: reports → requests_app → catalog → organisation.
    "organisation",
    "workcalendar",
    "catalog",
    "requests_app",
    "reports",
    # Open data (/api/v1/, DCAT, bulk downloads, /statistics/): reads the apps above.
    # Django REST framework itself is not an installed app: its locale would override
    # Django's own Chinese form messages (an app's catalogue wins over Django's), and the
    # JSON-only API needs none of its templates, models or static files.
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by the portal (no CDN)
    "opendata",
    "disclosure_portal",
]
# `make bench` (docs/performance.md) sets BENCH=1; the benchmark is never installed in production.
if env_bool("BENCH", False):
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks public GETs for the read replica (needs request.user; inert without a replica).
    "disclosure_portal.db_routers.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # %00 in a URL would be a database error on PostgreSQL: a 400 before any view runs.
    "disclosure_portal.middleware.reject_nul_characters",
    # Last, as django-axes asks: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "disclosure_portal.urls"
WSGI_APPLICATION = "disclosure_portal.wsgi.application"

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
                "disclosure_portal.context_processors.portal",
            ],
        },
    },
]

# Database: the embedded SQLite file unless DATABASE_URL says otherwise
# (postgres://user:password@host:5432/name in production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def without_jit(database):
    """PostgreSQL's JIT compiles any query estimated as large: ~100 ms spent compiling each
    of a province-wide annual report's aggregates, more than it saves (`make bench`: the
    report page 1.7 s with JIT, 1.4 s without). Short OLTP queries never profit from it."""
    if "postgresql" in database.get("ENGINE", ""):
        options = database.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
    return database


without_jit(DATABASES["default"])

# Scaling out (docs/deployment.md): a read replica for public pages. Without
# DATABASE_REPLICA_URL there is no `replica` alias and no router.
DATABASE_REPLICA_URL = env_url("DATABASE_REPLICA_URL", ("postgres", "postgresql", "postgis"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = without_jit(
        dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    )
    # Tests run against the primary's test database, never on the replica.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["disclosure_portal.db_routers.ReplicaRouter"]

# Cache: per-process memory unless REDIS_URL names a Redis shared by every app
# server (redis://host:6379/0). Cached public pages, sessions and the rate
# limits (which count in the default cache) then hold across all app servers.
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        }
    }
    # Sessions read from Redis, written through to the database so that a
    # Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes must come first so that a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login guessing: lock a username+address pair after repeated failures; past LOGIN_CAPTCHA_AFTER
# failures for one username from any addresses, its login also needs a captcha, which slows a
# guesser with many addresses without locking the owner out (disclosure_portal/login.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_CAPTCHA_AFTER = env_int("LOGIN_CAPTCHA_AFTER", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Reverse proxies in front of the portal; every per-address limit, the lockout included, takes
# the client's address from organisation/client_address.py.
PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "organisation.client_address.client_address"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Ahead of the apps' catalogues: the admin's wording where Django's Chinese is word-for-word.
LOCALE_PATHS = [BASE_DIR / "disclosure_portal" / "locale"]
USE_TZ = True
# ISO dates in every date input (disclosure_portal/formats/zh_Hans/formats.py says why).
FORMAT_MODULE_PATH = ["disclosure_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

# Uploaded files: the local MEDIA_ROOT, or an S3-compatible bucket (MinIO, OSS,
# COS, AWS…) shared by every app server when MEDIA_STORAGE=s3.
# 索引号 pattern (catalog/numbering.py, docs/catalog.md §3): credit = {统一社会信用代码}/{YYYY}-{NNNNN},
# org = the national 20-character {组织机构代码}/{YYYY}-{NNNNN}, month = {统一社会信用代码}/{YYYYMM}-{NNNNN}.
INDEX_NUMBER_PATTERN = env_choice("INDEX_NUMBER_PATTERN", ("credit", "org", "month"), "credit")

MEDIA_STORAGE = env_choice("MEDIA_STORAGE", ("local", "s3"), "local")
if MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            # Unset: AWS itself; set for MinIO or another S3-compatible service.
            "endpoint_url": env_url("AWS_S3_ENDPOINT_URL", ("http", "https")),
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Unset keys: boto3 finds credentials itself (instance role, ~/.aws).
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Two uploads with one name must not overwrite each other's attachment.
            "file_overwrite": False,
            # Signed, expiring links: the bucket itself stays private.
            "querystring_auth": True,
            "default_acl": None,
        },
    }

# Catalog attachments are served at MEDIA_URL by the portal, which checks the item first
# (catalog/attachment_views.py). Then the bytes come from the bucket (MEDIA_STORAGE=s3: a signed
# link valid MEDIA_URL_EXPIRE s), or from the web server in front (MEDIA_SERVE=accel for nginx's
# X-Accel-Redirect to MEDIA_ACCEL_PREFIX, sendfile for X-Sendfile), or from the portal (django).
MEDIA_SERVE = env_choice("MEDIA_SERVE", ("django", "accel", "sendfile"), "django")
MEDIA_ACCEL_PREFIX = os.environ.get("MEDIA_ACCEL_PREFIX") or "/protected-media/"
MEDIA_URL_EXPIRE = env_int("MEDIA_URL_EXPIRE", 300, minimum=1)

# Files attached to 依申请公开 requests hold personal data: outside MEDIA_ROOT (never served
# at MEDIA_URL), or under a private/ prefix of the bucket; staff download them through a view
# that checks the agency.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private_media")
if MEDIA_STORAGE == "s3":
    STORAGES["private"] = {
        "BACKEND": STORAGES["default"]["BACKEND"],
        "OPTIONS": {**STORAGES["default"]["OPTIONS"], "location": "private"},
    }
else:
    STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private-media-not-served/"},
    }

# Mail (applicants' receipts) goes to EMAIL_HOST. Without one, development (DEBUG=1) prints mail
# to the console; production never does (it holds names and query codes): sending is refused
# and `check --deploy` reports the missing server (disclosure_portal/mail.py, checks.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "disclosure_portal.mail.NoMailServerBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
# The portal's public address, for links in notices and digests sent outside a web request.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://localhost:8000")
# Text messages to applicants (requests_app/sms.py): the logging backend until a gateway is set.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "requests_app.sms.LoggingSmsBackend")
# The staff digest lists requests due within this many working days (send_digest).
DIGEST_DUE_DAYS = env_int("DIGEST_DUE_DAYS", 5)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGIN_URL = "admin:login"

# Behind HTTPS (production) turn on secure cookies, redirects and HSTS.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# A login lasts a working day, not Django's two weeks: a forgotten session on a shared office
# computer ends by the next morning.
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 9, minimum=1) * 3600
X_FRAME_OPTIONS = "DENY"

# Upload limits: attachments are checked per file by the forms; this caps a whole request body.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Refused requests (4xx) are logged as one line, without the traceback (disclosure_portal/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_client_error_tracebacks": {"()": "disclosure_portal.logs.DropClientErrorTracebacks"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        name: {"filters": ["no_client_error_tracebacks"]}
        for name in ("django.request", "django.security.csrf")
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# 依申请公开 (条例第三十一条): an online request submitted on a working day before this time
# (Asia/Shanghai, HH:MM) counts as received that day, otherwise on the next working day.
try:
    REQUESTS_ONLINE_CUTOFF = time.fromisoformat(os.environ.get("REQUESTS_ONLINE_CUTOFF") or "17:00")
except ValueError:
    raise ImproperlyConfigured("REQUESTS_ONLINE_CUTOFF must be a time such as 17:00") from None

# Attachments of catalog items: the largest file accepted (catalog/attachments.py).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20) * 1024 * 1024

# Content-Security-Policy (django-csp): every script and stylesheet is a file served by the
# portal itself, so no inline <script>, no on*= handlers and no eval can run, and no other
# site may frame a page. Style *attributes* stay allowed (style-src-attr) because django-mptt's
# admin tree indents rows with them; they cannot run script. tests/test_security_headers.py
# pins this policy and the browser tests fail on any CSP violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    }
}
# Browser features a disclosure portal never uses are switched off for every page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}

# 依申请公开, the applicants' side (requests_app/public_views.py). The captcha is drawn by the
# portal itself (django-simple-captcha with Pillow and its bundled font): no outside service.
CAPTCHA_CHALLENGE_FUNCT = "requests_app.captcha.challenge"
CAPTCHA_TIMEOUT = 60  # minutes: time enough to fill in the whole form
CAPTCHA_FONT_SIZE = 30
CAPTCHA_IMAGE_SIZE = (150, 50)


# Per-address limits, "count/period" with period s, m, h or d (e.g. 10/10m), counted in the
# default cache (requests_app/ratelimit.py): submissions, failed tracking lookups (guesses),
# and form pages or new captcha images.
REQUESTS_APPLY_RATE = env_rate("REQUESTS_APPLY_RATE", "20/h")
REQUESTS_TRACK_RATE = env_rate("REQUESTS_TRACK_RATE", "10/10m")
REQUESTS_FORM_RATE = env_rate("REQUESTS_FORM_RATE", "120/h")
# The open-data API, per address (opendata/http.py): generous for a harvester walking the
# catalog page by page, a bound for a runaway script.
OPENDATA_RATE = env_rate("OPENDATA_RATE", "600/m")

# The read-only API (opendata/): anonymous JSON only, no browsable HTML API (its inline
# scripts would break the CSP), no sessions or CSRF (nothing is written).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} 开放数据接口",
    "DESCRIPTION": (
        "公开的政府信息目录、机关、目录树和已发布的政府信息公开工作年度报告，只读 JSON。"
        "列表用键集分页：沿着 next 一直取到 null。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # 3.1: a nullable nested object is `oneOf: [{$ref}, {type: null}]`. In 3.0.3 `nullable` next
    # to an `allOf` has no effect, so strict generated clients refused `validity: null`.
    "OAS_VERSION": "3.1.0",
    "PREPROCESSING_HOOKS": ["opendata.schema.only_api_paths"],
}
