"""The review queue in a real browser (Playwright driving Debian's Chromium): sign in, filter the queue, open a
flag, confirm it with a note, see the audit entry, export, switch language, sign out (and the old cookie no longer
works) — with no console or CSP errors. And the layout: at least six flags on a 1400×1000 screen (one line each,
the explanation behind a toggle), the chart's legend swatches at their 10×10 size, no default bulk action, ISO
date filters.

Chromium comes from Debian (`scripts/install-browser.sh`); Playwright's own browser download does not work here.
Without /usr/bin/chromium the test is skipped on a developer machine and FAILS in CI (CI set), so a CI run can
never pass without having run it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from review_fixtures import PASSWORD, build_review_db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _need(condition: bool, reason: str) -> None:
    if condition:
        return
    if _in_ci():
        pytest.fail(f"CI: {reason} — run scripts/install-browser.sh (and install the test extra) before the tests")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    _need(Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed (scripts/install-browser.sh installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "the playwright Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def served(tmp_path):
    from extractor.review.app import create_app
    from extractor.review.serve import serve_in_thread

    fx = build_review_db(tmp_path / "claims.db")
    with serve_in_thread(create_app(fx.path, secret="browser-test-" + "s" * 32)) as base:
        yield base, fx


@pytest.fixture
def crowded(tmp_path):
    """A queue with more flags than fit on a screen."""
    from extractor.review.app import create_app
    from extractor.review.serve import serve_in_thread

    fx = build_review_db(tmp_path / "claims.db", extra_flags=12)
    with serve_in_thread(create_app(fx.path, secret="browser-test-" + "s" * 32)) as base:
        yield base, fx


def _sign_in(page, base):
    page.goto(f"{base}/login")
    page.fill('input[name="username"]', "asha")
    page.fill('input[name="password"]', PASSWORD)
    page.click('form[action="/login"] button[type="submit"]')
    page.wait_for_url(f"{base}/")


def test_queue_density_chart_legend_bulk_and_dates(browser, crowded):
    base, fx = crowded
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    _sign_in(page, base)

    for lang in ("en", "hi"):
        page.goto(f"{base}/lang/{lang}?next=/")
        rows = page.locator("tr[data-flag]")
        assert rows.count() >= 8, rows.count()
        boxes = [rows.nth(i).bounding_box() for i in range(rows.count())]
        on_screen = [b for b in boxes if 0 <= b["y"] < 1000]
        assert len(on_screen) >= 6, (lang, [round(b["y"]) for b in boxes])
        assert max(b["height"] for b in boxes) < 48, (lang, [round(b["height"]) for b in boxes])  # one line each
    page.goto(f"{base}/lang/en?next=/")

    # the explanation opens in place
    slip = fx.flags["slip"].id
    details = page.locator(f'tr[data-flag="{slip}"] td.expl details')
    assert not details.locator("p").is_visible()
    details.locator("summary").click()
    assert details.locator("p").is_visible() and fx.flags["slip"].explanation_en in details.locator("p").inner_text()

    # no default bulk action: the placeholder is chosen and the browser will not submit it
    bulk = page.locator('select[name="bulk_action"]')
    assert bulk.input_value() == ""
    page.check(f'input[name="flag"][value^="{slip}:"]')
    page.click('#bulk button[type="submit"]')
    assert page.url == f"{base}/"
    assert page.evaluate('document.querySelector("select[name=bulk_action]").validity.valueMissing')
    page.goto(f"{base}/")  # nothing was changed
    assert page.locator(f'tr[data-flag="{slip}"]').count() == 1

    # ISO date filters, labelled, whatever the browser's locale
    date_from = page.locator('input[name="date_from"]')
    assert date_from.get_attribute("type") == "text" and date_from.get_attribute("placeholder") == "YYYY-MM-DD"
    assert "YYYY-MM-DD" in page.locator('label[for="f-date_from"]').inner_text()
    date_from.fill("07/01/2026")
    assert not page.evaluate('document.querySelector("input[name=date_from]").checkValidity()')
    date_from.fill("2026-01-08")
    page.click('form.filters button[type="submit"]')
    page.wait_for_url("**date_from=2026-01-08**")
    assert page.locator('input[name="date_from"]').input_value() == "2026-01-08"

    # the flag page's chart: the plot stretches, the legend swatches stay 10×10 (no blank space under them)
    page.goto(f"{base}/flags/{slip}")
    chart = page.locator("figure.chart > svg").bounding_box()
    assert chart["width"] > 600
    swatches = page.locator("figure.chart figcaption .legend svg")
    assert swatches.count() >= 2
    for i in range(swatches.count()):
        box = swatches.nth(i).bounding_box()
        assert box["width"] <= 12 and box["height"] <= 12, box
    figure = page.locator("figure.chart").bounding_box()
    assert figure["height"] < chart["height"] + 120, (figure, chart)

    assert not problems, problems
    context.close()


def test_sign_in_filter_confirm_audit_export(browser, served, tmp_path):
    base, fx = served
    slip = fx.flags["slip"].id
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    # every page needs a signed-in reviewer
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/login")
    page.fill('input[name="username"]', "asha")
    page.fill('input[name="password"]', PASSWORD)
    page.click('form[action="/login"] button[type="submit"]')
    page.wait_for_url(f"{base}/")
    assert page.locator("tr[data-flag]").count() == len(fx.flags)

    # the select-all box (the one bit of JavaScript) runs under the Content-Security-Policy
    page.check("input.select-all")
    assert page.locator('input[name="flag"]:checked').count() == len(fx.flags)
    page.uncheck("input.select-all")

    # filter the queue
    page.select_option("#f-kind", "magnitude_slip")
    page.click('form.filters button[type="submit"]')
    page.wait_for_url("**kind=magnitude_slip**")
    rows = page.locator("tr[data-flag]")
    assert rows.count() == 2
    assert page.locator(f'tr[data-flag="{slip}"]').count() == 1

    # open the flag: both claims, the evidence highlighted, the timeline
    page.click(f'tr[data-flag="{slip}"] td a')
    page.wait_for_url(f"{base}/flags/{slip}")
    assert page.locator("mark.ev").all_inner_texts() == ["14.5 करोड़", "1.45 करोड़"]
    assert page.locator("figure.chart svg circle.hit").count() == 2
    page.screenshot(path=str(tmp_path / "flag-before.png"))

    # confirm it as an error with the correct value, its source and a note
    note = "Browser test: CBC annual review says 1.45 crore"
    page.fill('#form-confirm input[name="correct_value"]', "1.45 करोड़")
    page.fill('#form-confirm input[name="correct_source"]', "CBC annual review 2025-26")
    page.fill('#form-confirm textarea[name="note"]', note)
    page.click("#form-confirm button[type=submit]")
    page.wait_for_url(f"{base}/flags/{slip}#audit")
    assert page.inner_text("#flag-status") == "Confirmed error"
    audit = page.locator("#audit tr.audit-row")
    assert audit.count() == 1
    row = audit.first.inner_text()
    assert "asha" in row and "Confirmed as an error" in row and note in row and "14500000" in row
    assert page.locator(".flash").inner_text() == "Saved."

    # the flag left the open queue
    page.goto(f"{base}/")
    assert page.locator(f'tr[data-flag="{slip}"]').count() == 0
    assert page.inner_text('.count[data-status="confirmed"]') == "1"

    # export the decisions
    page.goto(f"{base}/exports")
    with page.expect_download() as info:
        page.click('a[href="/export/decisions.csv"]')
    content = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    assert content.splitlines()[0].startswith("at,flag_id,kind,metric,state,action")
    assert slip in content and "confirm" in content and note in content

    # switch to Hindi
    page.click("a.lang-switch")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "hi"
    assert "डाउनलोड" in page.inner_text("h1")

    # the cookie is an opaque HttpOnly token; signing out ends the session on the server, so the same cookie
    # put back into a fresh browser opens nothing
    [cookie] = [c for c in context.cookies() if c["name"] == "karmayogi_review"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and len(cookie["value"]) == 43
    page.goto(f"{base}/lang/en?next=/")
    page.click('header form[action="/logout"]:not(#signout-everywhere) button[type=submit]')
    page.wait_for_url(f"{base}/login?ended=one")
    assert page.locator(".flash").inner_text() == "You are signed out."
    replay = browser.new_context()
    replay.add_cookies([{"name": cookie["name"], "value": cookie["value"], "url": base}])
    again = replay.new_page()
    again.goto(f"{base}/")
    assert again.url.startswith(f"{base}/login")
    replay.close()

    assert not problems, problems
    context.close()
