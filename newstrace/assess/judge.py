"""Judge: an article's stance on a claim, read from the whole article, with the sentences that justify it.

The question a fact-checker asks of each article: does it support the claim,
deny it, report it as unconfirmed, merely mention it, or not address it? The
answer does not depend on which claim the article's own sentences were
grouped into. For each article:

1. **Whether it speaks of the claim.** Its sentences (and headline) are
   ranked by their words' TF-IDF cosine with the claim; the CANDIDATES best
   are compared by meaning too (sentence vectors). The article addresses the
   claim when its closest sentence is close enough (RELATED_SIMILARITY) and
   one of its closest says something the claim says (a common word of it), or
   when the stance model reads the body as related (MODEL_RELATED).
2. **What it makes of it**, in order:
   - it denies the claim when one of its closest sentences refutes it ("a
     hoax", "false", "denied", "no truth"; the second closest only when it is
     close to the claim itself, RELATED_SIMILARITY, not a denial of something
     else; unless the claim itself is a denial, which such words echo; a
     refutation after a closest sentence that hedges the claim leaves it
     unconfirmed: speculation and its denial side by side), when it says the
     opposite in its own voice ("Comcast doesn't monitor browsers"; its closest sentence negating
     NEGATED_SHARED of the claim's terms), or when the stance model reads a
     disagreement (DISAGREE_PROBABILITY; unless it names no refuting sentence
     and a source the article quotes states the claim: the model reads the
     whole body, and another denial in it is not one of this claim; a
     denial so read, with no refuting sentence, makes no origin of the
     outlet's own);
   - a fact-check rates the claim it checks when one of its closest
     sentences is its "Claim:" line (its verdict line or its rating alone on
     a line); its restating of the checked claim is no report of its own;
   - it reports it as unconfirmed when its closest sentence hedges it
     ("reportedly", "may", "unclear", a question, "according to local
     reports"), when it reports a statement of it without vouching for it
     ("X claims"), when it reports a source's denial beside a source's
     support without a verdict, when a source says neither side confirmed it,
     or when it says a report could not be verified; hedges do not count
     against a claim that is itself about something unconfirmed ("officials
     saw no evidence corroborating ISIS's claim"), which they echo;
   - it denies it when all it reports of it is a source's denial;
   - else it supports it.
3. **Who stands behind it.** The statements of the sentences addressing the
   claim that would be grouped into it (STATES_SIMILARITY) are the article's
   mentions of it, each with the stance of its own source: "Comcast denied
   that it monitors browsers" is Comcast disputing, whatever the article makes
   of it.

The cues and bars were chosen on our hand-labelled development stories
(bench/check_dev.py) and measured on FNC-1 (bench/check_fnc1.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Article, TextSpan
from .conflicts import conflict
from .counts import counts_agree, counts_of, possible_count
from .denials import (
    denies_the_report,
    explicit_denial,
    is_denial,
    negates_claim,
    negation_states,
    same_voice,
    sources_negation,
)
from .grouping import REFER_BACK_SENTENCES, Group, mixed_similarity
from .passages import RELATED_SIMILARITY, Claimed, Passage, Scorer, anchors
from .stance import ArticleSignal
from .statements import ATTRIBUTED, HEADLINE, OWN, Statement, fake_as_description, final_stance
from .words import (
    ABOUT_CONFIRMATION,
    CHECKED_CLAIM,
    DISMISSED,
    HEDGING,
    RATING_LABEL,
    REFUTING,
    UNVERIFIED_REPORT,
    VERDICT_LINE,
    WORD,
    statement_words,
)

# The stance model's probability of "unrelated" under which an article addresses the claim whatever its closest
# sentence: the model reads the whole body, and a body that paraphrases a headline in other words is related to
# it (development stories: accuracy over the four stances .637 -> .675; more of a story's other articles are
# judged as addressing a claim, five labels .608 -> .575).
MODEL_RELATED = 0.05
# The sentences of an article's lead, and how many of the words its headline shares with the claim one of their
# attributed statements must say for the headline to sum it up (see _headlined_lead).
LEAD_SENTENCES = 2
HEADLINE_SHARED = 2
# The headline's cosine of words with the claim for it to state the claim so (see _headlined_lead).
HEADLINE_LEXICAL = 0.5
# How many of its closest passages one must say something the claim says (see engages).
ENGAGING = 2
# Without sentence vectors: the lexical cosine that stands in for it.
RELATED_LEXICAL = 0.2
# Probability of "disagree" from the stance model at which an article addressing the claim denies it (development
# stories, bench/check_dev.py: 0.3 -> 0.5, accuracy over the four stances .650 -> .655, denies F1 .541 -> .561).
DISAGREE_PROBABILITY = 0.5
# How many of an article's closest sentences are read for refutations (hedges are read in the closest alone: a
# hedge one sentence away hedges something else as often as not).
READ_SENTENCES = 2
# Hedges that reach only what follows them ("which could be the biggest in the world").
SCOPED_HEDGES = {"may", "might", "could", "possibly"}
# Hedges of a whole report, which hedge it even in a sentence calling something false ("Brokaw reportedly wants
# Williams fired over his false story"); others there name what it calls false ("These rumors are false").
REPORT_HEDGES = {"reportedly", "allegedly", "purportedly", "supposedly", "unconfirmed", "unverified"}


@dataclass
class Judged:
    """An article's stance on a claim: the stance, the statements that state the claim (each with its own
    source's stance toward it), and the sentences that justify the stance."""

    article: Article
    stance: str
    stating: list[tuple[Statement, str]] = field(default_factory=list)
    evidence: list[TextSpan] = field(default_factory=list)
    modelled: bool = False  # a denial the stance model alone read, no sentence of the article refuting the claim
    rated: bool = False  # a fact-check's rating of the claim it checks: the outlet's own finding


