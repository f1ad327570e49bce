"""The HTML report in a real browser: Debian's chromium driven by playwright (no `playwright
install`). Screenshots go to test-artifacts/ (gitignored)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from legdiff.render import anchors, render
from legdiff.serialize import report_json

pytestmark = pytest.mark.chromium

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 900}


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where .ci/run installs chromium and playwright."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI is expected to provide it (.ci/run installs chromium)")
    pytest.skip(f"{reason}; install it to run the browser tests (CI installs it in .ci/run)")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright; "
                     "`playwright install` is not needed)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def artifacts(repo_root) -> Path:
    folder = repo_root / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def denver_file(denver_report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "denver.html"
    path.write_text(render(denver_report, "html"), encoding="utf-8")
    return path


class Visit:
    """A page opened from disk, with every request and dialog it made recorded."""

    def __init__(self, browser, path: Path, fragment: str = "", **context) -> None:
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT, **context)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url + fragment)

    def _route(self, route) -> None:
        self.requests.append(route.request.url)
        if route.request.url.split("#")[0] == self.url:
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visible(self, selector: str) -> list[str]:
        return [e.get_attribute("id") for e in self.page.query_selector_all(selector) if e.is_visible()]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(path: Path, fragment: str = "", **context) -> Visit:
        opened.append(Visit(browser, path, fragment, **context))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


def _courthouse_concern(report) -> str:
    """The anchor of the concerns letter's ask about courthouses."""
    concerns = next(s for s in report.documents if str(s.document.role) == "concerns")
    ids = anchors(report)
    return next(ids[p.id] for p in concerns.leaves() if "courthouse" in p.text.lower() and p.id in ids)


def test_render_browser_summary_counts_equal_json(visit, denver_file, denver_report):
    page = visit(denver_file).page
    cells = page.eval_on_selector_all(
        "td[data-status]", "cells => cells.map(c => [c.dataset.document, c.dataset.status, c.innerText])")
    shown = {(document, status): int(text) for document, status, text in cells}
    summary = report_json(denver_report)["summary"]
    for document, counts in summary["documents"].items():
        for status in summary["total"]:
            assert shown[(document, status)] == counts.get(status, 0), (document, status)
    for status, n in summary["total"].items():
        assert shown[("", status)] == n


def test_render_browser_filter_missing_shows_courthouse_concern(visit, denver_file, denver_report):
    opened = visit(denver_file)
    page = opened.page
    codified = len(page.query_selector_all('article[data-status="codified"]'))
    assert codified and len(opened.visible('article[data-status="codified"]')) == codified
    page.select_option("#filter-status", "missing")
    courthouse = _courthouse_concern(denver_report)
    assert courthouse in opened.visible("article.provision")
    assert "courthouse" in page.inner_text(f"#{courthouse}").lower()
    assert page.get_attribute(f"#{courthouse}", "data-status") == "missing"
    assert opened.visible('article[data-status="codified"]') == []
    missing = report_json(denver_report)["summary"]["total"]["missing"]
    assert len(opened.visible("article.provision")) == missing
    total = len(page.query_selector_all("article.provision"))
    assert page.inner_text("#filter-count") == f"Showing {missing} of {total} provisions."


def test_render_browser_text_search_and_clear(visit, denver_file):
    opened = visit(denver_file)
    opened.page.fill("#filter-text", "courthouses")
    shown = opened.visible("article.provision")
    assert shown and all("courthouse" in opened.page.inner_text(f"#{i}").lower() for i in shown)
    opened.page.click("button[type=reset]")
    opened.page.wait_for_function("document.querySelectorAll('article.provision[hidden]').length === 0")


def test_render_browser_filter_by_document_and_changed_substance(visit, denver_file):
    opened = visit(denver_file)
    page = opened.page
    page.select_option("#filter-document", "concerns-letter.txt")
    shown = opened.visible("article.provision")
    assert shown and all(i.startswith("concerns-letter-txt--") for i in shown)
    assert opened.visible("section.document") == ["document-concerns-letter-txt"]
    page.select_option("#filter-document", "")
    page.select_option("#filter-change", "changed")
    shown = opened.visible("article.provision")
    assert shown and all(page.get_attribute(f"#{i}", "data-changed") == "yes" for i in shown)
    assert all(page.is_visible(f"#{i} .change") for i in shown)  # each says how its substance differs


def _in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < VIEWPORT["height"] and box["height"] > 0


