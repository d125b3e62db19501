#!/usr/bin/env python3
"""Screenshots of the review queue for the README: docs/screenshots/queue.png and docs/screenshots/flag.png.

    .venv/bin/python scripts/screenshots.py [--lang en|hi] [--out docs/screenshots]

Builds the test fixture database (two real seed articles, hand-made flags; tests/review_fixtures.py) in a temporary
folder, serves it on a free loopback port and drives Debian's Chromium (/usr/bin/chromium; scripts/install-browser.sh
installs it) with Playwright. Each PNG is checked to stay under 300 KB.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAX_BYTES = 300 * 1024


def corpus_db(path: Path, password: str) -> tuple[Path, str]:
    """The bundled corpus through `extract batch` (flags included), a reviewer "asha", and the flag to show: the
    registered-users slip between the two reports of the 6 January 2026 meeting (seeds 001 and 004)."""
    from extractor.batch.runner import run_batch
    from extractor.review.decisions import create_reviewer
    from extractor.store import open_db

    run_batch([str(ROOT / "corpus")], str(path), workers=1)
    db = open_db(path)
    create_reviewer(db, "asha", password, display_name="Asha Verma")
    rows = db.execute("SELECT id, claim_ids FROM flags WHERE kind = 'magnitude_slip' AND metric = 'registered_users'"
                      " ORDER BY severity_rank, id").fetchall()
    paths = {cid: p for cid, p in db.execute("SELECT id, source_path FROM claims")}
    for fid, claim_ids in rows:
        import json

        sources = " ".join(paths.get(c, "") for c in json.loads(claim_ids))
        if "001_" in sources and "004_" in sources:
            return path, fid
    return path, rows[0][0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--lang", default="en", choices=["en", "hi"])
    ap.add_argument("--fixture", action="store_true",
                    help="Use the test fixture database instead of a batch over the bundled corpus.")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: run scripts/install-browser.sh first", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright
    from review_fixtures import PASSWORD, build_review_db

    from extractor.review.app import create_app
    from extractor.review.serve import serve_in_thread

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.fixture:
            fx = build_review_db(Path(tmp) / "claims.db", hostile=False)
            db_path, flag_id = fx.path, fx.flags["slip"].id
        else:
            db_path, flag_id = corpus_db(Path(tmp) / "claims.db", PASSWORD)
        app = create_app(db_path, secret="screenshots-" + "x" * 32)
        with serve_in_thread(app) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 820}, locale="en-IN")
            page.context.add_cookies([{"name": "lang", "value": args.lang, "url": base}])
            page.goto(f"{base}/login")
            page.fill('input[name="username"]', "asha")
            page.fill('input[name="password"]', PASSWORD)
            page.click('button[type="submit"]')
            page.wait_for_url(f"{base}/")
            page.screenshot(path=str(out / "queue.png"))
            page.goto(f"{base}/flags/{flag_id}")
            page.set_viewport_size({"width": 1280, "height": 1100})
            page.screenshot(path=str(out / "flag.png"))
            browser.close()
    ok = True
    for name in ("queue.png", "flag.png"):
        size = (out / name).stat().st_size
        print(f"{out / name}: {size // 1024} KB")
        if size > MAX_BYTES:
            print(f"  over {MAX_BYTES // 1024} KB", file=sys.stderr)
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