def engages(claim: Claimed, passages: list[Passage]) -> bool:
    """One of the passages says something the claim says, not only whom it names: a common (lower-case) word
    of the claim's, so "The MV Larkspur, operated by Nordvik Ferries, was carrying 186 passengers" does not
    address "Nordvik had warned regulators about the ballast valve". (Asking for a share of the claim's rarer
    words cost 5 to 20 points of accuracy on the development stories, bench/check_dev.py: articles address a
    claim in other words than its own.)"""
    said = set().union(*(_common_words(a.span.text) for a in anchors(claim)))
    return any(_common_words(p.span.text) & said for p in passages)


@dataclass
class Reading:
    """What the judge reads in one article about one claim, before deciding: its closest passages (meaning,
    lexical, passage; closest first), the statements stating the claim with their sources' stances, and the
    stance model's signal."""

    article: Article
    closest: list[tuple[float, float, Passage]]
    stating: list[tuple[Statement, str]]
    signal: ArticleSignal | None
    member: bool  # a statement of the article was grouped into the claim
    related: bool  # the article addresses the claim
    claim: Claimed | None = None
    quoted: frozenset[int] = frozenset()  # the sentences holding a source's words


def needs_meaning(
    claim: Claimed, candidates: list[tuple[float, Passage]], statements: list[Statement], signal: ArticleSignal | None
) -> bool:
    """Must the article's candidate sentences be compared with the claim by meaning? Not when one of its
    statements was grouped into the claim (those state it), nor when it cannot address the claim at all: the
    stance model reads it as unrelated and none of its candidates says something the claim says (see
    :func:`engages`)."""
    members = {id(m) for m in claim.members}
    if any(id(s) in members for s in statements):
        return False
    return _model_related(signal) or engages(claim, [p for _, p in candidates])


