"""The web app through its JSON twins and a few HTML checks (FastAPI's TestClient, on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import BACKENDS, EXAMPLES, database, fuzz
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.batch import analyze_stored, ingest_paths
from newstrace.models import Place, Source, TextSpan
from newstrace.settings import Settings
from newstrace.store import Store
from newstrace.web import claim_views, create_app, views
from newstrace.web.app import CSRF_COOKIE, SECURITY_HEADERS
from newstrace.web.demo import build_demo
from newstrace.web.graph import MAX_GRAPH_NODES, provenance
from newstrace.web.map import world_map
from newstrace.web.markup import Mark, safe_url, segments
from newstrace.web.timeline import TIMELINE_ROWS, timeline

# Inputs are named relative to the working directory, as `newstrace ingest examples/` names them.
EXAMPLES_ARG = os.path.relpath(EXAMPLES)
# The address the app is reached at in these tests, as a browser on this machine names it.
LOCAL = "http://127.0.0.1"
NPA = os.path.join(EXAMPLES_ARG, "npa-ferry-capsizes-gulf-of-finland.html")
# A payload for every field: each would run script if a page rendered it as markup.
PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1"><svg onload="window.__xss=1"></svg>'
HOSTILE = {
    "id": "evil-<script>window.__xss=1</script>",
    "url": "javascript:window.__xss=1",
    "outlet": "Evil " + PAYLOAD,
    "title": "Title " + PAYLOAD,
    "authors": ["Mallory " + PAYLOAD],
    "published": "2026-03-10T12:00:00+00:00",
    "text": f'Officials said {PAYLOAD} the ferry sank. <a href="javascript:window.__xss=1">click</a> '
    "The coast guard said at least 14 people died in Tallinn.",
}


def build_example_db(db: str, path: Path, extra: list[dict] | None = None) -> str:
    """The example corpus (plus extra JSONL records, written in ``path``) ingested and analysed into ``db``."""
    inputs = [EXAMPLES_ARG]
    if extra:
        records = path / "extra.jsonl"
        records.write_text("".join(json.dumps(r) + "\n" for r in extra), encoding="utf-8")
        inputs.append(str(records))
    with Store(db) as store:
        ingest_paths(inputs, store, Settings(db=db), quiet=True)
        analyze_stored(store, quiet=True)
    return db


@pytest.fixture(scope="module", params=BACKENDS)
def example_db(request, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("web")
    return build_example_db(database(request, request.param, folder), folder, [HOSTILE])


@pytest.fixture(scope="module")
def client(example_db, tmp_path_factory):
    app = create_app(example_db, upload_dir=tmp_path_factory.mktemp("uploads"), max_upload_bytes=200_000)
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


def test_home_json_counts_and_search(client):
    home = client.get("/index.json").json()
    assert home["ok"] is True
    assert home["counts"]["articles"] == 13  # the 12 examples and one hostile record
    found = client.get("/index.json", params={"q": "ballast valve"}).json()["results"]
    outlets = {r["outlet"] for r in found}
    assert "Baltic Courier" in outlets and "Castlemoor Evening Star" not in outlets
    assert all(r["href"].startswith("/article?id=") for r in found)


def test_search_input_never_reaches_fts_syntax(client):
    response = client.get("/index.json", params={"q": 'ferry" OR NEAR(* -'})
    assert response.status_code == 200


def test_article_json_marks_roles_and_keeps_offsets(client):
    page = client.get("/article.json", params={"id": NPA}).json()
    assert page["article"]["outlet"] == "Nordic Press Agency"
    text = "".join(s["text"] for s in page["segments"])
    with Store(client.app.state.store.db) as store:
        assert text == store.article(NPA).text  # segments put back together are the text, nothing lost
    roles = {c for s in page["segments"] for c in s["classes"]}
    assert {"role-source", "role-cue", "role-content"} <= roles
    assert any(row["chain"] and row["content"] for row in page["attributions"])


def test_not_found_is_404_in_json_and_html(client):
    missing = client.get("/article.json", params={"id": "nope"})
    assert missing.status_code == 404 and missing.json()["ok"] is False
    page = client.get("/article", params={"id": "nope"})
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


def test_bad_parameters_are_400_without_traceback(client):
    response = client.get("/article.json")
    assert response.status_code == 400
    assert "Traceback" not in response.text and "File " not in response.text


def test_every_response_has_security_headers(client):
    for url in ("/", "/index.json", "/static/style.css", "/nope", "/ingest", "/article?id=" + NPA):
        response = client.get(url)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (url, name)
    csp = SECURITY_HEADERS["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp


def test_hostile_article_shows_as_text(client):
    page = client.get("/article", params={"id": HOSTILE["id"]})
    assert page.status_code == 200
    body = page.text
    assert "<script>window.__xss" not in body and 'onerror="window' not in body and "<svg onload" not in body
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in body
    assert 'href="javascript:' not in body
    listing = client.get("/", params={"q": "Mallory ferry"}).text + client.get("/", params={"q": PAYLOAD}).text
    assert "<script>window.__xss" not in listing and "<img src=x" not in listing


def test_non_web_urls_never_become_links():
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url("https://example.org/a") == "https://example.org/a"


def test_segments_cover_text_and_merge_overlapping_marks():
    text = "Officials said the ferry sank."
    marks = [
        Mark(0, 9, "role-source"),
        Mark(10, 14, "role-cue"),
        Mark(15, 29, "role-content"),
        Mark(0, 14, "copied", "/c"),
    ]
    pieces = segments(text, [*marks, Mark(5, 99, "bad")])
    assert "".join(p.text for p in pieces) == text
    first = pieces[0]
    assert first.text == "Officials" and first.classes == ("copied", "role-source") and first.href == "/c"
    assert [p.text for p in pieces if "role-content" in p.classes] == ["the ferry sank"]


def _publication(eid: str, outlet: str | None, published: str | None) -> dict:
    return {"external_id": eid, "outlet": outlet, "title": eid, "published": published}


def test_timeline_rows_by_first_publication_and_undated_column():
    publications = [
        _publication("b", "Later", "2026-03-10T14:00:00+00:00"),
        _publication("a", "Wire", "2026-03-10T13:05:00+02:00"),
        _publication("c", "Nodate", None),
    ]
    chart = timeline(publications, lambda eid: "/x?" + eid)
    assert [row["label"] for row in chart["rows"]] == ["Wire", "Later", "Nodate"]
    wire, later, nodate = (next(p for p in chart["points"] if p["href"].endswith(k)) for k in "abc")
    assert wire["x"] < later["x"] < nodate["x"] and nodate["undated"]
    assert [p["count"] for p in chart["points"]] == [1, 1, 1]


def test_timeline_bins_by_outlet_and_hour_and_caps_rows():
    start = datetime(2026, 3, 10, 6, tzinfo=UTC)
    # Two hours of one outlet (three articles, then two), then one article each from many more outlets.
    publications = [_publication(f"w{i}", "Wire", (start + timedelta(minutes=20 * i)).isoformat()) for i in range(3)]
    publications += [_publication(f"v{i}", "Wire", (start + timedelta(minutes=70 + i)).isoformat()) for i in range(2)]
    many = TIMELINE_ROWS + 5
    publications += [
        _publication(f"o{i}", f"Outlet {i}", (start + timedelta(hours=2, minutes=i)).isoformat()) for i in range(many)
    ]
    chart = timeline(publications, lambda eid: "/x?" + eid)
    labels = [row["label"] for row in chart["rows"]]
    assert len(labels) == TIMELINE_ROWS and labels[0] == "Wire"
    assert (
        labels[-1] == f"{many - (TIMELINE_ROWS - 2)} other outlets" == f"{chart['outlets_sharing_a_row']} other outlets"
    )
    wire = [p for p in chart["points"] if p["y"] == chart["rows"][0]["y"]]
    assert sorted(p["count"] for p in wire) == [2, 3] and wire[0]["href"] == "/x?w0"
    assert sum(p["count"] for p in chart["points"]) == len(publications) == chart["articles"]
    shared_row = [p for p in chart["points"] if p["y"] == chart["rows"][-1]["y"]]
    assert sum(p["count"] for p in shared_row) == chart["outlets_sharing_a_row"]


def test_provenance_edges_point_downstream_and_origins_are_marked():
    fars = Source("FARS", "fars", "news_outlet")
    cnn = Source("CNN", "cnn", "news_outlet")
    graph = provenance([("Wire", "Copier", "a->b", 3)], [("Copier", (cnn, fars), 2)], {"fars"})
    nodes = {n["key"]: n for n in graph["nodes"]}
    edges = {(e["from"], e["to"], e["kind"]): e for e in graph["edges"]}
    assert edges[("outlet:wire", "outlet:copier", "copy")]["count"] == 3
    assert edges[("source:fars", "source:cnn", "relay")]["count"] == 2
    assert edges[("source:cnn", "outlet:copier", "relay")]["count"] == 2
    assert all(e["arrow_end"] and not e["arrow_start"] for e in edges.values())
    assert (
        nodes["outlet:wire"]["x"] < nodes["outlet:copier"]["x"] and nodes["source:fars"]["x"] < nodes["source:cnn"]["x"]
    )
    assert nodes["outlet:wire"]["origin"] and nodes["source:fars"]["origin"] and not nodes["outlet:copier"]["origin"]
    assert {n["key"] for n in provenance([], [("Copier", (cnn,), 1)], {"cnn"})["nodes"] if n["origin"]} == {
        "source:cnn"
    }


def test_provenance_leaves_out_the_least_connected_and_counts_them():
    flows = [("Wire", f"Outlet {i}", "a->b", 1) for i in range(MAX_GRAPH_NODES + 9)]
    graph = provenance(flows, [], set())
    assert len(graph["nodes"]) == MAX_GRAPH_NODES and graph["left_out"] == 10
    assert graph["left_out_kinds"] == {"outlets": 10}
    assert any(n["label"] == "Wire" for n in graph["nodes"])
    chain = [(f"Outlet {i}", f"Outlet {i + 1}", "a->b", 1) for i in range(8)]
    x = {n["key"]: n["x"] for n in provenance(chain, [], set())["nodes"]}
    assert [x[f"outlet:outlet {i}"] for i in range(9)] == sorted(x.values()), "a copy chain runs left to right"


def test_map_zooms_to_places_and_counts_mentions():
    tallinn = Place(TextSpan(0, 7, "Tallinn"), "Tallinn", "city", "EE", 59.44, 24.75, 0.9)
    helsinki = Place(TextSpan(0, 8, "Helsinki"), "Helsinki", "city", "FI", 60.17, 24.94, 0.9)
    unknown = Place(TextSpan(0, 3, "Foo"), "Foo", "city", None, None, None, 0.2)
    chart = world_map([tallinn, tallinn, helsinki, unknown])
    assert [(p["name"], p["count"]) for p in chart["points"]] == [("Tallinn", 2), ("Helsinki", 1)]
    x0, y0, width, height = map(float, chart["viewbox"].split())
    assert x0 < 24.75 < x0 + width and y0 < -59.44 < y0 + height and width < 60
    assert world_map([])["points"] == []


def _csrf(client) -> str:
    client.get("/ingest")
    return client.cookies.get(CSRF_COOKIE)


def test_ingest_without_csrf_token_is_refused(client):
    _csrf(client)
    response = client.post("/ingest", data={"text": "Some text."}, headers={"accept": "application/json"})
    assert response.status_code == 403 and "security token" in response.json()["error"]
    forged = client.post("/ingest", data={"text": "x", "csrf_token": "abc.def"}, headers={"accept": "application/json"})
    assert forged.status_code == 403


def test_oversize_upload_is_refused_with_a_clear_message(client):
    token = _csrf(client)
    big = {"files": ("big.txt", b"x" * 300_000, "text/plain")}
    response = client.post("/ingest", data={"csrf_token": token}, files=big)
    assert response.status_code == 413
    assert "upload too large" in response.text and "195 KB" in response.text


def test_paste_runs_the_pipeline_in_the_background(client):
    token = _csrf(client)
    text = "Harbour officials said the pier at Pärnu would reopen on Friday after repairs costing 2 million euros."
    form = {"csrf_token": token, "text": text, "title": "Pärnu pier to reopen", "outlet": "Test Post"}
    response = client.post("/ingest", data=form, follow_redirects=False)
    assert response.status_code == 303
    status_url = response.headers["location"] + ".json"
    for _ in range(600):
        job = client.get(status_url).json()["job"]
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["state"] == "done", job
    assert any("1 added" in line for line in job["messages"])
    found = client.get("/index.json", params={"q": "Pärnu pier"}).json()["results"]
    assert [r["outlet"] for r in found] == ["Test Post"]
    page = client.get("/article.json", params={"id": found[0]["external_id"]}).json()
    assert page["attributions"], "the pasted article was analysed"


@pytest.fixture(scope="module", params=BACKENDS)
def linked_client(request, tmp_path_factory):
    """The example corpus through the whole pipeline (ingest, analyze, link, assess), on each backend."""
    folder = tmp_path_factory.mktemp("linked")
    db = database(request, request.param, folder)
    build_demo(db, [EXAMPLES_ARG]).close()
    app = create_app(db, upload_dir=folder / "uploads")
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


def _follow(client, url: str, name: str) -> list:
    """Every item of one paged list of the story page, following its ``next`` links."""
    items = []
    while url:
        page = client.get(url).json()
        items += page[name]
        url = page["paging"][name]["next"]
    return items


def test_story_counts_are_exact_and_lists_page_through_everything(linked_client, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    with Store(linked_client.app.state.store.db) as store:
        story = max(store.stories(), key=lambda s: len(s.articles))
        claims, copies = store.claims(story=story.id), store.copies(story=story.id)
    assert len(story.articles) > 2 and len(claims) > 2 and len(copies) > 2, "the fixture must overflow a page"
    url = f"/story/{story.id}.json"
    page = linked_client.get(url).json()
    totals = page["totals"]
    assert totals["articles"] == len(story.articles) and totals["claims"] == len(claims)
    assert totals["copies"] == page["copies_total"] == len(copies)
    pairs = {frozenset((c.a, c.b)) for c in copies}
    assert totals["copy_pairs"] == len(pairs) > 2, "the fixture must overflow a page of pairs"
    assert totals["mentions"] == sum(len(c.mentions) for c in claims)
    assert [len(page[name]) for name in ("articles", "claims", "copies")] == [2, 2, 2]
    assert page["paging"]["articles"]["next"] == f"/story/{story.id}.json?articles=2"
    assert sorted(a["external_id"] for a in _follow(linked_client, url, "articles")) == sorted(story.articles)
    assert [c["id"] for c in _follow(linked_client, url, "claims")] == [c.id for c in claims]
    assert [c["mentions"] for c in _follow(linked_client, url, "claims")] == [len(c.mentions) for c in claims]
    listed = _follow(linked_client, url, "copies")
    assert {frozenset((c["a"], c["b"])) for c in listed} == pairs and len(listed) == len(pairs), "one row per pair"
    assert sum(c["passages"] for c in listed) == len(copies)
    assert sum(p["count"] for p in page["timeline"]["points"]) == len(story.articles)
    later = linked_client.get(url, params={"claims": 2, "copies": 2}).json()["paging"]
    assert later["claims"]["prev"] == f"/story/{story.id}.json?copies=2"  # the other list keeps its page
    html = linked_client.get(f"/story/{story.id}").text
    assert f"1–2 of {len(story.articles)}" in html and f'href="/story/{story.id}?articles=2#articles"' in html


def test_story_page_numbers_are_checked(linked_client):
    assert linked_client.get("/story/1.json", params={"articles": 0}).status_code == 400
    assert linked_client.get("/story/1.json", params={"claims": "x"}).status_code == 400
    beyond = linked_client.get("/story/1.json", params={"copies": 999}).json()
    assert beyond["copies"] == [] and beyond["paging"]["copies"]["next"] is None


def test_story_digest_is_kept_until_assess_touches_the_story(linked_client):
    store = linked_client.app.state.store
    story = max(store.stories(), key=lambda s: len(s.articles))
    first = views.story_digest(store, story.id)
    assert views.story_digest(store, story.id) is first
    store.save_claims(story.id, store.claims(story=story.id))  # what assess does: a new stamp
    again = views.story_digest(store, story.id)
    assert again is not first and again["pairs"] == first["pairs"]


def test_claim_page_lists_every_counted_mention_and_counts_the_folded_rest(linked_client, monkeypatch):
    monkeypatch.setattr(claim_views, "FOLDED_SHOWN", 1)
    monkeypatch.setattr(claim_views, "EVIDENCE_SHOWN", 2)
    store = linked_client.app.state.store
    claims = [c for s in store.stories() for c in store.claims(story=s.id)]
    claim = max(claims, key=lambda c: sum(1 for m in c.mentions if m.collapsed and m.stance == "supports"))
    folded = sum(1 for m in claim.mentions if m.collapsed and m.stance == "supports")
    assert folded > 1 and len(claim.evidence) > 2, "the fixture must overflow the caps"
    page = linked_client.get(f"/claim/{claim.id}.json").json()
    shown = [row for row in page["supporting"] if row["mention"]["collapsed"]]
    assert len(shown) == 1 and page["folded_hidden"]["supporting"] == folded - 1
    counted = [m for m in claim.mentions if not m.collapsed and m.stance == "supports"]
    assert len([r for r in page["supporting"] if not r["mention"]["collapsed"] and not r["via"]]) == len(counted)
    assert len(page["claim"]["evidence"]) == 2 and page["evidence_hidden"] == len(claim.evidence) - 2
    everything = linked_client.get(f"/claim/{claim.id}.json", params={"full": 1}).json()
    assert everything["folded_hidden"]["supporting"] == 0
    assert len(everything["claim"]["evidence"]) == len(claim.evidence)
    html = linked_client.get(f"/claim/{claim.id}").text
    assert f"and {folded - 1} more, not listed" in html and f'href="/claim/{claim.id}?full=1"' in html


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost", "LOCALHOST:80", "[::1]:8080"])
def test_the_app_answers_its_own_loopback_names(client, host):
    assert client.get("/index.json", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["attacker.example.com:18082", "127.0.0.1.attacker.example", "", "evil:80:80"])
def test_a_request_naming_another_host_is_refused_and_logged(client, host, caplog):
    """DNS rebinding: a page of another site whose name now points at 127.0.0.1 reads nothing and stores nothing."""
    for method, path in (("get", "/index.json"), ("get", "/ingest"), ("post", "/ingest")):
        response = getattr(client, method)(path, headers={"host": host})
        assert response.status_code == 400 and "answers only for" in response.text
        assert response.headers["x-frame-options"] == "DENY"
    assert "not one this server answers" in caplog.text


def test_a_host_allowed_by_name_is_answered(example_db, tmp_path):
    app = create_app(example_db, upload_dir=tmp_path, allowed_hosts=("newstrace.newsroom.lan",))
    with TestClient(app, base_url="http://newstrace.newsroom.lan:8080") as allowed:
        assert allowed.get("/index.json").status_code == 200
        assert allowed.get("/index.json", headers={"host": "127.0.0.1"}).status_code == 400


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/index.json", {"q": '"'}, 200),
        ("/index.json", {"q": "\x00"}, 200),
        ("/index.json", {"q": 'ferry " \x00 ("'}, 200),
        ("/story/1.json", {"claims": str(10**18)}, 400),
        ("/story/1.json", {"articles": "-5"}, 400),
        (f"/story/{'9' * 30}.json", {}, 404),
        (f"/story/{2**63}.json", {}, 404),
        (f"/story/{2**31}.json", {}, 404),  # past PostgreSQL's integers, which it refuses to compare
        (f"/claim/{2**31}.json", {}, 404),
        (f"/claim/{'9' * 30}.json", {}, 404),
        ("/article.json", {"id": "9" * 30}, 404),
        ("/check.json", {"claim": "ferry", "story": "9" * 30}, 404),
    ],
)
def test_bad_parameters_are_400_or_404_never_500(client, path, params, status):
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert response.json()["ok"] is (status == 200)


@settings(max_examples=fuzz(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(
        ["/index.json", "/story/1.json", "/claim/1.json", "/check.json", "/article.json", "/copy.json"]
    ),
    params=st.dictionaries(
        st.sampled_from(["q", "claims", "articles", "copies", "id", "a", "b", "claim", "story", "full"]),
        st.text(max_size=30) | st.integers(min_value=-(10**30), max_value=10**30).map(str),
        max_size=3,
    ),
)
def test_no_query_parameters_make_a_server_error(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code in (200, 400, 404), (path, params, response.text[:200])
    assert response.json()["ok"] is (response.status_code == 200)


def test_dates_read_as_a_reader_reads_them_with_iso_kept_in_the_markup():
    from newstrace.web.dates import readable_date, time_element

    assert readable_date("2015-10-08T20:21:00+03:00") == "8 Oct 2015, 17:21 UTC"
    assert readable_date("2015-10-08") == "8 Oct 2015"
    assert readable_date("2015-10-08T20:21:00") == "8 Oct 2015, 20:21"
    assert readable_date("sometime in 2015") == "sometime in 2015"
    assert str(time_element("2015-10-08T17:21:00+00:00")) == (
        '<time datetime="2015-10-08T17:21:00+00:00" title="2015-10-08T17:21:00+00:00">8 Oct 2015, 17:21 UTC</time>'
    )
    assert (
        str(time_element('"><script>'))
        == '<time datetime="&#34;&gt;&lt;script&gt;" title="&#34;&gt;&lt;script&gt;">&#34;&gt;&lt;script&gt;</time>'
    )


def test_pages_show_readable_dates(client):
    import re

    html = client.get("/").text
    assert "<time datetime=" in html and not re.search(r">\d{4}-\d{2}-\d{2}T", html)


def test_the_temporary_upload_folder_is_removed_when_the_app_shuts_down(example_db):
    """Without ``upload_dir`` uploads go to a folder of the app's own, which leaves nothing behind."""
    app = create_app(example_db)
    folder = Path(app.state.upload_folder.name)
    with TestClient(app, base_url=LOCAL) as client:
        assert client.get("/index.json").status_code == 200
        assert folder.is_dir()
    assert not folder.exists()