def test_render_browser_anchor_scrolls_provision_into_view(visit, denver_file, denver_report):
    courthouse = _courthouse_concern(denver_report)
    page = visit(denver_file, f"#{courthouse}").page
    assert page.evaluate("window.scrollY") > 0
    assert _in_viewport(page, f"#{courthouse}")


def test_render_browser_anchor_reveals_a_filtered_provision(visit, denver_file, denver_report):
    courthouse = _courthouse_concern(denver_report)
    page = visit(denver_file).page
    page.select_option("#filter-status", "codified")
    assert not page.is_visible(f"#{courthouse}")
    page.evaluate(f"window.location.hash = {courthouse!r}")
    page.wait_for_selector(f"#{courthouse}", state="visible")
    assert _in_viewport(page, f"#{courthouse}")


def test_render_browser_makes_no_requests(visit, denver_file):
    opened = visit(denver_file)
    opened.page.select_option("#filter-status", "missing")
    opened.page.fill("#filter-text", "warrant")
    opened.page.check("#filter-unchanged")
    opened.page.wait_for_timeout(200)
    assert opened.requests == [opened.url]


def test_render_browser_hostile_document_is_inert(visit, hostile_report, tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(render(hostile_report, "html"), encoding="utf-8")
    opened = visit(path)
    page = opened.page
    page.click("text=[x](javascript:alert(1))")  # link syntax in a document is text, not a link
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.dialogs == []
    assert opened.requests == [opened.url]
    assert page.evaluate("document.images.length") == 0
    ids = anchors(hostile_report)
    first, second = ids["ordinance.txt:sec-1-101-a"], ids["ordinance.txt:sec-1-101-b"]
    assert "<script>window.__pwned = 1; alert(1)</script>" in page.inner_text(f"#{first} .provision-text")
    assert "<img src=x onerror=alert(1)>" in page.inner_text(f"#{second} .provision-text")
    text = page.locator(f"#{second} .provision-text").bounding_box()
    article = page.locator(f"#{second}").bounding_box()
    assert article["x"] <= text["x"] and text["x"] + text["width"] <= article["x"] + article["width"]
    assert article["y"] <= text["y"] and text["y"] + text["height"] <= article["y"] + article["height"]


def test_render_browser_without_javascript_shows_every_provision(visit, denver_file):
    opened = visit(denver_file, java_script_enabled=False)
    provisions = opened.page.query_selector_all("article.provision")
    assert provisions and len(opened.visible("article.provision")) == len(provisions)
    assert not opened.page.is_visible("#filters")  # controls that could not work are not shown
    assert opened.page.is_visible(".redline")


def test_render_browser_print_shows_everything_without_filters(visit, denver_file, artifacts):
    opened = visit(denver_file)
    page = opened.page
    page.select_option("#filter-status", "missing")
    page.emulate_media(media="print")
    assert not page.is_visible("#filters")
    total = len(page.query_selector_all("article.provision"))
    assert len(opened.visible("article.provision")) == total
    page.pdf(path=str(artifacts / "denver-print.pdf"), format="Letter")


_CONTRAST = """elements => elements.map(e => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = c => { const [r, g, b] = c.map(channel); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let node = e, bg = getComputedStyle(node).backgroundColor;
  while (node && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
    node = node.parentElement;
    bg = node ? getComputedStyle(node).backgroundColor : 'rgb(255, 255, 255)';
  }
  const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(rgb(bg))];
  return [e.className || e.tagName, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
})"""


def test_render_browser_text_contrast_meets_wcag_aa(visit, denver_file):
    page = visit(denver_file).page
    selectors = ".label, .relation, del, ins, .note, .doc-name, .score, .provision-heading, a, td, caption"
    ratios = page.eval_on_selector_all(selectors, _CONTRAST)
    low = {name: round(ratio, 2) for name, ratio in ratios if ratio < 4.5}
    assert ratios and not low


def test_render_browser_screenshots(visit, denver_file, artifacts):
    page = visit(denver_file).page
    page.locator("#summary").screenshot(path=str(artifacts / "denver-summary.png"))
    redline = page.locator("article.status-codified .redline").first
    redline.locator("xpath=ancestor::li[1]").screenshot(path=str(artifacts / "denver-redline.png"))
    page.locator("#matrix").screenshot(path=str(artifacts / "denver-matrix.png"))
    assert (artifacts / "denver-summary.png").stat().st_size > 10_000
    assert (artifacts / "denver-redline.png").stat().st_size > 2_000
