"""End to end in headless Chromium: the example corpus served on a local port, clicked through.

Uses Debian's Chromium (/usr/bin/chromium; .ci/run installs it) through
Playwright, never a downloaded browser. Screenshots go to tmp_path.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from test_web import EXAMPLES_ARG, HOSTILE

from newstrace.web import create_app
from newstrace.web.demo import build_demo, serving

CHROMIUM = Path("/usr/bin/chromium")
# Long enough for the pipeline to analyse one pasted article on a busy two-core machine.
JOB_TIMEOUT_MS = 180_000

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium (.ci/run does)"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = str(folder / "e2e.db")
    build_demo(db, [EXAMPLES_ARG, str(hostile)]).close()
    with serving(create_app(db, upload_dir=folder / "uploads")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def test_open_a_story_click_a_claim_and_see_its_evidence(site, page, tmp_path):
    page.goto(site + "/")
    page.click("table.stories a >> nth=0")
    assert page.locator("svg.timeline circle.pub").count() >= 4
    assert page.locator("svg.graph .node").count() >= 2
    assert page.locator("svg.map .place").count() >= 3
    page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
    claim_text = page.locator("a.claim-link >> nth=0").inner_text()
    page.click("a.claim-link >> nth=0")
    assert page.locator("h1.claim-text").inner_text() == claim_text
    evidence = page.locator(".evidence li.mention")
    assert evidence.count() >= 1
    assert claim_text.split()[0] in evidence.first.locator(".sentence").inner_text()
    page.screenshot(path=str(tmp_path / "claim.png"), full_page=True)
    assert (tmp_path / "story.png").stat().st_size > 10_000


def test_article_page_marks_roles_and_links_copies(site, page):
    page.goto(site + "/article?" + urlencode({"id": "coastlinedaily-0001"}))
    for role in ("role-source", "role-cue", "role-content"):
        assert page.locator(f".article-text .{role}").count() > 0, role
    page.click(".article-text a.copied >> nth=0")
    assert page.locator(".side-by-side mark").count() >= 2


def test_hostile_article_runs_no_script_anywhere(site, page, tmp_path):
    article = site + "/article?" + urlencode({"id": HOSTILE["id"]})
    claims = page.request.get(site + "/story/1.json").json()["claims"]
    urls = [site + "/", site + "/?q=Mallory", site + "/story/1", article]
    urls += [site + c["href"] for c in claims]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, url
    page.goto(article)
    assert "<script>window.__xss=1</script>" in page.locator("h1").inner_text()
    assert page.locator(".article-text script, .article-text img, .article-text svg").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    assert page.dialogs == []


def test_paste_an_article_and_watch_the_pipeline(site, page):
    page.goto(site + "/ingest")
    page.fill("input[name=title]", "Rakvere library reopens")
    page.fill("input[name=outlet]", "E2E Courier")
    page.fill("textarea[name=text]", "The mayor of Rakvere said the town library would reopen on Monday after a fire.")
    page.click("form.ingest button[type=submit]")
    assert "/jobs/" in page.url
    page.wait_for_selector(".job-state.state-done", timeout=JOB_TIMEOUT_MS)
    page.goto(site + "/?q=Rakvere+library")
    page.click("ul.cards a.title >> nth=0")
    assert page.locator("h1").inner_text() == "Rakvere library reopens"


def test_check_a_claim_from_the_home_page(site, page, tmp_path):
    page.goto(site + "/")
    page.fill("#check-claim", "Nordvik warned regulators about a faulty valve before the Larkspur sank")
    page.click("form.check button")
    page.wait_for_selector("table.stances")
    assert "/check?" in page.url
    stances = page.locator("table.stances .stance").all_inner_texts()
    assert "supports" in stances and "unrelated" in stances  # every article of the story, judged
    assert page.locator(".origins-disputing").count() == 1  # the maritime board disputes it
    page.screenshot(path=str(tmp_path / "check.png"), full_page=True)
    assert not page.dialogs
