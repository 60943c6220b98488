"""Assess: the claims of a story, every article's stance on each, independent origins, status and trail.

Pure: one story's articles, their analyses and the copied passages between
them in; :class:`~newstrace.models.Claim` records out, ranked. The steps, one
module each:

1. **Statements** (:mod:`.statements`): each article's attributed contents
   (with the chain of sources relaying them, parallel relays kept apart), own
   assertive sentences and headline.
2. **Claims** (:mod:`.grouping`, :mod:`.claims`): statements grouped online,
   by words and meaning; each group a claim, read as its most central
   statement.
3. **Entities and origins** (:mod:`.entities`, :mod:`.origins`): every source
   resolved to one entity of the story and its principal; a mention counts for
   its principal, copies and relays collapsed.
4. **Conflicts** (:mod:`.conflicts`): claims that give other counts of one
   thing or opposite words about one event.
5. **Ranking** (:mod:`.ranking`): claims ordered as a fact-checker lists them.
6. **Judging** (:mod:`.judge`, :mod:`.denials`, :mod:`.check`): every article's stance on each
   of the top claims, whatever claim its own sentences were grouped into; its
   stating sentences join the claim, and a lower claim that only paraphrases
   it is absorbed.
7. **Status and trail** (:mod:`.status`, :mod:`.trail`): what stands on each
   side, counted once per origin, the status, and the trail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from ..models import Analysis, Article, Claim, CopiedPassage, SourceEntity
from .check import Judging, Signals, StoryText, check_claim
from .claims import claim_of, state_the_contested_point
from .conflicts import link_conflicts
from .entities import resolve_entities, source_entities
from .grouping import (
    CLAIM_SIMILARITY,
    HEADLINE_SIMILARITY,
    MEANING_WEIGHT,
    MIXED_CLAIM_SIMILARITY,
    MIXED_HEADLINE_SIMILARITY,
    group_statements,
    mixed_similarity,
)
from .origins import cited_origins, copy_origins, merge_anonymous, own_voice_relays
from .passages import Scorer
from .ranking import claim_features, claim_score, echoing_articles, rank_claims
from .statements import MIN_CONTENT_WORDS, statement_stance
from .status import count_and_judge
from .trail import claimed_by, evidence_trail
from .words import statement_similarity, statement_terms, statement_words, term_weights

__all__ = [
    "CLAIM_SIMILARITY",
    "HEADLINE_SIMILARITY",
    "MEANING_WEIGHT",
    "MIN_CONTENT_WORDS",
    "MIXED_CLAIM_SIMILARITY",
    "MIXED_HEADLINE_SIMILARITY",
    "Assessment",
    "assess_story",
    "check_claim",
    "evidence_trail",
    "mixed_similarity",
    "statement_similarity",
    "statement_stance",
    "statement_terms",
    "statement_words",
    "story_assessment",
    "term_weights",
]


@dataclass
class Assessment:
    """A story assessed: its claims, ranked, and the source entities its articles name."""

    claims: list[Claim]
    entities: list[SourceEntity]


def assess_story(*args, **kwargs) -> list[Claim]:
    """The claims of one story, ranked (see :func:`story_assessment`, which takes the same arguments)."""
    return story_assessment(*args, **kwargs).claims


def story_assessment(
    story_id: int,
    articles: list[Article],
    analyses: dict[str, Analysis],
    copies: Iterable[CopiedPassage] = (),
    *,
    stance: Signals | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> Assessment:
    """The claims of one story, ranked, with stances, independent origins, conflicts, status and evidence, and
    the story's source entities.

    ``analyses`` maps external ids to their :class:`Analysis`; ``copies`` are
    the story's copied passages. ``stance(pairs)`` gives what the stance model
    reads of each (claim text, article text) pair (see
    :func:`newstrace.assess.stance.judged_signals`); it is asked once per
    story about the top JUDGED claims, in batches of STANCE_BATCH pairs.
    Without it the top claims are judged on their statements alone.
    ``embed(texts)`` may give unit sentence vectors of statements' texts, so
    that statements are grouped and judged by meaning as well as words (see
    :func:`newstrace.meaning.sentence_vectors`); it is asked only for the
    statements a comparison needs.
    """
    story = StoryText.of(articles, analyses)
    statements = story.all_statements()
    groups = group_statements([s for s in statements if s.refers_back or len(s.terms) >= MIN_CONTENT_WORDS], embed)
    copy_of = copy_origins(copies, {a.external_id: a for a in story.articles})
    entities = resolve_entities((s.article.external_id, source) for s in statements for source in s.chain)
    claims = [claim_of(index, story_id, group, copy_of, entities) for index, group in enumerate(groups)]
    cited = cited_origins(statements, copy_of, entities)
    carriers = link_conflicts(claims, groups)
    for claim, group in zip(claims, groups, strict=True):
        state_the_contested_point(claim, group, carriers)
    _count(claims, carriers, entities, cited)
    stated = {claim.id: group.statements for claim, group in zip(claims, groups, strict=True)}
    scorer = Scorer(story.all_passages(), embed)
    echoing = echoing_articles([group.centroid for group in groups], story.passages, scorer.weights)

    def spoken_of(claim: Claim) -> int:
        """Articles stating the claim or echoing it, whichever are more (before any claim is judged)."""
        return max(len({s.article.external_id for s in stated[claim.id]}), echoing[claim.id])

    rank_claims(claims, {c.id: claim_score(claim_features(c, stated[c.id], spoken_of(c))) for c in claims})
    judging = Judging(story, scorer, copy_of, entities)
    kept = judging.judge_top(claims, groups, stance)
    _count(kept, carriers, entities, cited)
    scores = {c.id: claim_score(claim_features(c, stated[c.id], _addressing(c) if c.stances else None)) for c in kept}
    rank_claims(kept, scores)
    by_id = {claim.id: claim for claim in kept}
    for claim in kept:
        claim.conflicts = [i for i in claim.conflicts if i in by_id]
        claim.evidence = evidence_trail(claim, [by_id[i] for i in claim.conflicts], entities)
        claim.claimed_by = claimed_by(claim)
    ranked = sorted((claim for claim in kept if claim.mentions), key=lambda c: c.rank)
    return Assessment(ranked, source_entities(entities.entities))


def _count(claims: list[Claim], carriers: dict[tuple[int, int], set[int]], entities, cited) -> None:
    by_id = {claim.id: claim for claim in claims}
    for claim in claims:
        claim.mentions = own_voice_relays(claim.mentions, cited)
        merge_anonymous(claim)
    for claim in claims:
        count_and_judge(claim, [by_id[i] for i in claim.conflicts if i in by_id], carriers, entities)


def _addressing(claim: Claim) -> int:
    """How many articles state the claim, by their judged stance."""
    return sum(s.stance in ("supports", "denies", "unconfirmed") for s in claim.stances)