def read_article(
    claim: Claimed,
    article: Article,
    passages: list[Passage],
    statements: list[Statement],
    scorer: Scorer,
    signal: ArticleSignal | None = None,
    candidates: list[tuple[float, Passage]] | None = None,
) -> Reading:
    """What the judge reads in ``article`` about ``claim`` (see the module docstring); ``candidates`` are its
    passages closest by words, if already found (:meth:`Scorer.candidates`)."""
    candidates = scorer.candidates(claim, passages) if candidates is None else candidates
    members = {id(m) for m in claim.members}
    own = {s.sentence_index for s in statements if id(s) in members}
    member = bool(own)
    if member:
        closest = _stating_first(own, passages, candidates)
    elif needs_meaning(claim, candidates, statements, signal):
        closest = scorer.closest(claim, passages, candidates)
    else:
        return Reading(article, [], [], signal, member=False, related=False, claim=claim)
    related = member or bool(
        closest
        and (
            (_related(closest[0], scorer.embed is not None) and engages(claim, [p for *_, p in closest[:ENGAGING]]))
            or _model_related(signal)
        )
    )
    addressing = {p.index for p in (c[2] for c in closest) if related and p.index >= 0}
    stating: list[tuple[Statement, str]] = []
    for statement in statements:
        addressed = statement.sentence_index in addressing and statement.voice != "headline"
        if id(statement) in members or (addressed and scorer.states(claim, statement)):
            stating.append((statement, _stance_of(claim, statement)))
        elif addressed and negation_states(claim, statement, scorer):
            stating.append((statement, "denies"))
        elif (
            (statement.refers_back or denies_the_report(statement)) and stating and _follows(statement, stating[-1][0])
        ):
            stating.append((statement, statement.stance))  # "FARS said neither side had confirmed the information"
    if related and not stating and (lead := _headlined_lead(claim, closest, statements, scorer)) is not None:
        stating.append((lead, _stance_of(claim, lead)))
    if related and not stating and (denial := sources_negation(claim, closest, statements)) is not None:
        stating.append((denial, "denies"))
    quoted = frozenset(  # a source's words; not "Comcast is not asking customers to ..." (a negated cue)
        s.sentence_index for s in statements if s.voice == ATTRIBUTED and s.negated_terms is not None
    )
    return Reading(article, closest, stating, signal, member, related, claim, quoted)


def decide(reading: Reading) -> Judged:
    """The stance an article takes on a claim, from what the judge read in it (see the module docstring)."""
    closest, stating, article = reading.closest, reading.stating, reading.article
    if not reading.related:
        return Judged(article, "unrelated")
    read = [p for _, _, p in closest[:READ_SENTENCES]]
    if (verdict := _verdict(reading, read)) is not None:
        stance, rating = verdict
        if stance == "denies":  # the checked claim, said again to be rated: not the fact-checker's own report
            stating = [(s, st) for s, st in stating if not (s.voice in (OWN, HEADLINE) and st == "supports")]
        return Judged(article, stance, stating, [rating, read[0].span], rated=True)
    in_text = [s.sentence for s, stance in stating if stance == "supports" and s.span.end > 0]
    best = in_text[0] if in_text else read[0].span if read else stating[0][0].sentence  # a body sentence if any
    refuting, modelled = _refuting(reading, read)
    echoed = reading.claim is not None and _hedged(reading.claim)  # its hedges echo the claim's
    hedged = not echoed and any(_hedges(p.span.text, reading.claim) for p in read[:1])
    if refuting is not None and hedged and read[0].span != refuting:  # speculation, then a denial of it
        return Judged(article, "unconfirmed", stating, [read[0].span, refuting])
    if refuting is not None:
        return Judged(article, "denies", stating, [refuting], modelled)
    if hedged or (not echoed and any(s.report_hedged for s, _ in stating)):
        return Judged(article, "unconfirmed", stating, [best])
    denials = [
        s for s, stance in stating if stance == "denies" and s.voice != "own" and explicit_denial(s, reading.claim)
    ]
    supporting = [s for s, stance in stating if stance == "supports"]
    if denials and supporting and all(any(same_voice(s, d) for d in denials) for s in supporting):
        denying = [(s, stance) for s, stance in stating if stance != "supports"]  # its words on the event stand aside
        return Judged(article, "denies", denying, [denials[0].sentence])
    if denials and supporting:
        return Judged(article, "unconfirmed", stating, [best, denials[0].sentence])  # both sides, no verdict
    if denials and not any(stance in ("supports", "unconfirmed") for _, stance in stating):
        return Judged(article, "denies", stating, [denials[0].sentence])  # a source's denial, and nothing else
    unconfirming = [s for s, stance in stating if s.refers_back and stance == "unconfirmed" and not echoed]
    if unconfirming:  # "neither side had confirmed the information", said of the report just given
        return Judged(article, "unconfirmed", stating, [unconfirming[0].sentence])
    if not echoed and any(s.voice != "own" for s, _ in stating) and UNVERIFIED_REPORT.search(article.text):
        return Judged(article, "unconfirmed", stating, [best])
    return Judged(article, "supports", stating, [best])


