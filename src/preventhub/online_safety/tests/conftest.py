from pathlib import Path

import pytest
from pytest_django.fixtures import SettingsWrapper


@pytest.fixture(autouse=True)
def weblog_store(settings: SettingsWrapper, tmp_path: Path) -> Path:
    """Each test gets its own columnar store (xdist workers must not share one)."""
    settings.WEBLOG_STORE_DIR = tmp_path / "weblogs"
    return Path(settings.WEBLOG_STORE_DIR)
