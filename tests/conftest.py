"""Shared fixtures. Browser tests skip (locally) or fail (under CI=true) without Chromium."""

import os

import pytest
from browser_util import CHROMIUM, IN_CI


def require(condition: bool, reason: str) -> None:
    """Skip with `reason` when `condition` is false; under CI=true fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's Chromium for Playwright; never downloads a browser."""
    require(
        CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK),
        f"{CHROMIUM} is missing: run `bash tools/ensure_chromium.sh` as root "
        "(or `apt-get install chromium`) to run the browser test",
    )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require(False, "playwright is not installed: `pip install -e '.[test]'`")
    return str(CHROMIUM)
