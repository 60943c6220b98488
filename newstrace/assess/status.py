"""Counts and status of a claim, and the articles the stance model finds addressing it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from ..models import (
    Claim,
)
from .conflicts import contested
from .origins import mention_of
from .statements import Statement

# (claim, article) pairs per call to the stance model: each call reads its articles once; bounded, so a story
# of thousands of claims does not build one feature matrix for millions of pairs.
STANCE_BATCH = 20_000


# Claims stated in fewer articles are not worth asking the stance model about the others.
MIN_ARTICLES_FOR_STANCE = 2


def add_article_stances(claims, groups, articles, stance, voices, copy_of) -> None:
    """Articles that say nothing on a claim in their statements but, by the stance model, address it.

    An article quoting a hoax to debunk it denies it as a whole: the model
    reads the whole text; the mention points at the sentence that justifies
    it. An article the model finds related in any other way mentions the
    claim: it is shown with its closest sentence but counts for no side,
    since no statement of its own was found to weigh.
    """
    wanted: dict[tuple[str, str], None] = {}  # (claim, article text): a republished text is judged once
    others_of = []
    for claim, group in zip(claims, groups, strict=True):
        present = {s.article.external_id for s in group.statements}
        others = (
            [a for a in articles if a.external_id not in present] if len(present) >= MIN_ARTICLES_FOR_STANCE else []
        )
        others_of.append(others)
        wanted.update(dict.fromkeys((claim.text, a.text) for a in others))
    pairs = list(wanted)  # the story in few calls, so each article is read once per call
    judged = [
        found for start in range(0, len(pairs), STANCE_BATCH) for found in stance(pairs[start : start + STANCE_BATCH])
    ]
    asked = dict(zip(pairs, judged, strict=True))
    for claim, others in zip(claims, others_of, strict=True):
        for article in others:
            label, evidence = asked[claim.text, article.text]
            if label is None or evidence is None:
                continue
            said = Statement(article, evidence, evidence, -1, voices[article.external_id], label, Counter())
            claim.mentions.append(mention_of(said, copy_of, "denies" if label == "denies" else "mentions"))


def count_and_judge(claim: Claim, claims: list[Claim], carriers: dict[tuple[int, int], set[int]]) -> None:
    _contested_support(claim, carriers)
    origins_by_stance: dict[str, set[str]] = defaultdict(set)
    for mention in claim.mentions:
        origins_by_stance[mention.stance].add(mention.origin)
    supporting = origins_by_stance["supports"]
    disputing = set(origins_by_stance["denies"])
    by_id = {c.id: c for c in claims}
    conflicting = [by_id[i] for i in claim.conflicts if i in by_id]
    through_conflicts: set[str] = set()
    for other in conflicting:
        carrying = carriers.get((claim.id, other.id), set())
        through_conflicts |= {
            m.origin for k, m in enumerate(other.mentions) if m.stance == "supports" and k in carrying
        } - supporting
    disputing |= through_conflicts
    claim.disputed_by = sorted(through_conflicts)
    weighed = [m for m in claim.mentions if m.stance != "mentions"]
    claim.supporting, claim.disputing = len(supporting), len(disputing)
    claim.relays = len(weighed) - len({m.origin for m in weighed})
    if supporting and disputing:
        claim.status = "disputed"
    elif disputing:
        claim.status = "denied"
    elif len(supporting) >= 2:
        claim.status = "corroborated"
    elif supporting:
        claim.status = "single_source"
    else:
        claim.status = "unverified"


def _contested_support(claim: Claim, carriers: dict[tuple[int, int], set[int]]) -> None:
    """In a claim that conflicts with others, a statement supports it only if it states the contested point (the
    count or the word in conflict); one that shares only the rest mentions it. "The Kalibr missiles were fired
    from the Caspian" does not back "missiles fired from the Caspian hit their targets" against "missed"."""
    if not claim.conflicts:
        return
    points = contested(claim, carriers)
    for k, mention in enumerate(claim.mentions):
        if mention.stance == "supports" and k not in points:
            claim.mentions[k] = replace(mention, stance="mentions")
