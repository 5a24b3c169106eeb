"""Settings for the newsroom project, read from the environment.

Every variable is listed with its default in README.md ("Configuration").
"""

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom import databases
from newsroom.environment import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local use, `make run` generates one into var/secret_key."
        )
    SECRET_KEY = "insecure-debug-only-key"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before staticfiles: runserver then serves static files as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "taggit",
    "reversion",
    "django_prose_editor",
    # django-axes, with a name the admin can translate.
    "newsroom.apps.LoginThrottlingConfig",
    "csp",
    "newsroom",
    "frontcache",
    "pictures",
    "outbox",
    "staff",
    "articles",
    "articles.search",
    "planning",
]

MIDDLEWARE = [
    # First: a cached public page is answered whole, as the middleware below
    # made it, without running them again (articles/page_cache.py).
    "articles.page_cache.CachedPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database: where this request's reads go.
    "newsroom.replica.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "newsroom.middleware.RejectNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "outbox.sending.RetryQueuedMailMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSPMiddleware, so it sees each response first and can allow the
    # admin's one inline import map by its hash.
    "newsroom.security.AdminContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    # The public pages: Jinja2, which renders them several times faster than
    # Django templates. It looks only in templates/jinja2/, so the admin,
    # emails and sitemaps fall through to Django templates below.
    {
        "BACKEND": "newsroom.templating.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "articles.templating.environment",
            "context_processors": [
                "newsroom.context_processors.site",
                "articles.context_processors.public_site",
            ],
        },
    },
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
                "newsroom.context_processors.site",
                "articles.context_processors.public_site",
            ],
        },
    },
]

# The primary (DATABASE_URL, else SQLite under var/) and, with
# DATABASE_REPLICA_URL, the read replica and its router: newsroom/databases.py.
DATABASES = databases.from_environment(VAR_DIR / "newsroom.sqlite3")
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = databases.replica(DATABASE_REPLICA_URL, DATABASES)
    DATABASE_ROUTERS = ["newsroom.replica.ReplicaRouter"]
# How long a browser that wrote reads from the primary afterwards (seconds).
NEWSROOM_REPLICA_PIN_SECONDS = int(os.environ.get("DJANGO_REPLICA_PIN_SECONDS", "5"))
# Replay lag past which reads go to the primary (seconds), and how often a
# process measures it.
NEWSROOM_REPLICA_MAX_LAG = float(os.environ.get("DJANGO_REPLICA_MAX_LAG", "2"))
NEWSROOM_REPLICA_CHECK_SECONDS = float(
    os.environ.get("DJANGO_REPLICA_CHECK_SECONDS", "3")
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    # django-redis, for one reason: when Redis is down or slow, a cache call
    # gives up within half a second and counts as a miss, so pages are made
    # from the database instead of failing.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The admin is the only place to sign in; a login whose ?next= points off
# the site lands on the desk.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or VAR_DIR / "media")

# Object storage is a settings change only: point this at e.g.
# "storages.backends.s3.S3Storage" and install django-storages.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_DEFAULT_STORAGE", "django.core.files.storage.FileSystemStorage"
        )
    },
    # Compressed (gzip and brotli) and content-hashed, so every file can be
    # cached for a year; `collectstatic` writes them, WhiteNoise serves them.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Object storage with an S3 API (django-storages, the `cluster` extra): set
# DJANGO_S3_BUCKET and media live only there. DJANGO_MEDIA_URL, when it is an
# address, names the media domain (a CDN, or the front cache) pages link to;
# otherwise they link to the bucket on the endpoint.
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
if S3_BUCKET:
    _s3 = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
        "region_name": os.environ.get("DJANGO_S3_REGION") or None,
        # Most S3 servers outside AWS (SeaweedFS, MinIO) name the bucket in
        # the path; Aliyun OSS and Tencent COS want "virtual".
        "addressing_style": os.environ.get("DJANGO_S3_ADDRESSING_STYLE", "path"),
        # Public media: plain addresses, readable by a bucket policy, no
        # signatures that expire in cached pages.
        "querystring_auth": False,
        "default_acl": None,
        # A second upload of the same picture gets a name of its own, as on
        # disk: deleting one row's file must not take another row's.
        "file_overwrite": False,
        # Stored names are made from the content and never change meaning.
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    if MEDIA_URL.startswith(("http://", "https://")):
        _media_url = urlsplit(MEDIA_URL)
        _s3["custom_domain"] = _media_url.netloc + _media_url.path.rstrip("/")
        _s3["url_protocol"] = f"{_media_url.scheme}:"
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}

# Uploaded photos and headshots (pictures/uploads.py). Above about 178
# megapixels Pillow refuses an image whatever the pixel limit says.
NEWSROOM_IMAGE_MAX_BYTES = int(
    os.environ.get("DJANGO_IMAGE_MAX_BYTES", str(25 * 1024 * 1024))
)
NEWSROOM_IMAGE_MAX_PIXELS = int(
    os.environ.get("DJANGO_IMAGE_MAX_PIXELS", str(50_000_000))
)

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")
# A mail server that does not answer must not hold a request for long.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))
# Tries per queued email before it waits for someone to send it by hand
# (outbox/: 1, 4, 16… minutes apart).
NEWSROOM_MAIL_MAX_ATTEMPTS = int(os.environ.get("DJANGO_MAIL_MAX_ATTEMPTS", "8"))

