"""``--format claimreview``: schema.org ClaimReview JSON-LD, as Google's fact-check markup documents it.

https://schema.org/ClaimReview and https://developers.google.com/search/docs/appearance/structured-data/factcheck.
One review per claim, built from the stored claim and the articles that mention it; docs/export.md lists every
property written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from .export_claims import ArticleRef
from .ingest.text import clip
from .models import Claim, Origin
from .store.rows import utc_sort_key

# ClaimReview's textual rating per status: what the sources show, not a verdict on the claim.
CLAIMREVIEW_RATINGS = {
    "corroborated": "Corroborated by independent sources",
    "single_source": "Single source",
    "disputed": "Disputed by independent sources",
    "denied": "Denied",
    "unverified": "Unverified",
}
# Longest claimReviewed: Google asks for "a short summary of the claim", under 75 characters so it does not wrap
# on a phone. Longer claims are cut at a word break with "…"; itemReviewed.text keeps them whole.
CLAIM_REVIEWED_CHARS = 75
# Punctuation a cut claim does not end on before its "…" ("Nordvik Ferries,…" reads as a typo).
TRAILING_PUNCTUATION = ",;:-–— "
# Origins that are people, by the type in their key (person:<name>, anonymous:@outlet:<name>); the others
# (states, organisations, outlets, documents) claim as organisations.
PERSON_ORIGINS = ("person", "anonymous")
# The reviewer: newstrace measured the sources; no person judged the claim.
REVIEWER = {"@type": "Organization", "name": "newstrace (automated source analysis)"}
# The web app's claim page (newstrace.web), under --review-url-base.
CLAIM_PAGE = "/claim/{id}"


def claim_reviewed(text: str, limit: int = CLAIM_REVIEWED_CHARS) -> str:
    """The claim whole when it fits ``limit`` characters, else cut at a word break, without trailing
    punctuation, with "…"."""
    short = clip(text, limit, at_word=True)
    if not short.endswith("…") or short == " ".join(text.split()):
        return short
    return short[:-1].rstrip(TRAILING_PUNCTUATION) + "…"


def claimant(origin: Origin) -> dict[str, str]:
    """An origin as the Person or Organization that made the claim."""
    kind = "Person" if origin.key.split(":", 1)[0] in PERSON_ORIGINS else "Organization"
    return {"@type": kind, "name": origin.name}


def claimants(claim: Claim) -> list[dict[str, str]]:
    """Who the claim rests on, as ``Claim.claimed_by`` says: its supporting origins, else those that cannot
    confirm it (none for a claim only disputed)."""
    origins = claim.origins.get("supporting") or claim.origins.get("unconfirmed") or []
    return [claimant(origin) for origin in origins]


def appearances(claim: Claim, articles: dict[str, ArticleRef]) -> list[dict[str, Any]]:
    """One CreativeWork per web URL that carries the claim, earliest first (undated last); articles without
    an http(s) URL are left out: a local file is no place a reader can find."""
    seen: dict[str, dict[str, Any]] = {}
    for mention in claim.mentions:
        article = articles.get(mention.article)
        if article is None or not article.url or article.url in seen:
            continue
        work: dict[str, Any] = {"@type": "CreativeWork", "url": article.url}
        if article.title:
            work["headline"] = article.title
        if article.published:
            work["datePublished"] = article.published
        if article.outlet:
            work["publisher"] = {"@type": "Organization", "name": article.outlet}
        seen[article.url] = work
    dated = sorted((w for w in seen.values() if "datePublished" in w), key=lambda w: utc_sort_key(w["datePublished"]))
    return dated + [w for w in seen.values() if "datePublished" not in w]


def claim_review(claim: Claim, articles: dict[str, ArticleRef], review_url_base: str | None = None) -> dict[str, Any]:
    """The claim as one ClaimReview. The rating states its corroboration status as newstrace measured it; no
    human verdict is invented (no ``ratingValue``)."""
    item: dict[str, Any] = {"@type": "Claim", "text": claim.text}
    authors = claimants(claim)
    if authors:
        item["author"] = authors[0] if len(authors) == 1 else authors
    if claim.first_seen:
        item["datePublished"] = claim.first_seen
    found = appearances(claim, articles)
    if found:
        item["appearance"] = found
        if "datePublished" in found[0]:
            item["firstAppearance"] = found[0]
    review: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
    if review_url_base:
        review["url"] = review_url_base.rstrip("/") + CLAIM_PAGE.format(id=claim.id)
    review.update(
        {
            "claimReviewed": claim_reviewed(claim.text),
            **({"reviewBody": claim.evidence[0]} if claim.evidence else {}),
            "author": REVIEWER,
            "reviewRating": {
                "@type": "Rating",
                "alternateName": CLAIMREVIEW_RATINGS.get(claim.status, claim.status),
            },
            "itemReviewed": item,
        }
    )
    return review


def write_claimreview(
    claims: Iterable[Claim], articles: dict[str, ArticleRef], out: TextIO, review_url_base: str | None = None
) -> int:
    """A JSON-LD list of ClaimReviews, one per claim; returns how many."""
    reviews = [claim_review(claim, articles, review_url_base) for claim in claims]
    json.dump(reviews, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(reviews)
