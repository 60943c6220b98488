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

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .analyze.sources import OUTLET, country_of, source_key
from .ingest.text import clip
from .models import (
    REPUBLISHED,
    Analysis,
    Article,
    Attribution,
    Claim,
    ClaimMention,
    CopiedPassage,
    Place,
    Sentence,
    Source,
    TextSpan,
)

# Lexical cosine between a statement and a claim's centroid for it to join the claim, when no sentence vectors
# are given. Chosen on our own examples' paraphrases; statements of one event share few words, so it is low.
CLAIM_SIMILARITY = 0.32
# Headlines are terse: they join a claim of their own article's story at a lower similarity.
HEADLINE_SIMILARITY = 0.2
# With sentence vectors (newstrace.meaning), a statement's similarity to a claim is
# (1 - MEANING_WEIGHT) * lexical cosine + MEANING_WEIGHT * sentence-vector cosine, and it must share some words
# with the claim: sentence vectors rate any two sentences about one ship or one crash as alike. Chosen on the
# tuning half of FNC-1's headlines (bench/claims_fnc1.py; weights 0.5-0.7 did equally well): the statement bar
# merges no more pairs of sentences of one body (nearly all two claims of one story) than CLAIM_SIMILARITY
# does lexically, and the headline bar no more unrelated headline-body pairs than HEADLINE_SIMILARITY.
MEANING_WEIGHT = 0.6
# (mixed similarity, least lexical cosine) for a body statement to join a claim, and for a headline.
MIXED_CLAIM_SIMILARITY = (0.47, 0.25)
MIXED_HEADLINE_SIMILARITY = (0.31, 0.1)
# (claim, article) pairs per call to the stance model: each call reads its articles once; bounded, so a story
# of thousands of claims does not build one feature matrix for millions of pairs.
STANCE_BATCH = 20_000
# Claims stated in fewer articles are not worth asking the stance model about the others.
MIN_ARTICLES_FOR_STANCE = 2
# Fewest content words a statement needs to stand alone; fewer and it refers back.
MIN_CONTENT_WORDS = 3
# How far back (sentences) a referring statement may look for what it refers to.
REFER_BACK_SENTENCES = 3
# A dateline opening a story's first sentence: "TALLINN (NPA) — ", "KUUSIRANNA — ", "MOSCOW, Oct 8 (Reuters) - ".
LEADING_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(,[^—–(]{1,30})?(\s*\([^)]{1,30}\))?\s*[—–-]{1,2}\s+")
# Cosine between two claims' centroids for a contradiction signal to count as a conflict.
CONFLICT_SIMILARITY = 0.12
# The same for two statements saying opposite words (hit / missed): single words oppose each other by chance in
# any story ("the show was a global hit" / "Miss Smith"), so the statements must share more. On 15 antonym
# conflicts sampled from FNC-1 training stories, the 5 true ones had cosines 0.43-0.67, the 9 false ones
# 0.22-0.32 (and one unsure, 0.23); IDF-weighted cosines separated them less well.
OPPOSED_SIMILARITY = 0.35
# Longest claim text shown, and longest quotation in an evidence line.
CLAIM_TEXT_CHARS = 240
EVIDENCE_CHARS = 160