# Served over HTTPS (usually by a proxy that terminates TLS): one setting
# turns on the redirect, HSTS and secure cookies together.
HTTPS = env_bool("DJANGO_HTTPS", env_bool("DJANGO_BEHIND_TLS_PROXY"))
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY") else None
)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = (
    int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS or not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# How many proxies in front of the app append to X-Forwarded-For (Varnish,
# nginx, a load balancer): the client is the address that many from the
# right. 0 means REMOTE_ADDR is the client.
NEWSROOM_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

# Login throttling (django-axes): after 10 wrong passwords for one username,
# or from one address, that username or address waits 15 minutes. Attempts
# are rows in the database, shared by every app server; an admin unlocks by
# deleting them (Axes → Access attempts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Content-Security-Policy (django-csp): no inline script anywhere; the
# admin's rich-text editor needs its import map, allowed by hash
# (newsroom.security), and its inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("DJANGO_CSP_IMG_SRC")],
        "media-src": ["'self'", *env_list("DJANGO_CSP_IMG_SRC")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if MEDIA_URL.startswith(("http://", "https://")):
    # Photos served from object storage or a media domain.
    _media = urlsplit(MEDIA_URL)
    for _directive in ("img-src", "media-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(
            f"{_media.scheme}://{_media.netloc}"
        )

NEWSROOM_SITE_NAME = os.environ.get("DJANGO_SITE_NAME", "经开新闻")
NEWSROOM_BASE_URL = os.environ.get("DJANGO_BASE_URL", "http://127.0.0.1:8000")
# The paper's logo in the masthead and for search engines (a static path or
# an address); without one the masthead shows the site's name.
NEWSROOM_SITE_LOGO = os.environ.get("DJANGO_SITE_LOGO", "")
# The source line of the paper's own stories (来源：本报); a wire story
# names its agency instead.
NEWSROOM_OWN_SOURCE = os.environ.get("DJANGO_OWN_SOURCE", "本报")
# Whether the masthead links to the print edition online (数字报).
NEWSROOM_PRINT_EDITION_LINK = os.environ.get("DJANGO_PRINT_EDITION_LINK", "1") == "1"
# The square picture a page shares when its story has no photo.
NEWSROOM_SHARE_IMAGE = os.environ.get("DJANGO_SHARE_IMAGE", "img/share.png")
# What the footer of a Chinese news site must show; each is left out unset.
NEWSROOM_ICP_NUMBER = os.environ.get("DJANGO_ICP_NUMBER", "")  # ICP备案号
NEWSROOM_PSB_NUMBER = os.environ.get("DJANGO_PSB_NUMBER", "")  # 公安备案号
NEWSROOM_NEWS_LICENSE = os.environ.get("DJANGO_NEWS_LICENSE", "")  # 新闻许可证
NEWSROOM_REPORT_PHONE = os.environ.get("DJANGO_REPORT_PHONE", "")  # 举报电话
NEWSROOM_REPORT_EMAIL = os.environ.get("DJANGO_REPORT_EMAIL", "")  # 举报邮箱
NEWSROOM_ABOUT_URL = os.environ.get("DJANGO_ABOUT_URL", "")  # 关于我们
NEWSROOM_CONTACT_URL = os.environ.get("DJANGO_CONTACT_URL", "")  # 联系我们
# Which review stage's signer a story credits as 责任编辑 (0: 初审), or -1
# for none.
NEWSROOM_RESPONSIBLE_EDITOR_STAGE = int(
    os.environ.get("DJANGO_RESPONSIBLE_EDITOR_STAGE", "0")
)
NEWSROOM_HEADLINE_MAX_LENGTH = int(os.environ.get("DJANGO_HEADLINE_MAX_LENGTH", "48"))
NEWSROOM_DEK_MAX_LENGTH = int(os.environ.get("DJANGO_DEK_MAX_LENGTH", "120"))
NEWSROOM_PREVIEW_LINK_HOURS = 48
# How long readers' browsers and shared caches may keep a public page, and
# how much longer they may show it while fetching a fresh one: a retraction
# leaves every cache within their sum.
NEWSROOM_PUBLIC_MAX_AGE = int(os.environ.get("DJANGO_PUBLIC_MAX_AGE", "60"))
NEWSROOM_PUBLIC_STALE_SECONDS = int(os.environ.get("DJANGO_PUBLIC_STALE_SECONDS", "30"))

# The CPU niceness import_edition runs at unless told otherwise: an import is
# background work beside the web workers, whose pages come first.
NEWSROOM_IMPORT_NICENESS = int(os.environ.get("DJANGO_IMPORT_NICENESS", "10"))
# Front caches to purge when what a page shows changes (frontcache/):
# Varnish at DJANGO_FRONT_CACHE_PURGE_URL, and any others named in
# DJANGO_FRONT_CACHE_BACKENDS as JSON, {"name": {"BACKEND": "dotted.path",
# ...its settings}}, e.g. a CDN's purge API.
NEWSROOM_FRONT_CACHE = {}
if os.environ.get("DJANGO_FRONT_CACHE_PURGE_URL"):
    NEWSROOM_FRONT_CACHE["varnish"] = {
        "BACKEND": "frontcache.backends.VarnishBackend",
        "LOCATION": os.environ["DJANGO_FRONT_CACHE_PURGE_URL"],
    }
try:
    NEWSROOM_FRONT_CACHE.update(
        json.loads(os.environ.get("DJANGO_FRONT_CACHE_BACKENDS", "") or "{}")
    )
except json.JSONDecodeError as exc:
    raise ImproperlyConfigured(
        f"DJANGO_FRONT_CACHE_BACKENDS is not valid JSON: {exc}"
    ) from exc
# With a front cache that is purged, how long it may keep a page (s-maxage):
# never past the next scheduled publication. Lists beside a story (latest,
# the desk's latest) are refreshed within this time; browsers keep
# NEWSROOM_PUBLIC_MAX_AGE.
NEWSROOM_FRONT_CACHE_MAX_AGE = int(os.environ.get("DJANGO_FRONT_CACHE_MAX_AGE", "300"))
# The review sequence (三审 by default). Each stage: a name, the group whose
# members may sign it, and whether only reviewers of the story's own department
# may. One stage reproduces "an editor approves". See articles/workflow/.
try:
    NEWSROOM_REVIEW_STAGES = json.loads(
        os.environ.get("DJANGO_REVIEW_STAGES", "")
        or """[
        {"name": "初审", "group": "editors"},
        {"name": "复审", "group": "desk_heads", "department_scoped": true},
        {"name": "终审", "group": "chief_editors"}
    ]"""
    )
except json.JSONDecodeError as exc:
    raise ImproperlyConfigured(
        f"DJANGO_REVIEW_STAGES is not valid JSON: {exc}"
    ) from exc
# How many proofreading passes (一校, 二校, 三校) must be recorded before 签发.
NEWSROOM_REQUIRED_PROOFREADS = int(os.environ.get("DJANGO_REQUIRED_PROOFREADS", "3"))
# Only for a one-person newsroom: lets the author sign their own story and one
# person sign several stages.
NEWSROOM_ALLOW_SELF_REVIEW = env_bool("DJANGO_ALLOW_SELF_REVIEW")

# -- The planning desk (planning/): 选题, assignments, the budget ---------------
# An assignment whose copy is not filed is "due soon" this many hours before
# its due time, and "late" after it; both are decided when a page is read.
NEWSROOM_PLANNING_DUE_SOON_HOURS = float(
    os.environ.get("DJANGO_PLANNING_DUE_SOON_HOURS", "2")
)
# A story may run this many percent over its planned 字数 before the budget
# marks it over length.
NEWSROOM_PLANNING_LENGTH_TOLERANCE = int(
    os.environ.get("DJANGO_PLANNING_LENGTH_TOLERANCE", "10")
)
# The time of day copy is due, the evening before its edition, unless the
# desk sets another due time.
NEWSROOM_PLANNING_DUE_TIME = os.environ.get("DJANGO_PLANNING_DUE_TIME", "17:00")
# How alike (0 to 1) an imported print story's headline must be to a planned
# story's for the two to be matched: on the planned page, and on another page
# of the same day (a story moved at the last minute).
NEWSROOM_PLANNING_MATCH_SAME_PAGE = float(
    os.environ.get("DJANGO_PLANNING_MATCH_SAME_PAGE", "0.5")
)
NEWSROOM_PLANNING_MATCH_OTHER_PAGE = float(
    os.environ.get("DJANGO_PLANNING_MATCH_OTHER_PAGE", "0.8")
)

# --- The desk in daily use: proofreading, presence and autosave -------------
# Whether unfixed proofreading findings (的的, banned words …) block 签发.
# Off, the 签发 page lists them as warnings.
NEWSROOM_PROOFREADING_FINDINGS_BLOCK = env_bool("DJANGO_PROOFREADING_FINDINGS_BLOCK")
# Whether the passes of a round need different people: one person records
# a second pass only after the text was edited since their first.
NEWSROOM_PROOFREADS_BY_DIFFERENT_PEOPLE = env_bool(
    "DJANGO_PROOFREADS_BY_DIFFERENT_PEOPLE", True
)
# How often an open story form reports who has it open (seconds), and how
# long a report counts when no newer one comes (the tab closed, the
# network gone). Kept in the cache, shared by every app server.
NEWSROOM_PRESENCE_SECONDS = int(os.environ.get("DJANGO_PRESENCE_SECONDS", "15"))
# Browsers poll a background tab about once a minute: 90 s keeps it listed.
NEWSROOM_PRESENCE_TIMEOUT = int(os.environ.get("DJANGO_PRESENCE_TIMEOUT", "90"))
# How often unsaved text is sent to the server while typing (seconds).
NEWSROOM_AUTOSAVE_SECONDS = int(os.environ.get("DJANGO_AUTOSAVE_SECONDS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
