"""Screenshot the example corpus's story page and its charts, a claim page, a checked claim and a copy page:
docs/screenshots/*.png.

Builds a demo database from examples/ in a temporary folder, serves it on a
free local port and drives Debian's Chromium (/usr/bin/chromium) with Playwright.

Run: python scripts/screenshot.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

from newstrace.web import create_app
from newstrace.web.demo import build_demo, serving

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# The pair of articles the copy page is shown with: a wire story and an outlet's lightly edited copy.
COPY = {
    "a": "examples/npa-ferry-capsizes-gulf-of-finland.html",
    "b": "examples/northstartimes-ferry-overturns-off-estonia.html",
}
# The story page's charts, each saved on its own: file name -> the heading of its section.
CHARTS = {"timeline": "Timeline", "provenance": "Provenance", "places": "Places"}
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
            page.screenshot(path=str(OUT / "story.png"))  # the top: the claim table a reader starts from
            for name, heading in CHARTS.items():
                page.locator(f"section:has(> h2:text-is('{heading}'))").screenshot(path=str(OUT / f"{name}.png"))
            page.click("a.claim-link >> nth=0")
            page.screenshot(path=str(OUT / "claim.png"), full_page=True)
            page.goto(url + "/")
            page.fill("#check-claim", CHECKED)
            page.click("form.check button")
            page.wait_for_selector("table.stances")
            page.screenshot(path=str(OUT / "check.png"), full_page=True)
            page.goto(url + "/copy?" + urlencode(COPY))
            page.screenshot(path=str(OUT / "copy.png"))  # the first rows: the page runs long
            browser.close()
    names = ["story", *CHARTS, "claim", "check", "copy"]
    print(f"wrote {', '.join(str(OUT / f'{name}.png') for name in names)}")


if __name__ == "__main__":
    main()
