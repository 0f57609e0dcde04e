"""The browser tests' site: the demo helpdesk served on a free port for the whole session.

The tests drive it with Playwright on Debian's chromium and skip with the reason when chromium
or Playwright is missing (`.ci/run` installs chromium).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.server import CHROMIUM, Site, serve_demo


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo helpdesk, loaded into a fresh data directory and served until the session ends."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed")
    running, server = serve_demo(tmp_path_factory.mktemp("browser-data"))
    try:
        yield running
    finally:
        server.terminate()
        server.wait(timeout=60)


@pytest.fixture(scope="session")
def browser(site: Site) -> Iterator[Any]:
    """Debian's chromium under Playwright, launched once for every browser test."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()