# Words that, in a statement, deny it or call it false.
DENIAL_WORDS = {"deny", "denied", "denies", "false", "hoax", "fake", "untrue", "debunked", "rejected", "dismissed"}
# Words that flag a statement as unconfirmed.
UNCONFIRMED_WORDS = {
    "unconfirmed",
    "unclear",
    "unverified",
    "reportedly",
    "allegedly",
    "apparently",
    "rumor",
    "rumour",
    "speculation",
    "may",
    "might",
    "could",
    "possibly",
    "perhaps",
}
CONFIRM_WORDS = {"confirm", "confirmed", "confirms", "verify", "verified", "corroborated"}
NEGATION_WORDS = {"not", "no", "never", "neither", "nor", "none", "nobody", "n't", "didn't", "wasn't", "hadn't"}
# Verbs news uses for one event, folded so paraphrases meet ("crashed" / "landed" / "fell").
SYNONYMS = {
    "crash": "impact",
    "land": "impact",
    "fell": "impact",
    "fall": "impact",
    "strike": "impact",
    "struck": "impact",
    "kill": "die",
    "dead": "die",
    "death": "die",
    "slain": "die",
    "hit": "impact",
    "fire": "launch",
    "fired": "launch",
    "rescu": "rescue",
    "sank": "sink",
    "sunk": "sink",
    "capsiz": "sink",
    "overturn": "sink",
    "keel": "sink",
    "blast": "explosion",
    "explod": "explosion",
    "detain": "arrest",
    "wound": "injur",
    "hurt": "injur",
    "unaccount": "missing",
    "probe": "investigation",
    "inquiry": "investigation",
    "investigat": "investigation",
    "vessel": "ship",
    "boat": "ship",
    "warship": "ship",
    "fataliti": "die",
    "fatality": "die",
    "injuri": "injur",
    "injury": "injur",
}
# Units that say nothing of what happened ("14 people"), and the event words that do.
GENERIC_UNITS = {"", "person", "people"}
EVENT_WORDS = {
    "dead": "die",
    "die": "die",
    "death": "die",
    "kill": "die",
    "bod": "die",
    "missing": "missing",
    "rescu": "rescue",
    "saved": "rescue",
    "surviv": "rescue",
    "injur": "injure",
    "wound": "injure",
    "hurt": "injure",
    "evacuat": "evacuate",
    "arrest": "arrest",
    "detain": "arrest",
    "passeng": "passenger",
    "aboard": "passenger",
    "board": "passenger",
}
# What can happen to counted people; counts of survivors and of dead are different people, not opposites.
PEOPLE_EVENTS = set(EVENT_WORDS.values())
PEOPLE_EVENT_WORDS = {"alive", "survived", "rescued", "dead", "died", "killed"}
# How far around a count of people to look for what happened to them.
EVENT_WINDOW_CHARS = 40
# Units that measure rather than count: one story gives many measures in one unit (a crater 40 feet wide and
# 19 feet deep, an asteroid 60 feet across), so a measure is told apart by the word that says of what.
MEASURE_UNITS = {
    "dollar", "euro", "pound", "yen", "percent", "inch", "foot", "feet", "yard", "mile", "meter", "metre",
    "kilometer", "kilometre", "centimeter", "centimetre", "millimeter", "millimetre", "mm", "cm", "km", "m",
    "gram", "kilogram", "kg", "ton", "tonne", "ounce", "acre", "hectare", "liter", "litre", "gallon", "barrel",
    "degree", "knot", "mph", "gb", "mb", "tb",
}  # fmt: skip
# A quantity as assess reads it: value, what is counted, qualifier, where, and whether it is a measure.
Counted = tuple[float, str, str | None, TextSpan, bool]
# How far after a measure to look for what it measures ("60 feet in diameter", "40 feet (12 metres) wide").
DIMENSION_WINDOW_CHARS = 40
# A count of a part, not a whole: "two other Britons", "45 more shows", "one of the world's poorest countries".
PART_OF_COUNT = re.compile(
    r"(\d|\b[a-z]+)\s+(other|more|additional|another|extra|further)\b|^\W*one\s+of\s+(the|its|their)\b", re.I
)
# Words either side of a count that say what it is a count of (and in how many characters to look for them).
COUNT_CONTEXT_WORDS = 3
COUNT_CONTEXT_CHARS = 60
# How many words after a negation it reaches ("posed no danger to the planet": danger, planet).
NEGATION_SCOPE_WORDS = 6
# Quantity qualifiers that make a count a lower bound, compatible with any larger count.
LOWER_BOUNDS = {"at least", "more than", "over", "greater than", "as many as", "upwards of"}
# Negative words that do not negate what is said: "it is not the first time", "not only", "no doubt".
NOT_NEGATING = re.compile(r"\bnot\s+(the\s+(first|only|last)|only|just|merely|least)\b|\bno\s+(doubt|wonder)\b", re.I)
# Words that say a count changed over time ("has risen to 16"): a newer figure does not dispute an older one.
UPDATE_WORDS = {"risen", "rose", "rises", "climbed", "increased", "grew", "jumped", "fallen", "dropped", "revised"}
# Pairs of words that say opposite things about one event.
ANTONYMS = [
    ({"hit", "struck"}, {"miss", "missed", "misses"}),  # not "crashed": a meteorite "crashed into" what it "hit"
    ({"alive", "survived", "rescued"}, {"dead", "died", "killed"}),
    ({"true", "accurate"}, {"false", "untrue", "fake", "hoax"}),
    ({"open", "opened", "reopened"}, {"closed", "shut"}),
]
# A statement about another statement ("had not confirmed the information", "denied the
# reports"): it refers back to the claim just made, whatever its own words.
META_STATEMENT = re.compile(
    r"\b(confirm|den(y|ied|ies)|verif|corroborat|dismiss|reject|disput|refut|question)\w*\b.{0,40}?"
    r"\b(the|these|those|this|that|such)\s+(information|reports?|claims?|account|allegations?|news|story)\b"
    r"|\b(confirm|deny|denied|verify|verified|dispute)\w*\s+(it|this|that)\b",
    re.IGNORECASE,
)
# Sentences about the reporting, not the event: "could not be reached for comment", "declined to comment".
REPORTING_PROCESS = re.compile(
    r"\b(could not|couldn't|did not|didn't|has not|hasn't|have not) (immediately )?(be reached|respond|reply|return)"
    r"[^.]{0,40}\b(comment|requests?|questions|calls|messages|emails?)\b|\bdeclined to comment\b"
    r"|\b(no|not) immediate(ly)? (response|comment|reply)\b",
    re.IGNORECASE,
)
# Reported contents that state nothing: an open question ("what caused the ship to capsize") or a
# relative clause the parser cut loose ("which the government had declared ...").
NOT_A_CLAIM = re.compile(r"\W*(what|which|who|whom|whose|where|why|how)\b", re.IGNORECASE)
# Source words that name nobody: a pronoun or relative pronoun the analysis could not resolve.
UNRESOLVED_SOURCES = {"which", "who", "that", "it", "they", "he", "she", "we", "i", "you", "this"}
# A statement opening with a personal or demonstrative pronoun (after "that", as a reported content may).
PRONOUN_OPENING = re.compile(r"\W*(that\s+)?(they|it|he|she|these|those|this|we)\b", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")


@dataclass
class Statement:
    """One article's statement bearing on some claim, before grouping."""

    article: Article
    span: TextSpan
    sentence: TextSpan
    sentence_index: int
    chain: tuple[Source, ...]
    stance: str  # before grouping: supports, denies (explicitly) or unconfirmed
    terms: Counter
    negative: bool = False  # states that something did not happen
    negated_terms: frozenset[str] | None = None  # the terms a negation reaches; None: all (a negated cue)
    count_contexts: dict[str, frozenset[str]] = field(default_factory=dict)  # unit -> the words around its count
    refers_back: bool = False
    claim: int | None = None
    denial_cue: bool = False  # denied by its verb ("X denied that ..."): the content is what is denied


@dataclass
class _Group:
    statements: list[Statement] = field(default_factory=list)
    centroid: Counter = field(default_factory=Counter)


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
    STANCE_BATCH pairs), see :func:`newstrace.link.stance.article_stances`.
    ``embed(texts)`` may give unit sentence vectors of statements' texts, so
    that statements are grouped by meaning as well as words (see
    :func:`newstrace.meaning.sentence_vectors`); it is asked only for the
    statements a comparison needs.
    """
    ordered = sorted(articles, key=lambda a: (*_when(a.published), a.external_id))
    statements = [s for article in ordered for s in statements_of(article, analyses.get(article.external_id))]
    groups = group_statements(statements, embed)
    copy_of = _copy_origins(copies, {a.external_id: a for a in articles})
    claims = [_claim(index, story_id, group, copy_of) for index, group in enumerate(groups)]
    carriers = _link_conflicts(claims, groups)
    for claim, group in zip(claims, groups, strict=True):
        _state_the_contested_point(claim, group, carriers)
    if stance is not None:
        voices = {a.external_id: _voice(analyses.get(a.external_id)) for a in ordered}
        _add_article_stances(claims, groups, ordered, stance, voices, copy_of)
    for claim in claims:
        _merge_anonymous(claim)
    for claim in claims:
        _count_and_judge(claim, claims, carriers)
    by_id = {claim.id: claim for claim in claims}
    for claim in claims:
        claim.evidence = evidence_trail(claim, [by_id[i] for i in claim.conflicts])
    return [claim for claim in claims if claim.mentions]


# --- 1. statements --------------------------------------------------------------------


def statements_of(article: Article, analysis: Analysis | None) -> list[Statement]:
    """The statements of one article, in text order."""
    if analysis is None:
        return []
    sentences = [s for s in analysis.sentences if s.part == "text"]
    found = []
    slugs = [b.span for b in analysis.boilerplate if b.kind == "slug"]
    for attribution, chain in _innermost(analysis.attributions):
        span = _without_slug(_joined(attribution.content, article.text), slugs, article.text)
        if span is None:
            continue
        sentence = _sentence_at(sentences, span.start)
        found.append(_statement(article, span, sentence, chain, attribution, analysis))
    covered = [(s.span.start, s.span.end) for s in found]
    frame = _frame(analysis)
    voice = frame.sources if frame else ()  # whose voice the article's own sentences are
    for sentence in sentences:
        if sentence.assertive and not any(
            start < sentence.span.end and sentence.span.start < end for start, end in covered
        ):
            found.append(_statement(article, sentence.span, sentence, voice, None, analysis))
    for sentence in analysis.sentences:
        if sentence.part == "title" and article.title:
            span = TextSpan(0, 0, _without_frame(article.title, frame))  # a headline: no offsets into the text
            found.append(_statement(article, span, sentence, voice, None, analysis, stance="unconfirmed"))
    found.sort(key=lambda s: (s.sentence_index < 0, s.span.start))  # the headline last: it sums up the body
    # Too few words of its own to claim anything, unless it speaks of another statement.
    return [
        s
        for s in found
        if (s.refers_back or len(s.terms) >= MIN_CONTENT_WORDS)
        and not REPORTING_PROCESS.search(s.span.text)
        and not (s.chain and NOT_A_CLAIM.match(s.span.text))
    ]


def _frame(analysis: Analysis | None) -> Attribution | None:
    """The article's republication frame ("USA Today is reporting as follows…"), if any."""
    return next((a for a in analysis.attributions if a.kind == REPUBLISHED), None) if analysis else None


