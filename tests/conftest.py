"""Shared fixtures. Browser tests skip (locally) or fail (under CI=true) without Chromium."""

import os

import pytest
from browser_util import CHROMIUM, IN_CI
from hypothesis import settings

# Property tests: one profile sized for `make test` (about 3 minutes on 2 cores in all);
# HYPOTHESIS_PROFILE=thorough runs ten times as many examples. Tests that need more than the
# default scale it (e.g. ``max_examples=15 * settings.default.max_examples``).
settings.register_profile("course", max_examples=100, deadline=None, derandomize=True)
settings.register_profile("thorough", parent=settings.get_profile("course"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))


def pytest_xdist_make_scheduler(config, log):
    """`-n 2 --dist load` (make test): every test goes to whichever worker is free, except
    that a notebook's cells stay together, in order, on one worker (nbval runs them in one
    kernel). So no single test file pins one worker. Other --dist modes are left alone."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class NotebookScope(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path.endswith(".ipynb") else nodeid

    return NotebookScope(config, log)


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
