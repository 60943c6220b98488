"""Screenshot the example corpus's story page, a claim page and a checked claim: docs/screenshots/*.png.

Builds a demo database from examples/ in a temporary folder, serves it on a
free local port and drives Debian's Chromium (/usr/bin/chromium) with Playwright.

Run: python scripts/screenshot.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from newstrace.web import create_app
from newstrace.web.demo import build_demo, serving

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# The claim the check page is shown with.
CHECKED = "Nordvik warned regulators about a faulty valve before the Larkspur sank"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.db")
        os.chdir(REPO)  # ids as a user running from the checkout sees them ("examples/..."), no local path
        build_demo(db, ["examples"]).close()
        with serving(create_app(db, upload_dir=Path(folder) / "uploads")) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(url + "/story/1")
            OUT.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUT / "story.png"), full_page=True)
            page.click("a.claim-link >> nth=0")
            page.screenshot(path=str(OUT / "claim.png"), full_page=True)
            page.goto(url + "/")
            page.fill("#check-claim", CHECKED)
            page.click("form.check button")
            page.wait_for_selector("table.stances")
            page.screenshot(path=str(OUT / "check.png"), full_page=True)
            browser.close()
    print(f"wrote {OUT / 'story.png'}, {OUT / 'claim.png'} and {OUT / 'check.png'}")


if __name__ == "__main__":
    main()