def _voice(analysis: Analysis | None) -> tuple[Source, ...]:
    """Whose voice an article's own sentences are: the outlet it republishes, or () for its own."""
    frame = _frame(analysis)
    return frame.sources if frame else ()


def _without_frame(title: str, frame: Attribution | None) -> str:
    """The headline without a republication frame run into it ("USA Today is reporting as follows…")."""
    title = title.strip()
    if frame is not None and (cue := frame.cue[0].text) in title:
        title = title.split(cue, 1)[1].lstrip(" …:.,—–-") or title
    return title


def _innermost(attributions: list[Attribution]) -> Iterable[tuple[Attribution, tuple[Source, ...]]]:
    """Attributions no other attribution relays into, once per innermost source, with the chain.

    The chain runs outermost first and ends with one of the innermost
    attribution's sources ("FOX News and CNN reported, citing unnamed U.S.
    officials": Fox News, CNN, unnamed U.S. officials); conjoined sources at
    the innermost level ("activists and officials say") give one chain each.
    A relayed attribution whose content is too short to stand alone ("had
    confirmed the information") is folded into its parent.
    """
    standalone = {
        i for i, a in enumerate(attributions) if len(_content_words(" ".join(s.text for s in a.content))) >= 2
    }
    relayed = {a.parent for i, a in enumerate(attributions) if a.parent is not None and i in standalone}
    for index, attribution in enumerate(attributions):
        if index in relayed or index not in standalone or attribution.kind == REPUBLISHED:
            continue
        relays: list[Source] = []
        seen, current = {index}, attribution.parent
        while current is not None and current not in seen:
            seen.add(current)
            relays[:0] = list(attributions[current].sources)
            current = attributions[current].parent
        for source in attribution.sources:
            if source.type == "unknown" and source.key in UNRESOLVED_SOURCES:
                continue  # "..., which shares ...": no source to count
            yield attribution, (*dict.fromkeys(relays), source)


def _statement(article, span, sentence, chain, attribution, analysis, stance=None) -> Statement:
    quantities = _quantities_in(analysis, span, article.text)
    terms = _terms(span.text, quantities)
    places = [
        replace(p, span=TextSpan(p.span.start - span.start, p.span.end - span.start, p.span.text))
        for p in analysis.places
        if span.start <= p.span.start < span.end
    ]  # a headline (span 0:0) has none
    terms += _countries_in(span.text, places)
    negated = bool(attribution and attribution.negated) or (bool(sentence) and sentence.negated and _negates(span.text))
    hedges = set(attribution.hedges if attribution else ()) | set(sentence.hedges if sentence else ())
    cue_class = attribution.cue_class if attribution else None
    around = sentence.span if sentence and sentence.part == "text" else span
    if span.end > 0 and not (around.start <= span.start and span.end <= around.end):
        start, end = min(around.start, span.start), max(around.end, span.end)  # a quote running on
        around = TextSpan(start, end, article.text[start:end])
    return Statement(
        article=article,
        span=span,
        sentence=around if span.end > 0 or not sentence else sentence.span,
        sentence_index=sentence.index if sentence else -1,
        chain=chain,
        stance=stance or statement_stance(span.text, negated=negated, hedges=hedges, cue_class=cue_class),
        terms=terms,
        negative=negated or _negates(span.text),
        negated_terms=None if attribution and attribution.negated else _negated_terms(span.text),
        count_contexts=_count_contexts(quantities, article.text),
        refers_back=bool(META_STATEMENT.search(span.text)),
        denial_cue=cue_class == "deny",
    )


def statement_stance(
    text: str, *, negated: bool = False, hedges: Iterable[str] = (), cue_class: str | None = None
) -> str:
    """supports, denies or unconfirmed, from the statement's words, negation, hedges and cue.

    "denies" here is an explicit denial (a denial cue, "false", "hoax"); a
    statement that merely says something did not happen supports that, and
    is turned into a denial only against a claim stating the opposite (see
    :func:`final_stance`).
    """
    words = _words(text)
    if words & CONFIRM_WORDS and (negated or words & NEGATION_WORDS):
        return "unconfirmed"  # "neither side had confirmed it"
    if cue_class == "deny" or words & DENIAL_WORDS:
        return "denies"
    if set(hedges) - {"question headline"} or words & UNCONFIRMED_WORDS or text.rstrip().endswith("?"):
        return "unconfirmed"
    if re.match(r"\W*(whether|if)\b", text, re.IGNORECASE):
        return "unconfirmed"  # "could not say whether ..."
    return "supports"


def final_stance(statement: Statement, reference: Statement) -> str:
    """The statement's stance toward its claim, as stated by ``reference`` (the claim's text)."""
    if statement.stance == "unconfirmed":
        return "unconfirmed"
    if statement.stance == "denies":
        if statement.denial_cue or reference.stance != "denies" or reference.denial_cue:
            return "denies"  # "X denied cutting inspections" denies "cutting inspections", even as its own claim
        return "supports"  # "the pictures were a hoax" said again
    if statement.negative != reference.negative:
        negative, positive = (statement, reference) if statement.negative else (reference, statement)
        if negative.negated_terms is None or negative.negated_terms & positive.terms.keys():
            return "denies"  # what is negated is what the other says ("did not hit their targets")
    return "supports"  # "posed no danger to the planet" does not deny "missed Earth by 25,000 miles"


# --- 2. claims --------------------------------------------------------------------------


