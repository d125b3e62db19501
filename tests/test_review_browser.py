"""The review queue in a real browser (Playwright driving Debian's Chromium): sign in, filter the queue, open a
flag, confirm it with a note, see the audit entry, export, switch language, sign out (and the old cookie no longer
works) — with no console or CSP errors.

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
