"""Local development and the demo: SQLite, debug pages, e-mail printed to the console."""

from preventhub.config.env import env_list, env_str

from .base import *

DEBUG = True
# A development-only key; production.py refuses to start without SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# A fixed development key so the demo database stays readable between runs.
FIELD_ENCRYPTION_KEYS = env_list(
    "FIELD_ENCRYPTION_KEYS", ["ZGV2LW9ubHktZmllbGQta2V5LW5vdC1zZWNyZXQtMDA="]
)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the source and build folders while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