def group_statements(
    statements: list[Statement], embed: Callable[[list[str]], np.ndarray] | None = None
) -> list[_Group]:
    """Online grouping of statements into claims (see the module docstring).

    ``embed(texts)``: unit sentence vectors, to group by meaning as well as words (see MEANING_WEIGHT); None
    groups by words alone. A statement sharing too few words with every claim needs no vector and gets none.
    """
    document_frequency = Counter(term for s in statements for term in s.terms)
    total = max(1, len(statements))
    bars = ((CLAIM_SIMILARITY, 0.0), (HEADLINE_SIMILARITY, 0.0))  # a body statement's, a headline's
    if embed is not None:
        bars = (MIXED_CLAIM_SIMILARITY, MIXED_HEADLINE_SIMILARITY)

    def weighted(terms: Counter) -> dict[str, float]:
        return term_weights(terms, document_frequency, total)

    groups: list[_Group] = []
    lexical: list[dict[str, float]] = []  # each group's weighted centroid, redone only when it changes
    holding: dict[str, set[int]] = defaultdict(set)  # term -> groups whose centroid has it
    meant = _Members([s.span.text for s in statements] if embed else [], embed)
    last_in_article: dict[str, tuple[int, int, Statement]] = {}  # article -> (group, sentence, statement)
    for index, statement in enumerate(statements):
        key = statement.article.external_id
        previous = last_in_article.get(key)
        close = previous and statement.sentence_index - previous[1] <= REFER_BACK_SENTENCES
        if close and (statement.refers_back or _restates(statement, previous[2])):
            best = previous[0]
        else:
            bar, floor = bars[statement.sentence_index < 0]
            vector = weighted(statement.terms)
            scores = {i: _cosine(vector, lexical[i]) for i in set().union(*(holding[t] for t in vector))}
            if embed is not None:
                scores = meant.mixed(index, {i: v for i, v in scores.items() if v >= floor})
            counts = _counts_of(statement.terms)
            ranked = sorted(((v, i) for i, v in scores.items() if v >= bar), reverse=True)
            best = next((i for _, i in ranked if _agree(counts, groups[i].centroid)), -1)
            if best < 0:
                groups.append(_Group())
                lexical.append({})
                meant.add()
                best = len(groups) - 1
        group = groups[best]
        group.statements.append(statement)
        if not statement.refers_back:
            group.centroid.update(statement.terms)
            lexical[best] = weighted(group.centroid)
            for term in statement.terms:
                holding[term].add(best)
            if embed is not None:
                meant.update(best, index)
        statement.claim = best
        last_in_article[key] = (best, statement.sentence_index, statement)
    return groups


def _restates(statement: Statement, previous: Statement) -> bool:
    """Does a body statement restate the one before it: open with a pronoun and say nothing the other did not
    ("... missed their Syrian targets and landed in Iran" / "... concluded they landed in Iran")? Of FNC-1's
    3,762 body sentences opening with a pronoun, 7 have only words of the sentence before, all restatements."""
    return (
        statement.sentence_index >= 0
        and bool(PRONOUN_OPENING.match(statement.span.text))
        and statement.terms.keys() <= previous.terms.keys()
    )


def mixed_similarity(lexical: float | np.ndarray, meaning: float | np.ndarray) -> float | np.ndarray:
    """A statement's similarity to a claim from its lexical and sentence-vector cosines (see MEANING_WEIGHT)."""
    return (1 - MEANING_WEIGHT) * lexical + MEANING_WEIGHT * meaning


