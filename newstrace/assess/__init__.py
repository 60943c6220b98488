"""Assess: align claims across a story's articles, count independent origins, give each a status.

Pure: one story's articles, their analyses and the copied passages between
them in; :class:`~newstrace.models.Claim` records out. The steps:

1. **Statements.** Each article contributes the contents of its innermost
   attributions (with the chain of sources that relays them, outermost first)
   and its own-voice assertive sentences; a headline ending in "?" is a hedged
   statement. A statement with too few words of its own ("neither side had
   confirmed the information") refers back to the previous statement of the
   same article and joins its claim, as does one opening with a pronoun
   whose words are all the previous statement's ("they landed in Iran").
2. **Claims.** Statements are grouped online, earliest article first (times
   compared in UTC): each joins the claim it is most similar to, if that
   clears the bar and no count disagrees, else starts a claim. Similarity is
   the cosine with the claim's centroid (TF-IDF over stemmed words, quantities
   as "value unit" terms, a measure with what it measures, countries as
   "@country" terms, a few news-verb synonyms folded), mixed, when sentence
   vectors are given, with the cosine of the sentence vector of the claim's
   closest statement (by meaning: "never received any letter from Nordvik"
   meets "Nordvik had warned regulators").
3. **Stance** of each statement: denies (denial cue or words, or a negation
   reaching the claim's own words), unconfirmed (hedges, "not confirmed", a
   question), else supports.
4. **Origins.** A statement counts for the innermost source of its chain;
   anonymous sources of one claim with the same (or no) stated affiliation are
   one origin, since they cannot be told apart; own-voice text counts for its
   outlet, unless it lies in a passage copied from another article, which then
   counts instead. Mentions that add no origin are relays.
5. **Conflicts** between claims of one story, judged statement by statement:
   two statements about one thing give different counts of a whole (a word
   around the counts the same), or say opposite words (hit / missed, not under
   a negation). Only the statements carrying the contradiction count: the
   conflicting claim's supporters among them dispute this one, and this
   claim's supporters are those stating the contested point.
6. **Status:** corroborated (two or more independent supporting origins, none
   disputing), single_source, disputed (origins on both sides), denied (only
   disputing origins), unverified (only hedged reports).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from ..models import Analysis, Article, Claim, CopiedPassage, TextSpan
from .claims import claim_of, state_the_contested_point
from .conflicts import link_conflicts
from .grouping import (
    CLAIM_SIMILARITY,
    HEADLINE_SIMILARITY,
    MEANING_WEIGHT,
    MIXED_CLAIM_SIMILARITY,
    MIXED_HEADLINE_SIMILARITY,
    group_statements,
    mixed_similarity,
)
from .origins import copy_origins, merge_anonymous, time_order
from .statements import MIN_CONTENT_WORDS, statement_stance, statements_of, voice_of
from .status import add_article_stances, count_and_judge
from .trail import evidence_trail
from .words import statement_similarity, statement_terms, statement_words, term_weights

__all__ = [
    "CLAIM_SIMILARITY",
    "HEADLINE_SIMILARITY",
    "MEANING_WEIGHT",
    "MIN_CONTENT_WORDS",
    "MIXED_CLAIM_SIMILARITY",
    "MIXED_HEADLINE_SIMILARITY",
    "assess_story",
    "evidence_trail",
    "mixed_similarity",
    "statement_similarity",
    "statement_stance",
    "statement_terms",
    "statement_words",
    "term_weights",
]


def assess_story(
    story_id: int,
    articles: list[Article],
    analyses: dict[str, Analysis],
    copies: Iterable[CopiedPassage] = (),
    *,
    stance: Callable[[list[tuple[str, str]]], list[tuple[str | None, TextSpan | None]]] | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> list[Claim]:
    """The claims of one story, with stances, independent origins, conflicts, status and evidence.

    ``analyses`` maps external ids to their :class:`Analysis`; ``copies`` are
    the story's copied passages; ``stance(pairs)`` may give, for each
    (claim text, article text) pair, the article's stance toward the claim and
    the sentence justifying it, for articles whose statements alone do not show
    one (an article debunking a hoax); it is called once per story (per
    STANCE_BATCH pairs), see :func:`newstrace.assess.stance.article_stances`.
    ``embed(texts)`` may give unit sentence vectors of statements' texts, so
    that statements are grouped by meaning as well as words (see
    :func:`newstrace.meaning.sentence_vectors`); it is asked only for the
    statements a comparison needs.
    """
    ordered = sorted(articles, key=lambda a: (*time_order(a.published), a.external_id))
    statements = [s for article in ordered for s in statements_of(article, analyses.get(article.external_id))]
    groups = group_statements(statements, embed)
    copy_of = copy_origins(copies, {a.external_id: a for a in articles})
    claims = [claim_of(index, story_id, group, copy_of) for index, group in enumerate(groups)]
    carriers = link_conflicts(claims, groups)
    for claim, group in zip(claims, groups, strict=True):
        state_the_contested_point(claim, group, carriers)
    if stance is not None:
        voices = {a.external_id: voice_of(analyses.get(a.external_id)) for a in ordered}
        add_article_stances(claims, groups, ordered, stance, voices, copy_of)
    for claim in claims:
        merge_anonymous(claim)
    for claim in claims:
        count_and_judge(claim, claims, carriers)
    by_id = {claim.id: claim for claim in claims}
    for claim in claims:
        claim.evidence = evidence_trail(claim, [by_id[i] for i in claim.conflicts])
    return [claim for claim in claims if claim.mentions]