def _verdict(reading: Reading, read: list[Passage]) -> tuple[str, TextSpan] | None:
    """A fact-check's verdict, when one of the sentences closest to the claim is the claim it checks ("CLAIM: A
    photo shared on Facebook shows a shark off Matosinhos beach"): (denies or supports, the verdict line or the
    rating heading the article), or None. The checked claim's own "claim" is no hedge of it."""
    if not any(CHECKED_CLAIM.search(p.span.text) for p in read):
        return None
    if (line := VERDICT_LINE.search(reading.article.text)) is not None:
        stance = "denies" if line.group("false") or line.group("false_alone") else "supports"
        return stance, TextSpan(line.start(), line.end(), line.group(0).strip())
    title = reading.article.title or ""
    if (label := RATING_LABEL.match(title)) is not None:
        return ("denies" if label.group("false") else "supports"), TextSpan(0, 0, title)
    return None


def _hedges(text: str, claim: Claimed | None) -> bool:
    """Does the sentence hedge what the claim says? "Reportedly", "rumours", "unclear" or a question hedge the
    whole sentence; a modal (SCOPED_HEDGES) only when something the claim says follows it, or when it closes the
    sentence: "a monster catfish, which could be the biggest in the world" hedges the record, not the catch.
    (Development stories, bench/check_dev.py: accuracy over the four stances .733 -> .740; FNC-1 check
    .841/.595 -> .840/.593. Scoping every hedge so gave .745 there but .836/.584 on FNC-1.)"""
    refuted = claim is not None and is_denial(claim) and REFUTING.search(text)
    for hedge in HEDGING.finditer(DISMISSED.sub(" ", text)):
        if refuted and hedge.group(0).casefold() not in REPORT_HEDGES:
            continue  # "These rumors are false", "as he claimed": what it calls false, as the claim does
        if claim is None or hedge.group(0).casefold() not in SCOPED_HEDGES:
            return True  # "reportedly", "rumours", "unclear": the whole sentence
        after = statement_words(text[hedge.end() :])
        if not after or set(after) & claim.reference.terms.keys():
            return True
    return False


def _hedged(claim: Claimed) -> bool:
    """Is the claim itself about whether something is confirmed ("US officials said they had seen no evidence
    corroborating ISIS's claim", "ISIS claimed that ...")? Then an article's hedges echo it. A claim's own
    framing ("the ferry was reportedly listing") does not make it so: an article hedging that hedges the claim."""
    return bool(ABOUT_CONFIRMATION.search(claim.text))


def _common_words(text: str) -> set[str]:
    return set(statement_words(" ".join(w for w in WORD.findall(text) if w[:1].islower())))


def _follows(statement: Statement, previous: Statement) -> bool:
    """Does a statement come within REFER_BACK_SENTENCES sentences after another of its article?"""
    return 0 < statement.sentence_index - previous.sentence_index <= REFER_BACK_SENTENCES


def _stating_first(
    own: set[int], passages: list[Passage], candidates: list[tuple[float, Passage]]
) -> list[tuple[float, float, Passage]]:
    """An article one of whose statements was grouped into the claim: the sentences of those statements are its
    closest, then its candidates by words; nothing need be embedded (development stories as assessed, bench/
    check_dev.py: accuracy .550 -> .567, macro F1 .411 -> .423, against ranking them all by meaning)."""
    lexical = {id(p): score for score, p in candidates}
    found = [p for p in passages if p.index in own] + [p for _, p in candidates if p.index not in own]
    return [(lexical.get(id(p), 1.0), lexical.get(id(p), 1.0), p) for p in found]