class _Members:
    """Each group's statements (by row), and their sentence vectors, embedded when a comparison first needs them
    (once per distinct text: a republished statement is not embedded again)."""

    def __init__(self, texts: list[str], embed: Callable[[list[str]], np.ndarray] | None) -> None:
        self.texts, self.embed = texts, embed
        self.rows: list[list[int]] = []
        self.vectors: dict[str, np.ndarray] = {}  # text -> vector

    def add(self) -> None:
        self.rows.append([])

    def update(self, group: int, row: int) -> None:
        self.rows[group].append(row)

    def mixed(self, row: int, lexical: dict[int, float]) -> dict[int, float]:
        """Mixed similarity of statement ``row`` to the groups of ``lexical`` (group -> lexical cosine).

        The sentence part is the statement's highest cosine with one of the group's statements, as
        bench/claims_fnc1.py measures it (a sentence against a sentence); a cosine with the group's mean would
        rise as a claim gathers statements, which average out to the story's topic.
        """
        if not lexical:
            return {}
        needed = dict.fromkeys(self.texts[r] for r in [row, *(r for group in lexical for r in self.rows[group])])
        missing = [text for text in needed if text not in self.vectors]
        if missing and self.embed is not None:
            self.vectors.update(zip(missing, self.embed(missing), strict=True))
        vector = self.vectors[self.texts[row]]
        closest = {
            group: max(float(self.vectors[self.texts[r]] @ vector) for r in self.rows[group]) for group in lexical
        }
        return {group: float(mixed_similarity(value, closest[group])) for group, value in lexical.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


# --- 3-4. mentions and origins ----------------------------------------------------------


def _claim(index: int, story_id: int, group: _Group, copy_of: dict[str, list]) -> Claim:
    reference = _representative(group)
    mentions = _first_counts([_mention(s, copy_of, final_stance(s, reference)) for s in group.statements])
    text = _claim_text(reference)
    first = min((m.published for m in mentions if m.published), key=_when, default=None)
    return Claim(id=index, story=story_id, text=text, status="unverified", first_seen=first, mentions=mentions)


def _representative(group: _Group) -> Statement:
    """The statement closest to the claim's centroid, preferring one that stands alone."""
    candidates = [s for s in group.statements if not s.refers_back and s.span.end > 0] or group.statements
    norm = math.sqrt(sum(v * v for v in group.centroid.values())) or 1.0

    def closeness(s: Statement) -> float:
        own = math.sqrt(sum(v * v for v in s.terms.values())) or 1.0
        return sum(c * group.centroid[t] for t, c in s.terms.items()) / (own * norm)

    return max(candidates, key=closeness)


def _claim_text(best: Statement) -> str:
    text = " ".join(best.span.text.split()).strip(" ,;:“”\"'")
    text = re.sub(r"^that\s+", "", text)  # indirect speech: "(said) that X" -> "X"
    text = LEADING_DATELINE.sub("", text)  # "TALLINN (NPA) — A ferry ..." -> "A ferry ..."
    text = text[:1].upper() + text[1:]
    return clip(text, CLAIM_TEXT_CHARS, at_word=True)


def _contested(claim: Claim, carriers: dict[tuple[int, int], set[int]]) -> set[int]:
    """Indices of the claim's statements that carry a point another claim contradicts."""
    return set().union(*(carriers.get((other, claim.id), set()) for other in claim.conflicts))


def _state_the_contested_point(claim: Claim, group: _Group, carriers: dict[tuple[int, int], set[int]]) -> None:
    """A claim in conflict reads as one of its statements that carries the contested point (a count, an opposed
    word), if its usual text does not: what other claims dispute is then what the claim says."""
    contested = _contested(claim, carriers)
    reference = _representative(group)
    if not contested or any(group.statements[k] is reference for k in contested):
        return
    carrying = [group.statements[k] for k in sorted(contested) if group.statements[k].negative == reference.negative]
    if carrying:
        claim.text = _claim_text(_representative(_Group(carrying, group.centroid)))


def _first_counts(mentions: list[ClaimMention]) -> list[ClaimMention]:
    """The earliest mention of each origin and stance is the one that counts: it is not collapsed
    (unless it is a copy, which always says so); the later ones are."""
    seen: set[tuple[str, str]] = set()
    ordered = sorted(range(len(mentions)), key=lambda i: _when(mentions[i].published))
    result = list(mentions)
    for i in ordered:
        mention = mentions[i]
        key = (mention.origin, mention.stance)
        if key not in seen and not (mention.collapsed or "").startswith("copy of"):
            result[i] = replace(mention, collapsed=None)
        seen.add(key)
    return result


def _mention(statement: Statement, copy_of: dict[str, list], stance: str) -> ClaimMention:
    article = statement.article
    origin, collapsed = _origin(statement, copy_of)
    return ClaimMention(
        article=article.external_id,
        span=statement.span,
        sentence=statement.sentence,
        stance=stance,
        chain=statement.chain,
        outlet=article.outlet,
        published=article.published,
        origin=origin,
        collapsed=collapsed,
    )


def _origin(statement: Statement, copy_of: dict[str, list]) -> tuple[str, str | None]:
    """(origin key, why the mention does not count on its own or None)."""
    article = statement.article
    for origin_article, _, b_span in copy_of.get(article.external_id, ()):
        if b_span.start <= statement.span.start < b_span.end:
            copied = f"copy of {_copied_from(origin_article)}"
            if statement.chain:
                return _chain_origin(statement.chain, origin_article), copied
            return _own_origin(origin_article), copied
    if statement.chain:
        innermost = statement.chain[-1]
        relayed_by = [s.name for s in statement.chain[:-1]]
        why = f"relay of {innermost.name}" + (f" via {', '.join(relayed_by)}" if relayed_by else "")
        return _chain_origin(statement.chain, article), why
    return _own_origin(article), None


def _when(published: str | None) -> tuple[bool, datetime]:
    """Sort key of a publication time: undated last; times compared in UTC ("10:48-04:00" is after "13:05+02:00"),
    a time without offset taken as UTC."""
    try:
        moment = datetime.fromisoformat(published) if published else None
    except ValueError:
        moment = None
    if moment is None:
        return True, datetime.min.replace(tzinfo=UTC)
    return False, (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _copied_from(article: Article) -> str:
    """The copied article as a reader knows it: "Nordic Press Agency, 2026-03-10T13:05:00+02:00 (npa-1)"."""
    known = ", ".join(filter(None, [article.outlet, article.published]))
    return f"{known} ({article.external_id})" if known else article.external_id


def _chain_origin(chain: tuple[Source, ...], article: Article) -> str:
    """The origin of a relayed statement: its innermost source.

    Documents are known only through the outlet that saw them: "internal
    documents" cited by the Baltic Courier, directly or through outlets citing
    it, are one origin, the documents as that outlet reported them.
    """
    innermost = chain[-1]
    if innermost.type == "document" and not _has_name(innermost):
        outlets = [s.name for s in chain[:-1] if s.type == "news_outlet"]
        seen_by = outlets[-1] if outlets else _outlet_name(article)
        return f"document:{innermost.key.split()[-1]}@{seen_by.casefold()}"
    return _source_origin(innermost)


def _has_name(source: Source) -> bool:
    """A proper name beyond a capitalised first word: "Interior Ministry report", not "Internal documents"."""
    return any(word[:1].isupper() for word in source.name.split()[1:])


def _source_origin(source: Source) -> str:
    """The origin key of a source.

    Unnamed officials of a country, the country itself and unnamed parts of
    its government ("Russian officials", "Russia", "the Russian defense
    ministry") cannot be told apart as sources: they are one origin, the
    country's officials. Anonymous sources with no stated affiliation start as
    their own origin and may be merged later (see :func:`_merge_anonymous`).
    """
    if source.affiliation and (
        source.type == "anonymous" or (source.type == "government" and _names_only_country(source))
    ):
        return f"state:{source.affiliation.casefold()}"
    if source.type == "anonymous":
        return "anonymous:"
    if source.type == OUTLET:
        return _outlet_origin(source.name)
    return f"{source.type}:{source.key}"


def _names_only_country(source: Source) -> bool:
    """No capitalised word in the name but forms of its country ("U.S.", "Russian", "Turkey")."""
    country = source.affiliation or ""
    initials = "".join(w[0] for w in country.split()).casefold()
    stem = country.casefold()[:4]
    for word in re.findall(r"[A-Z][\w.]*", source.name):
        folded = word.casefold().replace(".", "")
        if not (folded.startswith(stem) or folded == initials):
            return False
    return True


def _outlet_name(article: Article) -> str:
    return article.outlet or article.external_id


def _own_origin(article: Article) -> str:
    """The origin of what an article says in its own voice: its outlet, or the article itself if none is known."""
    return _outlet_origin(article.outlet) if article.outlet else f"article:{article.external_id}"


def _outlet_origin(name: str) -> str:
    """An outlet's own reporting, one origin whether read in its own article or cited by another."""
    return f"outlet:{source_key(name)}"


def _copy_origins(copies: Iterable[CopiedPassage], articles: dict[str, Article]) -> dict[str, list]:
    """Copy external id -> [(origin article, origin span, copy span)] for passages whose direction is known.

    Passages of unknown direction make the later-listed article the copy, so a
    shared passage still counts once.
    """
    found: dict[str, list] = defaultdict(list)
    for passage in copies:
        if passage.kind != "copy" or passage.a not in articles or passage.b not in articles:
            continue
        found[passage.b].append((articles[passage.a], passage.a_span, passage.b_span))
    return found


# --- 5. conflicts -------------------------------------------------------------------------


def _link_conflicts(claims: list[Claim], groups: list[_Group]) -> dict[tuple[int, int], set[int]]:
    """Link conflicting claims; (claim, other) -> indices of the other's statements that carry the conflict.

    Only those statements dispute the claim: in "missiles were fired from the
    Caspian" grouped with "missiles fired from the Caspian hit their targets",
    the first says nothing against "four missiles crashed in Iran".
    """
    carriers: dict[tuple[int, int], set[int]] = {}
    for i, j in _sharing_pairs(groups):
        a, b = groups[i], groups[j]
        markers = _conflict(a, b)
        if markers:
            claims[i].conflicts.append(j)
            claims[j].conflicts.append(i)
            carriers[(i, j)] = _carrying(b, markers[1])
            carriers[(j, i)] = _carrying(a, markers[0])
    return carriers


def _carrying(group: _Group, markers: set[str]) -> set[int]:
    """Indices of the group's statements holding one of the markers: a word, or "#unit" for a count of it."""
    units = {m[1:] for m in markers if m.startswith("#")}
    return {
        k
        for k, s in enumerate(group.statements)
        if _asserted_words(s.span.text) & markers or any(u in units for u in _counts_of(s.terms))
    }


def _sharing_pairs(groups: list[_Group]) -> Iterable[tuple[int, int]]:
    """Pairs of claims whose statements share two or more terms besides counts, in order: only those can
    conflict (:func:`_about_one_thing`), and a story's claims mostly share fewer. Memory stays linear in the
    number of claims (one claim's partners counted at a time)."""
    terms = [{t for s in group.statements for t in s.terms if not t.startswith("#")} for group in groups]
    holding: dict[str, list[int]] = defaultdict(list)
    for i, own in enumerate(terms):
        for term in own:
            holding[term].append(i)
    for i, own in enumerate(terms):
        shared = Counter(j for term in own for j in holding[term] if j > i)
        yield from ((i, j) for j in sorted(shared) if shared[j] >= 2)


def _conflict(a: _Group, b: _Group) -> tuple[set[str], set[str]] | None:
    """Two claims about one thing that say different things: a different count of the same
    unit, or opposite words (hit / missed), with at least two other terms in common.

    Returns what marks the conflict on each side (the words, or "#unit" for the counts), or None.
    """
    counts_a, counts_b = _counts(a), _counts(b)
    differing = {u for u in set(counts_a) & set(counts_b) if u and not _compatible(counts_a[u], counts_b[u])}
    if differing and not _updates(a, b) and (_predicates(a) & _predicates(b)) - differing:
        units = {f"#{u}" for u in differing}
        # The statements giving the counts must be about one thing: a claim that grew large has a diluted
        # centroid, so its counting statements are compared one by one.
        pairs = ((a.statements[x], b.statements[y]) for x in _carrying(a, units) for y in _carrying(b, units))
        if any(_about_one_thing(x.terms, y.terms) and _counted_alike(x, y, differing) for x, y in pairs):
            return units, units
    if not _about_one_thing(a.centroid, b.centroid):
        return None
    words_a = {w for s in a.statements for w in _asserted_words(s.span.text)}
    words_b = {w for s in b.statements for w in _asserted_words(s.span.text)}
    if set(counts_a) & PEOPLE_EVENTS and set(counts_b) & PEOPLE_EVENTS:
        words_a, words_b = words_a - PEOPLE_EVENT_WORDS, words_b - PEOPLE_EVENT_WORDS  # "185 rescued", "16 dead"
    for left, right in ANTONYMS:  # one side says the first word and not the second, the other the second
        for first, second in ((left, right), (right, left)):
            says_left, says_right = (words_a, words_b) if first is left else (words_b, words_a)
            if says_left & left and says_right & right and not says_left & right:
                markers = words_a & first, words_b & second
                if _opposed(a, b, *markers):
                    return markers
    return None


def _opposed(a: _Group, b: _Group, words_a: set[str], words_b: set[str]) -> bool:
    """Some statement saying one word and some statement saying its opposite are about one thing, as the counting
    statements must be: "the spider survived for three days" / "the spider was dead when removed", not "the
    show was a global hit" / "Miss Smith, a student"."""
    pairs = ((a.statements[x], b.statements[y]) for x in _carrying(a, words_a) for y in _carrying(b, words_b))
    return any(_about_one_thing(x.terms, y.terms, OPPOSED_SIMILARITY) for x, y in pairs)


def _counted_alike(a: Statement, b: Statement, units: set[str]) -> bool:
    """Two counts of a unit tell of one thing when a word around them is the same ("killed seven leaders" /
    "three leaders were killed"; not "500 Britons fighting in Syria" / "two Britons suspected of the crime"),
    and two measures when they measure the same ("40 feet wide" / "19 feet deep" do not)."""
    for unit in units:
        mine, theirs = a.count_contexts.get(unit, frozenset()), b.count_contexts.get(unit, frozenset())
        dimensions = {w for w in mine | theirs if w.startswith(">")}
        if mine & theirs and (not dimensions or mine & theirs & dimensions):
            return True
    return False


def _about_one_thing(a: Counter, b: Counter, similarity: float = CONFLICT_SIMILARITY) -> bool:
    """At least two shared terms besides counts, and a cosine of at least ``similarity`` over them."""
    words = [t for t in set(a) & set(b) if not t.startswith("#")]
    if len(words) < 2:
        return False
    norm_a = math.sqrt(sum(v * v for v in a.values())) or 1.0
    norm_b = math.sqrt(sum(v * v for v in b.values())) or 1.0
    return sum(a[t] * b[t] for t in words) / (norm_a * norm_b) >= similarity


def _predicates(group: _Group) -> set[str]:
    """Stems of the claim's common (lower-case) content words: what is said of the names, not the names.

    Two counts of one unit conflict only if something is said of both alike
    ("carrying 186" / "carrying more than 200"): "four vessels" in a fleet and
    "eight vessels" in a rescue are different things.
    """
    common = " ".join(w for s in group.statements for w in WORD.findall(s.span.text) if w[:1].islower())
    return {_stem(w) for w in _content_words(common)}


def _updates(a: _Group, b: _Group) -> bool:
    """One of the claims reports a count that changed ("the toll has risen to 16"): a later figure, not a dispute."""
    return any(_words(s.span.text) & UPDATE_WORDS for s in a.statements + b.statements)


def _compatible(values_a: set[str], values_b: set[str]) -> bool:
    """Some pair of counts agrees: equal, or one is a lower bound ("at least 1") the other meets."""
    for x in values_a:
        for y in values_b:
            low_x, low_y = x.endswith("+"), y.endswith("+")
            vx, vy = float(x.rstrip("+")), float(y.rstrip("+"))
            if vx == vy or (low_x and vy >= vx) or (low_y and vx >= vy) or (low_x and low_y):
                return True
    return False


def _counts(group: _Group) -> dict[str, set[str]]:
    return _counts_of(group.centroid)


def _counts_of(terms: Iterable[str]) -> dict[str, set[str]]:
    """Unit -> the values the terms give for it ("#:4:missil" -> {"missil": {"4"}})."""
    found: dict[str, set[str]] = defaultdict(set)
    for term in terms:
        if term.startswith("#"):
            _, value, unit = term.split(":", 2)
            found[unit].add(value)
    return found


def _agree(counts: dict[str, set[str]], centroid: Counter) -> bool:
    """No count of the statement contradicts one of the claim's: "186 passengers" is another claim than "200"."""
    if not counts:
        return True
    theirs = _counts_of(centroid)
    return all(_compatible(values, theirs[unit]) for unit, values in counts.items() if unit and unit in theirs)


# --- 6. counts and status -------------------------------------------------------------------


def _add_article_stances(claims, groups, articles, stance, voices, copy_of) -> None:
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
            claim.mentions.append(_mention(said, copy_of, "denies" if label == "denies" else "mentions"))


def _count_and_judge(claim: Claim, claims: list[Claim], carriers: dict[tuple[int, int], set[int]]) -> None:
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
    contested = _contested(claim, carriers)
    for k, mention in enumerate(claim.mentions):
        if mention.stance == "supports" and k not in contested:
            claim.mentions[k] = replace(mention, stance="mentions")


def _merge_anonymous(claim: Claim) -> None:
    """Sources with no name and no affiliation join the group of a country's officials that reached the
    same outlet: "a senior defense official told Fox News" and "unnamed U.S. officials", cited by Fox
    News, cannot be told apart; an unnamed official heard by other outlets can."""
    heard_by: dict[str, set[str]] = defaultdict(set)
    for mention in claim.mentions:
        if mention.origin.startswith("state:"):
            heard_by[mention.origin] |= _outlets_of(mention)
    merged = []
    for mention in claim.mentions:
        if mention.origin == "anonymous:":
            states = [state for state, outlets in heard_by.items() if outlets & _outlets_of(mention)]
            if len(states) == 1:
                mention = replace(mention, origin=states[0])
        merged.append(mention)
    claim.mentions = merged


def _outlets_of(mention: ClaimMention) -> set[str]:
    """The outlets a mention passed through: those in its chain, and the one that published it."""
    outlets = {source_key(s.name) for s in mention.chain if s.type == OUTLET}
    return outlets | ({source_key(mention.outlet)} if mention.outlet else set())


def evidence_trail(claim: Claim, conflicting: list[Claim] = ()) -> list[str]:
    """The claim's status explained as sentences a fact-checker can check, one per line."""
    lines = [_status_line(claim)]
    by_origin: dict[str, list[ClaimMention]] = defaultdict(list)
    for mention in sorted(claim.mentions, key=lambda m: _when(m.published)):  # stable: text order within a time
        by_origin[mention.origin].append(mention)
    for origin, mentions in by_origin.items():
        stances = sorted({m.stance for m in mentions})
        lines.append(f"Origin {_origin_label(origin, mentions)}: {', '.join(stances)}.")
        for mention in mentions:
            where = mention.outlet or mention.article
            when = f" ({mention.published})" if mention.published else ""
            chain = " -> ".join(s.name for s in mention.chain) or "own voice"
            note = f"; {mention.collapsed}" if mention.collapsed else ""
            quoted = clip(mention.span.text, EVIDENCE_CHARS)
            lines.append(f'  {where}{when}, {chain}: "{quoted}" [{mention.stance}{note}]')
    for other in conflicting:
        # No claim number: numbers are the story's own until the store gives claims theirs (see Claim.conflicts).
        lines.append(f'Conflicts with the claim "{clip(other.text, EVIDENCE_CHARS)}" ({other.status}).')
    return lines


def _status_line(claim: Claim) -> str:
    origins = "origin" if claim.supporting == 1 else "origins"
    text = {
        "corroborated": f"Corroborated: {claim.supporting} independent supporting {origins}, none disputing.",
        "single_source": "Single source: one independent origin supports it, none disputes it.",
        "disputed": f"Disputed: {claim.supporting} supporting and {claim.disputing} disputing independent origins.",
        "denied": f"Denied: {claim.disputing} disputing origin(s) and no independent support.",
        "unverified": "Unverified: every report of it is hedged or only mentions it.",
    }[claim.status]
    if claim.relays:
        text += f" {claim.relays} mention(s) collapsed as copies or relays."
    return text


def _origin_label(origin: str, mentions: list[ClaimMention]) -> str:
    kind, _, key = origin.partition(":")
    if kind == "state":
        affiliations = [s.affiliation for m in mentions for s in m.chain[-1:] if s.affiliation]
        return f"{affiliations[0] if affiliations else key} officials (unnamed or the government as a whole)"
    if kind == "anonymous":
        return "unnamed sources (affiliation not stated)"
    if kind == "article":
        return f"{key} (own reporting, outlet unknown)"
    if kind == "outlet":
        # the outlet the key names, not the first article read (a copy of it under another outlet's name)
        own = [m.outlet for m in mentions if not m.chain and m.outlet and _outlet_origin(m.outlet) == origin]
        cited = [s for m in mentions for s in m.chain[-1:] if s.type == OUTLET]
        if own or not cited:
            return f"{own[0] if own else key} (own reporting)"
        return f"{cited[0].name} ({', '.join(filter(None, ['news outlet', cited[0].affiliation]))})"
    sources = [s for m in mentions for s in m.chain[-1:]]
    if kind == "document" and "@" in key:
        return f"{sources[0].name if sources else 'documents'} (document, as seen by {key.split('@', 1)[1].title()})"
    if not sources:
        return f"{key} ({kind.replace('_', ' ')})"
    described = ", ".join(filter(None, [kind.replace("_", " "), sources[0].affiliation]))
    return f"{sources[0].name} ({described})"


# --- text features ---------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w.lower().replace("’", "'") for w in WORD.findall(text)}


def _negates(text: str) -> bool:
    """A negation that says something did not happen, not an idiom ("not the first time", "not only")."""
    return bool(NEGATION_WORDS & _words(NOT_NEGATING.sub(" ", text)))


def _negated_terms(text: str) -> frozenset[str]:
    """The terms within NEGATION_SCOPE_WORDS words after each negation of the text."""
    return frozenset(t for window in _negation_windows(text) for t in statement_words(" ".join(window)))


@lru_cache(maxsize=1 << 16)
def _asserted_words(text: str) -> frozenset[str]:
    """The text's words but those a negation reaches: "Axl Rose is NOT dead" does not say "dead"."""
    return frozenset(_words(text) - {w.lower().replace("’", "'") for window in _negation_windows(text) for w in window})


def _negation_windows(text: str) -> list[list[str]]:
    words = WORD.findall(NOT_NEGATING.sub(" ", text))
    return [
        words[i + 1 : i + 1 + NEGATION_SCOPE_WORDS]
        for i, w in enumerate(words)
        if w.lower().replace("’", "'") in NEGATION_WORDS or w.lower().endswith(("n't", "n’t"))
    ]


def _content_words(text: str) -> list[str]:
    """Words that carry the claim: not stop words, not reporting furniture."""
    furniture = CONFIRM_WORDS | {"information", "report", "reports", "claim", "claims", "it", "this", "that"}
    return [
        w
        for w in (w.lower() for w in WORD.findall(text))
        if w not in ENGLISH_STOP_WORDS and w not in furniture and not w[0].isdigit() and len(w) > 2
    ]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return SYNONYMS.get(word, word)


def _terms(text: str, quantities: list[Counted]) -> Counter:
    """Stemmed content words, and each quantity as "#:value:unit" ("#:14+:die" for "killing at least 14 people")."""
    terms = Counter(statement_words(text))
    for value, unit, qualifier, _, _ in quantities:
        bound = "+" if qualifier in LOWER_BOUNDS else ""
        terms[f"#:{value:g}{bound}:{unit}"] += 1
    return terms


def _count_contexts(quantities: list[Counted], text: str) -> dict[str, frozenset[str]]:
    """Unit -> the terms within COUNT_CONTEXT_WORDS words either side of its counts, and for a measure what it
    measures as ">dimension" (the first content word after it: "40 feet wide" -> ">wide")."""
    contexts: dict[str, set[str]] = defaultdict(set)
    for _, unit, _, span, measure in quantities:
        before = statement_words(text[max(0, span.start - COUNT_CONTEXT_CHARS) : span.start])[-COUNT_CONTEXT_WORDS:]
        after = statement_words(text[span.end : span.end + COUNT_CONTEXT_CHARS])[:COUNT_CONTEXT_WORDS]
        contexts[unit] |= set(before + after) - {unit}
        if measure:
            contexts[unit].add(">" + _dimension_after(text, span))
    return {unit: frozenset(words) for unit, words in contexts.items()}


def _quantities_in(analysis: Analysis, span: TextSpan, text: str) -> list[Counted]:
    """(value, what is counted, qualifier, where, is a measure) of the quantities inside ``span`` that count a whole.

    "two other Britons", "45 more shows", "one of the poorest countries" count part of something, not a total
    another report could contradict: they are left out.

    People are counted for something ("14 people" killed, "nine people"
    missing): for a count of people, what happened to them, read from the
    nearest event word around the number, is what is counted.
    """
    found = []
    for q in analysis.quantities:
        if not span.start <= q.span.start < max(span.end, 1):
            continue
        unit = _stem(q.unit.split()[-1]) if q.unit else ""
        if unit in GENERIC_UNITS:
            unit = _event_near(text, q.span) or unit
        if PART_OF_COUNT.search(q.span.text):
            continue
        found.append((q.value, unit, q.qualifier, q.span, bool(q.unit) and q.unit.split()[-1] in MEASURE_UNITS))
    return found


def _dimension_after(text: str, span: TextSpan) -> str:
    """What a measure measures: the first content word after it, asides in brackets skipped ("wide"); "?" if none."""
    after = re.sub(r"\([^)]*\)?", " ", text[span.end : span.end + DIMENSION_WINDOW_CHARS])
    words = statement_words(re.split(r"[.;:!?]", after, maxsplit=1)[0])
    return words[0] if words else "?"


def _countries_in(text: str, places: Iterable[Place] = ()) -> Counter:
    """The countries named or qualified in ``text``, as "@country" terms, so that "Moldovan territory" and "in
    Moldova", "Iranian soil" and "in Iran" meet. Other places need none: their names are already words; and a
    country's name inside one of ``places`` (offsets into ``text``: "Gulf of Finland") does not name it."""
    inside = [(p.span.start, p.span.end) for p in places if p.kind != "country"]
    named = {
        country
        for match in WORD.finditer(text)
        if match.group()[:1].isupper()
        and not any(start <= match.start() < end for start, end in inside)
        and (country := country_of(match.group()))
    }
    return Counter(f"@{name.casefold()}" for name in named)


def _event_near(text: str, span: TextSpan) -> str | None:
    after = WORD.findall(text[span.end : span.end + EVENT_WINDOW_CHARS])
    before = WORD.findall(text[max(0, span.start - EVENT_WINDOW_CHARS) : span.start])[::-1]
    for word in after + before:
        for stem, event in EVENT_WORDS.items():
            if word.lower().startswith(stem):
                return event
    return None


def _sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    for sentence in sentences:
        if sentence.span.start <= offset < sentence.span.end:
            return sentence
    return None


def _without_slug(span: TextSpan | None, slugs: list[TextSpan], text: str) -> TextSpan | None:
    """The span with a leading "DEVELOPING:" label cut off."""
    for slug in slugs:
        if span is not None and slug.start <= span.start < slug.end:
            start = slug.end + (len(text[slug.end : span.end]) - len(text[slug.end : span.end].lstrip()))
            return TextSpan(start, span.end, text[start : span.end]) if start < span.end else None
    return span


def _joined(spans: tuple[TextSpan, ...], text: str) -> TextSpan | None:
    if not spans:
        return None
    start, end = spans[0].start, spans[-1].end
    return TextSpan(start, end, text[start:end])


def statement_words(text: str) -> list[str]:
    """The terms of ``text`` in reading order (stemmed content words, news verbs folded; no quantities)."""
    return [term for term, _ in statement_terms(text)]


def statement_terms(text: str) -> list[tuple[str, str]]:
    """(term, the word it was written as) for each term of ``text``, in reading order."""
    words = (w.replace("’", "'").split("'")[0] for w in _content_words(text))
    return [(_stem(w), w) for w in words]


def term_weights(terms: Counter, document_frequency: Counter | None = None, documents: int = 1) -> dict[str, float]:
    """L2-normalised TF-IDF weights of ``terms`` as claims are grouped: (1 + log tf) * log(1 + N / df).

    Without ``document_frequency`` every term has the same IDF (plain log-TF cosine).
    """
    df = document_frequency or {}
    vector = {t: (1 + math.log(c)) * math.log(1 + documents / (df.get(t) or 1)) for t, c in terms.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def statement_similarity(
    a_text: str, b_text: str, document_frequency: Counter | None = None, documents: int = 1
) -> float:
    """Lexical similarity of two statements, in [0, 1]: the cosine claims are grouped by (see group_statements).

    TF-IDF over :func:`statement_words` (Salton and Buckley, 1988), the IDF taken from ``document_frequency``
    over ``documents`` statements; compare with CLAIM_SIMILARITY. Empty text gives 0.0.
    """
    a = term_weights(Counter(statement_words(a_text)), document_frequency, documents)
    b = term_weights(Counter(statement_words(b_text)), document_frequency, documents)
    return _cosine(a, b)
