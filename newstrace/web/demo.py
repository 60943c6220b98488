"""A demo database for the web app's tests, benchmark and screenshots.

Ingests and analyses real inputs (the example corpus), then stands in for the
link and assess stages with deliberately simple exact matching, so the story,
claim and copy pages have records to show before (or without) those stages:

* copies: identical paragraphs of at least :data:`MIN_PARAGRAPH` characters;
  the earliest dated article holding one is its origin;
* claims: attribution contents stated word for word in two or more articles,
  plus negated ones; a negated attribution disputes, any other supports.

``replicate`` clones every analysed article (text, analysis and all) under new
ids and outlets, to build a large story fast for the benchmark.
"""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from ..batch import analyze_stored, ingest_paths
from ..models import Analysis, Article, Claim, ClaimMention, CopiedPassage, Story, TextSpan
from ..settings import Settings
from ..store import FACT_TABLES, Store, utc_sort_key

# Paragraphs shorter than this (datelines, "Read more") are not evidence of copying.
MIN_PARAGRAPH = 80
# Claims kept per story: the most widely stated first.
MAX_CLAIMS = 40


def build_demo(db: str, inputs: list[str], *, replicate: int = 0) -> Store:
    """Ingest and analyse ``inputs`` into ``db``, clone ``replicate`` copies of each article, link and assess."""
    store = Store(db)
    ingest_paths(inputs, store, Settings(db=db), quiet=True)
    analyze_stored(store, quiet=True)
    if replicate:
        _replicate(store, replicate)
    articles = sorted(
        store.articles(), key=lambda a: (a.published is None, utc_sort_key(a.published) or "", a.external_id)
    )
    passages = _copies(articles)
    story = Story(0, articles[0].title or articles[0].external_id)
    dated = [a.published for a in articles if a.published]
    story.first_published, story.last_published = (dated[0], dated[-1]) if dated else (None, None)
    story.id = 1
    for article in articles:
        store.save_link(article, [], [p for p in passages if p.b == article.external_id], story.id)
    story.articles = [a.external_id for a in articles]
    store.save_stories([story])
    store.save_claims(story.id, _claims(store, articles, passages, story.id))
    return store


def _replicate(store: Store, times: int) -> None:
    originals = list(store.articles())
    analyses = {a.external_id: _stored_analysis(store, a) for a in originals}
    clones = []
    for n in range(1, times + 1):
        for article in originals:
            clone = dataclasses.replace(
                article,
                id=None,
                external_id=f"{article.external_id}#clone{n}",
                url=None,
                outlet=f"{article.outlet or 'Outlet'} {n}",
                published=_shift(article.published, n),
            )
            clones.append((clone, analyses[article.external_id]))
    store.add_articles([clone for clone, _ in clones])
    for clone, analysis in clones:
        store.save_analysis(clone, analysis, "demo-clone")


def _stored_analysis(store: Store, article: Article) -> Analysis:
    analysis = Analysis(attributions=[a for _, a in store.attributions(article)])
    for name in FACT_TABLES:
        if hasattr(analysis, name):
            setattr(analysis, name, [record for _, record in store.facts(name, article)])
    return analysis


def _shift(published: str | None, minutes: int) -> str | None:
    if not published or "T" not in published:
        return published
    return (datetime.fromisoformat(published) + timedelta(minutes=minutes)).isoformat()


def _paragraphs(article: Article):
    start = 0
    for paragraph in article.text.split("\n\n"):
        if len(paragraph) >= MIN_PARAGRAPH:
            yield TextSpan(start, start + len(paragraph), paragraph)
        start += len(paragraph) + 2


def _copies(articles: list[Article]) -> list[CopiedPassage]:
    """Each identical paragraph, from the first article holding it (articles in publication order)."""
    first: dict[str, tuple[Article, TextSpan]] = {}
    passages = []
    for article in articles:
        for span in _paragraphs(article):
            if span.text not in first:
                first[span.text] = (article, span)
                continue
            origin, origin_span = first[span.text]
            if origin.external_id == article.external_id:
                continue
            known = bool(origin.published and article.published)
            passages.append(
                CopiedPassage(
                    origin.external_id,
                    article.external_id,
                    origin_span,
                    span,
                    1.0,
                    len(span.text) / max(len(origin.text), 1),
                    len(span.text) / max(len(article.text), 1),
                    "a->b" if known else "unknown",
                    "earlier publication" if known else "no evidence",
                )
            )
    return passages


def _claims(store: Store, articles: list[Article], passages: list[CopiedPassage], story_id: int) -> list[Claim]:
    by_id = {a.external_id: a for a in articles}
    copied_from = {(p.b, p.b_span.start): p.a for p in passages}
    stated: dict[str, list[ClaimMention]] = defaultdict(list)
    for external_id, attribution in store.attributions():
        article = by_id.get(external_id)
        if article is None or not attribution.content:
            continue
        content = attribution.content[0]
        paragraph_start = article.text.rfind("\n\n", 0, content.start)
        paragraph_start = 0 if paragraph_start < 0 else paragraph_start + 2
        paragraph_end = article.text.find("\n\n", content.end)
        paragraph_end = len(article.text) if paragraph_end < 0 else paragraph_end
        origin = copied_from.get((external_id, paragraph_start))
        stated[" ".join(content.text.lower().split())].append(
            ClaimMention(
                article=external_id,
                span=content,
                sentence=TextSpan(paragraph_start, paragraph_end, article.text[paragraph_start:paragraph_end]),
                stance="denies" if attribution.negated else "supports",
                chain=attribution.sources,
                outlet=article.outlet,
                published=article.published,
                origin=origin or (attribution.sources[0].key if attribution.sources else external_id),
                collapsed=f"copy of {origin}" if origin else None,
            )
        )
    wanted = [(text, m) for text, m in stated.items() if len(m) > 1 or any(x.stance == "denies" for x in m)]
    wanted.sort(key=lambda pair: -len(pair[1]))
    claims = []
    for number, (_, mentions) in enumerate(wanted[:MAX_CLAIMS], start=1):
        supporting = {m.origin for m in mentions if m.stance == "supports" and not m.collapsed}
        disputing = {m.origin for m in mentions if m.stance == "denies" and not m.collapsed}
        status = "disputed" if supporting and disputing else "denied" if disputing else "corroborated"
        if status == "corroborated" and len(supporting) < 2:
            status = "single_source"
        claims.append(
            Claim(
                id=number,
                story=story_id,
                text=mentions[0].span.text,
                status=status,
                supporting=len(supporting),
                disputing=len(disputing),
                relays=sum(bool(m.collapsed) for m in mentions),
                first_seen=min((m.published for m in mentions if m.published), default=None),
                mentions=mentions,
            )
        )
    return claims


@contextmanager
def serving(app, host: str = "127.0.0.1") -> Iterator[str]:
    """Run ``app`` with uvicorn in a background thread on a free port; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind((host, 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the web app did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
