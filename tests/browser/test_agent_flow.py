"""An agent's Monday morning in a real browser (Playwright on Debian's chromium) against `triagedesk serve`."""

from __future__ import annotations

from typing import Any

from tests.browser.server import Site


def test_an_agent_logs_in_opens_the_critical_ticket_corrects_it_and_replies(
    site: Site, browser: Any
) -> None:
    url = site.url
    page = browser.new_page()
    site.log_in(page, "agent")
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
    page.wait_for_url(f"{url}/tickets/{reference}/")
    history = page.locator(".history").inner_text()
    assert f"agent category: {old_category} → {new_category}" in history
    page.fill("form.reply textarea[name=text]", "Hej! Vi är på det och återkommer inom en timme.")
    page.click("form.reply button:has-text('Send reply')")
    page.wait_for_url(f"{url}/tickets/{reference}/")
    assert (
        page.locator("article.message.outbound")
        .last.inner_text()
        .endswith("återkommer inom en timme.")
    )
