from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def weblog_store(settings: Any, tmp_path: Path) -> Path:
    """Each test gets its own columnar store (xdist workers must not share one)."""
    settings.WEBLOG_STORE_DIR = tmp_path / "weblogs"
    return Path(settings.WEBLOG_STORE_DIR)
