"""A real headless Chromium (Debian's) driving the real server: search, filtering, paging,
opening an article, hostile content shown as text, no CSP violations, and screenshots."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from web_corpus import HOSTILE_SOURCE, HOSTILE_TITLE
from web_support import ROOT

SHOTS = ROOT / "screenshots"


def args(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def no_console_errors(page):
    assert page.watch.messages == [], page.watch.messages
    assert page.watch.dialogs == []


def test_search_from_the_home_page(page, server):
    page.goto(server.url)
    box = page.locator("#q")
    assert box.evaluate("el => el === document.activeElement")  # autofocus
    box.fill("tariffs")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=tariffs"))
    assert page.locator("#q").input_value() == "tariffs"
    assert page.locator("li.hit").count() == 10
    assert "page 1 of 3" in page.locator("p.summary").inner_text()
    assert page.locator("li.hit mark").count() > 5
    no_console_errors(page)


def test_filtering_by_outlet_and_date_and_removing_filters(page, server):
    page.goto(server.url + "search?q=tariffs")
    page.get_by_role("checkbox", name=re.compile("Meridian Post")).check()  # app.js submits at once
    page.wait_for_url(re.compile(r"source=Meridian"))
    assert {t.strip() for t in page.locator("li.hit .outlet").all_inner_texts()} == {"Meridian Post"}
    page.get_by_role("checkbox", name=re.compile("Capitol Brief")).check()
    page.wait_for_url(re.compile(r"source=Capitol"))
    assert args(page)["source"] == ["Meridian Post", "Capitol Brief"]

    page.locator("#from").fill("2024-01-01")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"from=2024-01-01"))
    for d in page.locator("li.hit time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))"):
        assert d >= "2024-01-01"
    assert page.locator("a.chip-remove").count() == 3

    page.get_by_role("link", name=re.compile("Remove filter: Outlet: Meridian Post")).click()
    page.wait_for_load_state()
    assert args(page)["source"] == ["Capitol Brief"] and args(page)["from"] == ["2024-01-01"]
    page.get_by_role("link", name="Clear all filters").click()
    page.wait_for_load_state()
    assert set(args(page)) == {"q"}
    no_console_errors(page)


def test_sorting_and_paging(page, server):
    page.goto(server.url + "search?q=tariffs")
    page.select_option("#sort", "newest")
    page.wait_for_url(re.compile(r"sort=newest"))
    dates = page.locator("li.hit time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates == sorted(dates, reverse=True)

    page.get_by_role("link", name=re.compile("Next")).click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "page 2 of 3" in page.locator("p.summary").inner_text()
    assert args(page)["sort"] == ["newest"]
    page.get_by_role("link", name="Page 3").click()
    page.wait_for_url(re.compile(r"page=3"))
    assert page.locator("a.page-next").count() == 0
    assert page.locator("a.page-current").inner_text() == "3"
    no_console_errors(page)


def test_opening_an_article_and_going_back(page, server):
    page.goto(server.url + "search?q=truce")
    page.locator("details.copies summary").click()
    assert page.locator("details.copies li").count() == 1
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/article/"))
    assert "truce" in page.locator("h1").inner_text()
    assert page.locator("h1 mark").inner_text() == "truce"
    assert "also ran in 1 other outlet" in page.locator("aside.related").inner_text().lower()
    page.get_by_role("link", name=re.compile("Back to results")).click()
    page.wait_for_url(re.compile(r"/search\?q=truce"))
    no_console_errors(page)


def test_hostile_content_is_shown_as_text(page, server, ids):
    page.goto(server.url + "search?q=hearing")
    assert page.locator("li.hit h2").inner_text() == HOSTILE_TITLE
    assert HOSTILE_SOURCE in page.locator("li.hit .outlet").inner_text()
    assert '<script>alert("pwned-body")</script>' in page.locator("li.hit .snippet").inner_text()
    page.goto(server.url + f"article/{ids['hostile']}?q=tariffs")
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert "<iframe" in page.locator(".article-body").inner_text()
    assert page.locator("main script, main img, main iframe, main b").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("code.url-text").inner_text() == "javascript:alert(document.domain)"
    # A hostile query is echoed as text too.
    q = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    page.goto(server.url + "search?q=" + re.sub(r"[^A-Za-z0-9]", lambda m: "%%%02X" % ord(m.group()), q))
    assert page.locator("#q").input_value() == q
    assert page.locator("main img").count() == 0
    no_console_errors(page)  # also: no dialog was ever opened


def test_keyboard_use(page, server):
    page.goto(server.url + "search?q=tariffs")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent")
    assert skip.strip() == "Skip to content"
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    focused_outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused_outline != "none"


def test_every_input_has_a_label(page, server, ids):
    for path in ("", "search?q=tariffs", f"article/{ids['wire_first']}"):
        page.goto(server.url + path)
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)""")
        assert unlabelled == [], (path, unlabelled)
        assert page.locator("main").count() == 1 and page.locator("header").count() >= 1


def test_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server.url)
        page.fill("#q", "tariffs")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"q=tariffs"))
        page.get_by_role("checkbox", name=re.compile("Meridian Post")).check()
        page.select_option("#sort", "oldest")
        page.get_by_role("button", name="Sort").click()  # shown only without JavaScript
        page.wait_for_url(re.compile(r"sort=oldest"))
        assert args(page)["source"] == ["Meridian Post"]
        page.locator("li.hit h2 a").first.click()
        page.wait_for_url(re.compile(r"/article/"))
        assert page.locator(".article-body p").count() >= 1
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 375])
def test_no_sideways_scrolling_on_a_phone(browser, server, ids, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for path in ("", "search?q=tariffs", "search?q=hearing", f"article/{ids['hostile']}?q=tariffs",
                     "search?q=tariffs&source=Meridian+Post&from=2023-01-01", "search?q=nothingatallzz"):
            page.goto(server.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (path, overflow)
    finally:
        context.close()


def test_screenshots(browser, server, ids):
    """Home, results and article at desktop and phone widths, saved to screenshots/ to look at."""
    SHOTS.mkdir(exist_ok=True)
    pages = {"home": "", "results": "search?q=tariffs", "article": f"article/{ids['wire_first']}?q=tariffs"}
    for width, height in ((1280, 900), (375, 812)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        messages = []
        page.on("console", lambda m: messages.append(m.text))
        for name, path in pages.items():
            page.goto(server.url + path)
            out = SHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(out), full_page=True)
            assert out.stat().st_size > 5000
        context.close()
        assert messages == []


def test_the_csp_blocks_inline_script_and_the_watch_sees_it(page, server):
    """The console check above is not vacuous: an inline script or style smuggled into a page is
    refused by the Content-Security-Policy, and the refusal shows up in the console."""
    def inject(route):
        resp = route.fetch()
        body = resp.text().replace("</main>", '<script>document.title="ran"</script><p style="color:red">x</p></main>')
        route.fulfill(response=resp, body=body)

    page.route("**/search?q=tariffs", inject)
    page.goto(server.url + "search?q=tariffs")
    assert page.title() != "ran"
    assert any("Content Security Policy" in m and "script-src" in m for m in page.watch.messages)
    assert any("Content Security Policy" in m and "style-src" in m for m in page.watch.messages)