def _headlined_lead(
    claim: Claimed, closest: list[tuple[float, float, Passage]], statements: list[Statement], scorer: Scorer
) -> Statement | None:
    """The source's statement a headline stating the claim sums up: "Ship aground off Ventspils, operator blames
    engine failure" over "A bulk carrier ran aground ... after losing engine power, the ship's operator said". A
    headline is no outlet's report of its own; when it states the claim and none of the body's statements does,
    the attributed statement of the lead (LEAD_SENTENCES) saying most of what the headline and the claim both say
    (HEADLINE_SHARED words or more) is the article's."""
    headline = next((s for s in statements if s.voice == HEADLINE), None)
    lexical = next((w for _, w, p in closest[:READ_SENTENCES] if p.index < 0), 0.0)
    if headline is None or lexical < HEADLINE_LEXICAL or not scorer.states(claim, headline):
        return None  # the encoder puts "fish plant destroyed in fire" near "the fire was started deliberately"
    words = {t for t in headline.terms.keys() & claim.reference.terms.keys() if not t.startswith("#")}
    shared = [
        (len(words & s.terms.keys()), -s.sentence_index, s)
        for s in statements
        if s.voice == ATTRIBUTED and s.chain and 0 <= s.sentence_index < LEAD_SENTENCES
    ]
    best = max(shared, key=lambda x: x[:2], default=None)
    return best[2] if best is not None and best[0] >= HEADLINE_SHARED else None


def _model_related(signal: ArticleSignal | None) -> bool:
    return signal is not None and signal.probabilities.get("unrelated", 1.0) < MODEL_RELATED


def _related(closest: tuple[float, float, Passage], vectors: bool) -> bool:
    meaning, lexical, _ = closest
    if not vectors:
        return lexical >= RELATED_LEXICAL
    bar, floor = RELATED_SIMILARITY
    return lexical >= floor and float(mixed_similarity(lexical, meaning)) >= bar


def _stance_of(claim: Claimed, statement: Statement) -> str:
    """The stance of a statement's source toward the claim: its own words, negation against the claim's, and a
    contradicting count or word ("26 missiles hit their targets" against "four missiles crashed in Iran")."""
    if conflict(Group([claim.reference], claim.reference.terms), Group([statement], statement.terms)):
        return "denies"
    if not counts_agree(counts_of(statement.terms), claim.reference.terms):
        return "mentions"  # another figure for the same thing, not said to contradict it ("the toll has risen")
    if counts_of(claim.reference.terms) and possible_count(statement.span.text):
        return "mentions"  # what a catfish can weigh, not what this one weighed
    return final_stance(statement, claim.reference)


def _refuting(reading: Reading, read: list[Passage]) -> tuple[TextSpan | None, bool]:
    """The sentence by which the article denies the claim, or None: a refuting word in one of its closest
    sentences (unless the claim is itself a denial), its closest sentence saying in its own voice that what
    the claim says did not happen, its own statement denying it, or the stance model's disagreement (with its
    refuting sentence, or the closest one); and whether the model's disagreement alone found it."""
    stating, signal, claim = reading.stating, reading.signal, reading.claim
    denial = claim is not None and is_denial(claim)
    similar = [float(mixed_similarity(lexical, meaning)) for meaning, lexical, _ in reading.closest]
    stated = {s.sentence_index for s, stance in stating if stance == "supports"}  # a sentence saying the claim
    for rank, passage in enumerate([] if denial else read):
        close = passage.index in stated or similar[rank] >= RELATED_SIMILARITY[0]  # not another's denial
        text = RATING_LABEL.sub("", passage.span.text, count=1)  # "FALSE: <the finding>"
        if close and REFUTING.search(text) and not fake_as_description(text, claim.reference.terms):
            return passage.span, False
    for rank, passage in enumerate([] if denial or claim is None else read):
        if (rank == 0 or similar[rank] >= RELATED_SIMILARITY[0]) and negates_claim(passage, claim, reading.quoted):
            return passage.span, False
    for statement, stance in stating:
        if stance == "denies" and statement.voice == "own":
            return statement.sentence, False
    disagrees = signal is not None and signal.probabilities.get("disagree", 0.0) >= DISAGREE_PROBABILITY
    sourced = any(stance == "supports" and s.voice == ATTRIBUTED for s, stance in stating)
    if disagrees and read and (signal.refuting or not sourced):  # not against a source it quotes stating the claim
        return (signal.refuting, False) if signal.refuting else (read[0].span, True)
    return None, False
