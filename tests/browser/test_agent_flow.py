"""An agent's Monday morning in a real browser (Playwright on Debian's chromium) against `triagedesk serve`.

Skips with the reason when chromium or Playwright is missing (`.ci/run` installs chromium).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
STARTUP_DEADLINE_S = 120

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The demo helpdesk served on a free port; yields its URL and the demo users' passwords."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRIAGEDESK_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["TRIAGEDESK_DATA_DIR"] = str(tmp_path_factory.mktemp("browser-data"))
    cli = [sys.executable, "-m", "triagedesk"]
    loaded = subprocess.run(
        [*cli, "demo", "--no-serve"], env=env, capture_output=True, text=True, check=True
    )
    passwords = dict(re.findall(r"user (\w+)\s+password (\S+)", loaded.stdout))
    port = _free_port()
    log = Path(env["TRIAGEDESK_DATA_DIR"]) / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_DEADLINE_S
    while True:
        try:
            with urllib.request.urlopen(url + "/login/", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("the server did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.2)
    try:
        yield url, passwords
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_an_agent_logs_in_opens_the_critical_ticket_corrects_it_and_replies(
    site: tuple[str, dict[str, str]],
) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    url, passwords = site
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url + "/")
        page.fill("input[name=username]", "agent")
        page.fill("input[name=password]", passwords["agent"])
        page.click("button[type=submit]")
        first_row = page.locator("tr.ticket-row").first
        assert first_row.locator(".badge").inner_text().strip() == "Critical"
        reference = first_row.get_attribute("data-reference")
        first_row.locator("a").first.click()
        page.wait_for_url(f"**/tickets/{reference}/")
        assert "points" in page.locator(".card.triage h2").inner_text()
        assert page.locator(".breakdown li").count() >= 2
        old_category = page.locator(".category").inner_text().split(" / ")[0]
        new_category = "billing" if old_category != "billing" else "service"
        page.select_option("form.correct select[name=field]", "category")
        page.select_option("form.correct select[name=value]", new_category)
        page.fill("form.correct input[name=reason]", "the invoices are what hurts")
        page.click("form.correct button[type=submit]")
        page.wait_for_url(f"**/tickets/{reference}/")
        history = page.locator(".history").inner_text()
        assert f"agent category: {old_category} → {new_category}" in history
        page.fill(
            "form.reply textarea[name=text]", "Hej! Vi är på det och återkommer inom en timme."
        )
        page.click("form.reply button:has-text('Send reply')")
        page.wait_for_url(f"**/tickets/{reference}/")
        assert (
            page.locator("article.message.outbound")
            .last.inner_text()
            .endswith("återkommer inom en timme.")
        )
        browser.close()
