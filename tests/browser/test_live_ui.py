"""The live parts of the agent UI in a real browser: SLA countdowns and one-click review.

The browser's clock is Playwright's fake one: the countdown is moved to a chosen second before
its due time and run forward, so nothing waits on the wall clock.
"""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import datetime
from typing import Any

import pytest

from tests.browser.server import Site

WORKED_EXAMPLE = (
    "Den nya programversionen har satt hela vår bokföring ur spel. Vi kan inte längre skicka ut "
    "fakturor. Om inte detta fungerar imorgon måste vi se oss om efter alternativ."
)


def _new_ticket(site: Site, subject: str) -> dict[str, object]:
    """A ticket created through the API as the demo lead; the API's answer."""
    token = site.cli("token", "create", "--user", "lead").strip()
    request = urllib.request.Request(
        site.url + "/api/tickets",
        data=json.dumps({"text": WORKED_EXAMPLE, "subject": subject}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        created: dict[str, object] = json.load(response)
    return created


def test_the_countdown_ticks_breaches_and_survives_an_htmx_filter(site: Site, browser: Any) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    ticket = _new_ticket(site, "Bokföringen står still")
    reference = str(ticket["reference"])
    due = datetime.fromisoformat(str(ticket["first_response_due"])).timestamp()
    page = browser.new_context(locale="sv-SE").new_page()
    page.clock.install()
    site.log_in(page, "lead")
    page.evaluate("window.beforeTheFilter = true")
    page.fill("form.filters input[name=q]", reference)
    page.click("form.filters button[type=submit]")
    rows = page.locator("tr.ticket-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-reference", reference)
    assert page.evaluate("window.beforeTheFilter") is True  # swapped by htmx, not reloaded
    assert f"q={reference}" in page.url  # and the filter is in the address bar
    countdown = rows.first.locator("time.due").first
    page.clock.pause_at(due - 60.5)
    expect(countdown).to_have_text("2 minuter kvar")
    expect(countdown).to_have_class(re.compile(r"\bsoon\b"))
    page.clock.run_for(1000)
    expect(countdown).to_have_text("1 minut kvar")
    page.clock.run_for(60_000)  # past due; htmx's minutely refresh swaps the rows as well
    expect(countdown).to_have_text("1 minut över tiden")
    expect(countdown).to_have_class(re.compile(r"\bbreached\b"))
    page.clock.fast_forward("02:00:00")
    expect(countdown).to_have_text("2 timmar 1 minut över tiden")
    page.clock.fast_forward("48:00:00")
    expect(countdown).to_have_text("2 dagar över tiden")


def test_a_lead_confirms_a_decision_in_one_click_and_the_count_drops(
    site: Site, browser: Any
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    page = browser.new_page()
    site.log_in(page, "lead")
    count = page.locator("#review-count")
    before = int(count.inner_text())
    assert before > 0, "the demo has no ticket for the review queue"
    page.click("a.review-link")
    page.wait_for_url(site.url + "/review/")
    row = page.locator("tr.review-row").first
    reference = row.get_attribute("data-reference")
    reason = row.locator(".reasons q").first
    assert reason.inner_text().startswith("The category is uncertain:")
    assert (reason.get_attribute("title") or "").startswith("category confidence")
    row.locator("form.confirm button").click()
    expect(page.locator("tr.review-done")).to_have_text(f"{reference} confirmed.")
    expect(count).to_have_text(str(before - 1))
    page.reload()
    assert page.locator(f'tr.review-row[data-reference="{reference}"]').count() == 0
