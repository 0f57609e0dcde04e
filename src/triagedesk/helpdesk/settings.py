"""Django settings, built from triagedesk.conf (the only reader of the environment)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from triagedesk.conf import load_settings
from triagedesk.errors import ConfigError

_ENV = load_settings()
# A key shorter than this, or with fewer distinct characters, is refused outside debug mode.
_MIN_KEY_LENGTH = 50
_MIN_KEY_CHARACTERS = 5


def _secret_key(data_dir: Path, given: str, debug: bool) -> str:
    """The given key, else the one kept in the data directory, created there on first run."""
    if given:
        if not debug and (len(given) < _MIN_KEY_LENGTH or len(set(given)) < _MIN_KEY_CHARACTERS):
            raise ConfigError(
                f"TRIAGEDESK_SECRET_KEY is too weak: use at least {_MIN_KEY_LENGTH} random "
                "characters, or unset it to have one generated in the data directory"
            )
        return given
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(64), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def _database(data_dir: Path, url: str) -> dict[str, Any]:
    # Each worker keeps its connection for its whole life (CONN_MAX_AGE None): opening one per
    # request cost as much as storing a ticket. A PostgreSQL connection that broke (server
    # restarted) is noticed before the next request's first query and replaced.
    if url:
        database = dict(dj_database_url.parse(url, conn_max_age=None, conn_health_checks=True))
        # Names the helpdesk's connections in pg_stat_activity.
        database["OPTIONS"] = {"application_name": "triagedesk", **database.get("OPTIONS", {})}
        return database
    data_dir.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(data_dir / "triagedesk.sqlite3"),
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            # WAL lets readers work while a ticket is written; IMMEDIATE takes the write lock at
            # the start of a transaction, so two writers wait in turn instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DEBUG = _ENV.debug
SECRET_KEY = _secret_key(_ENV.data_dir, _ENV.secret_key, DEBUG)
DATA_DIR = _ENV.data_dir
DATABASES = {"default": _database(_ENV.data_dir, _ENV.database_url)}
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *_ENV.allowed_hosts] + (["*"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = [
    f"https://{host}" for host in _ENV.allowed_hosts if not host.startswith(".")
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "triagedesk.helpdesk",
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
    "django_htmx.middleware.HtmxMiddleware",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "queue"
LOGOUT_REDIRECT_URL = "login"
ROOT_URLCONF = "triagedesk.helpdesk.urls"
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
            ]
        },
    }
]
WSGI_APPLICATION = "triagedesk.helpdesk.wsgi.application"
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("sv", "Svenska"), ("da", "Dansk")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = str(_ENV.data_dir / "static")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
