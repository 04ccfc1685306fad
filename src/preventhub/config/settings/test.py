"""Test settings: fast hashing, in-memory cache, fixed keys; database from DATABASE_URL."""

from .local import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; prod uses Argon2
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
FIELD_ENCRYPTION_KEYS = ["dGVzdC1vbmx5LWZpZWxkLWtleS1ub3Qtc2VjcmV0LTA="]
MEDIA_ROOT = VAR_DIR / "test-media"
