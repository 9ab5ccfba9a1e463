"""The search page in a real headless Chromium against ``gcmkg serve``: from the home page's box to a paragraph."""

from __future__ import annotations

from tests.server_process import server  # noqa: F401  (fixture)
from tests.test_server_pages import browser, page, shot  # noqa: F401  (fixtures)


def test_search_from_the_home_page_to_the_paragraph(page):
    page.goto("/")
    page.fill("#home-search input[name=q]", "remittance costs")
    page.press("#home-search input[name=q]", "Enter")
    page.wait_for_selector("#hits")
    assert page.url.endswith("/search?q=remittance+costs")
    first = page.locator("ol.hits li.hit").first
    assert first.locator("a").first.inner_text() == "Paragraph 46"
    assert first.locator("mark").all_inner_texts() == ["cost", "remittances"]
    assert page.input_value("#q") == "remittance costs"
    shot(page, "search")
    first.locator("a").first.click()
    page.wait_for_url("**/id/doc/imrf-2022-zero-draft/para_46")
    assert "cost of transferring remittances" in page.locator("#paragraph-text").inner_text()
    assert page.problems == []


def test_search_page_phrase_document_and_bad_input(page):
    page.goto("/search")
    assert page.locator("#hits").count() == 0  # the form alone
    page.fill("#q", '"loss and damage"')
    page.fill("#document", "paris-agreement")
    page.click("#search-form button")
    page.wait_for_selector("#hits")
    hits = page.locator("ol.hits li.hit")
    assert hits.count() >= 3
    assert all(" paris-agreement " in text for text in hits.locator(".muted").all_inner_texts())
    assert {text.lower() for text in hits.locator("mark").all_inner_texts()} == {"loss and damage"}
    response = page.goto("/search?q=( ) *")
    assert response.status == 400
    assert "q: give at least one word" in page.locator("#search-error").inner_text()
    # the one console error is Chromium reporting the 400 status of the page itself
    assert all("400" in problem for problem in page.problems)
