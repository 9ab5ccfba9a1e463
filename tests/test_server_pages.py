"""The pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against ``gcmkg serve``.

Set ``GCMKG_SCREENSHOTS=DIR`` to keep a full-page screenshot of every page visited.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.server_process import server  # noqa: F401  (fixture)

CHROMIUM = "/usr/bin/chromium"
# the flags this machine needs: no sandbox as root, no GPU, and no background calls to the internet
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors and uncaught exceptions; it must end with none."""
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda message: tab.problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    yield tab
    context.close()


def shot(page, name: str) -> None:
    folder = os.environ.get("GCMKG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_home_page_says_what_the_graph_holds(page):
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("The Global Compact for Migration")
    documents = page.locator("#documents tbody tr")
    assert documents.count() >= 6
    assert "International Migration Review Forum Progress Declaration" in page.locator("#documents").inner_text()
    assert page.locator("#objectives tbody tr").count() == 23
    assert re.search(r"Last build: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", page.locator("#build").inner_text())
    shot(page, "home")
    assert page.problems == []


def test_canned_query_runs_and_offers_downloads(page):
    page.goto("/")
    page.click("header nav >> text=Query")
    page.click("#canned-round-table-objectives a.run-canned")
    page.wait_for_selector("#results table")
    assert page.locator("#results tbody tr").count() == 23
    assert "Round table 3" in page.locator("#results").inner_text()
    csv = page.locator("#results a.download", has_text="CSV").get_attribute("href")
    assert csv == "/queries/round-table-objectives?format=csv"
    assert len(page.request.get(csv).text().strip().splitlines()) == 1 + 23
    share = page.locator("#share").get_attribute("href")
    assert share.endswith("/query?name=round-table-objectives")
    shot(page, "query-canned")
    assert page.problems == []


def test_canned_query_with_a_parameter_and_the_editor(page):
    page.goto("/query")
    page.click("#canned-targets-of-goal summary")
    page.fill("#canned-targets-of-goal input[name=goal]", "sdg:10")
    page.click("#canned-targets-of-goal button")
    page.wait_for_selector("#results table")
    assert page.locator("#results tbody tr").count() == 10
    assert "goal=sdg%3A10" in page.url
    page.fill("#query", "SELECT ?n WHERE { ?o a <https://w3id.org/gcmkg/ontology#Objective> ; "
                        "<http://www.w3.org/2004/02/skos/core#notation> ?n } ORDER BY ?n LIMIT 3")
    page.press("#query", "Control+Enter")  # query.js submits the editor
    page.wait_for_url(re.compile(r"/query\?query="))
    assert page.locator("#results tbody tr").count() == 3
    shot(page, "query-editor")
    assert page.problems == []


def test_from_paragraph_53_through_its_document_to_an_objective_and_an_sdg_target(page):
    page.goto("/id/doc/imrf-2022-zero-draft/para_53")
    text = page.locator("#paragraph-text").inner_text()
    assert text.startswith("53.") and "We will further align the implementation" in text
    assert page.locator("#paragraph-text a.evidence", has_text="Paris Agreement").count() == 1
    shot(page, "paragraph-53")
    page.click("nav.crumbs >> text=International Migration Review Forum Progress Declaration")
    page.wait_for_url("**/id/doc/imrf-2022-zero-draft")
    round_table = page.locator(".toc-section", has_text="Round table 3")
    assert "Paragraph 34" in round_table.inner_text()
    shot(page, "declaration")
    round_table.locator("p.covers a", has_text="Objective 20").click()
    page.wait_for_url("**/id/gcm/objective/20")
    assert page.locator("h1").inner_text() == "Objective 20"
    assert "remittances" in page.locator(".subtitle").inner_text()
    assert page.locator("#advanced-by tbody tr").count() >= 1
    shot(page, "objective-20")
    page.locator("#aligned-with a", has_text="By 2030, reduce to less than 3 per cent").first.click()
    page.wait_for_url("**/sdg/10.c")
    title = page.locator("h1").inner_text().replace("\xa0", " ")  # the official text keeps its no-break spaces
    assert title.startswith("By 2030, reduce to less than 3 per cent")
    assert "10.c" in page.locator(".statements").first.inner_text()
    shot(page, "sdg-target-10c")
    assert page.problems == []


def test_paragraph_page_shows_citations_and_footnotes(page):
    page.goto("/id/doc/imrf-2022-zero-draft/para_38")
    assert "[based on SG report, para 98" in page.locator("#paragraph-text").inner_text()
    assert page.locator(".citations tbody tr").count() == 3
    page.goto("/id/doc/imrf-2022-zero-draft/para_52")
    assert page.locator("#paragraph-text sup a").inner_text() == "5"
    assert "pledging initiative" in page.locator(".footnotes").inner_text()
    shot(page, "paragraph-52")
    assert page.problems == []


def test_charts_page(page):
    page.goto("/charts")
    assert page.locator("#coverage tbody tr").count() == 23
    figures = page.locator("figure.chart img")
    for index in range(figures.count()):  # every figure drawn and loaded (none when matplotlib is absent)
        figures.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figures.nth(index).element_handle(),
                               timeout=60_000)
    shot(page, "charts")
    assert page.problems == []


def test_unknown_iri_is_a_404_page_with_close_matches(page):
    response = page.goto("/id/doc/imrf-2022-zero-draft/para_533")
    assert response.status == 404
    matches = page.locator("#close-matches a")
    assert "https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft/para_53" in matches.all_inner_texts()
    shot(page, "not-found")
    # the one console error is Chromium reporting the 404 status of the page itself
    assert all("404" in problem for problem in page.problems)
