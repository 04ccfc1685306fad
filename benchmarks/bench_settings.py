"""Production settings for the web benchmark, plus only what production.py lacks to serve pages.

At the time of writing the base settings have no STATICFILES_DIRS, so ``collectstatic`` misses
``src/preventhub/static`` (favicon, CSS, JS) and every page with ``{% static %}`` fails under the
manifest storage. This adds the directory if, and only if, the real settings do not; once the
base settings are fixed this module is the production settings unchanged.
"""

from pathlib import Path

from preventhub.config.settings.production import *  # noqa: F403

_OWN_STATIC = PACKAGE_DIR / "static"  # noqa: F405
if _OWN_STATIC not in [Path(p) for p in globals().get("STATICFILES_DIRS", [])]:
    STATICFILES_DIRS = [*globals().get("STATICFILES_DIRS", []), _OWN_STATIC]
