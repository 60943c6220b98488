"""Statements: what each article says that may bear on a claim, with its chain of sources and its own stance."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..analyze.attributions import DIRECTIVE, FIGURE
from ..models import (
    REPUBLISHED,
    Analysis,
    Article,
    Attribution,
    Sentence,
    Source,
    TextSpan,
)
from .counts import count_contexts, countries_in, quantities_in, terms_of, written_counts
from .words import (
    CALLED_A_LIE,
    CONFIRM_WORDS,
    DENIAL_WORDS,
    DISMISSED,
    DISMISSIBLE_HEDGES,
    OLD_MEDIA,
    REFUTING,
    UNCONFIRMED_WORDS,
    WORD,
    content_words,
    negated_predicates,
    negated_terms,
    negates,
    statement_words,
    words_of,
)

# Fewest content words a statement needs to stand alone as a claim; fewer and it refers back.
MIN_CONTENT_WORDS = 3
# Fewest content words of a statement an article is judged by.
JUDGED_WORDS = 1
# A statement about another statement ("had not confirmed the information", "denied the
# reports"): it refers back to the claim just made, whatever its own words.
META_STATEMENT = re.compile(
    r"\b(confirm|den(y|ied|ies)|verif|corroborat|dismiss|reject|disput|refut|question)\w*\b.{0,40}?"
    r"\b(the|these|those|this|that|such)\s+(information|reports?|claims?|account|allegations?|news|story)\b"
    r"|\b(confirm|deny|denied|verify|verified|dispute)\w*\s+(it|this|that)\b"
    r"(?=\s*([.,;:!?\"”’)]|$)|\s+(on|in|at|to|by|and|but|or|when|after|before|as|yesterday|today|later|again|too"
    r"|either|immediately|independently|publicly)\b)",  # "denied it." refers back; "denied that Kim was ill" does not
    re.IGNORECASE,
)
# Sentences about the reporting, not the event: "could not be reached for comment", "declined to comment", "Photo
# is from Sportex Italia Facebook page" (a credit), "A news conference is scheduled for 3:30 p.m." (an appointment).
REPORTING_PROCESS = re.compile(
    r"\b(could not|couldn't|did not|didn't|has not|hasn't|have not) (immediately )?(be reached|respond|reply|return)"
    r"[^.]{0,40}\b(comment|requests?|questions|calls|messages|emails?)\b|\bdeclined to comment\b"
    r"|\b(no|not) immediate(ly)? (response|comment|reply)\b"
    r"|\b(press|news) (conference|briefing)s? (is|was|are|were|has been) (scheduled|planned|set)\b"
    r"|\bwill (hold|host|give)\b[^.]{0,12}\b(press|news) (conference|briefing)"
    r"|^\W*(photo|picture|image|video|footage|graphic)s?\s*(:|\b(is|was|are|were)\s+from\b|\bvia\b|\bcourtesy\b|\bcredit)",
    re.IGNORECASE,
)
# Alternatives offered, none said: "the attack was either chlorine gas or phosphorous shells".
ALTERNATIVES = re.compile(r"\beither\b[^.;]{1,80}\bor\b", re.IGNORECASE)
# A possibility left open: "not ruling out that it had been started deliberately", "cannot be excluded".
RULED_OUT = re.compile(r"\b(not|n't|cannot|never)\s+(be\s+)?(rul(e|es|ed|ing)\s+out|exclud\w*)\b", re.IGNORECASE)
# "fake" or "false" before the noun it describes: "fake ratings", "false alarms", "fake news website".
DESCRIBED_AS_FAKE = re.compile(
    r"\b(?:fake|false)\s+(?:news\s+)?(?P<thing>(?!(?:and|or|but|as|in|on|at|to|by|for|of|with|from|news|claims?|"
    r"story|stories|reports?|information|an?|the|this|that|these|those|its?|his|her|their|they|he|she|we|you|"
    r"because|since|after|before|when|if|so|is|was|are|were|be|been|being)\b)[a-z][\w-]{2,})",
    re.IGNORECASE,
)
# Reported contents that state nothing: an open question ("what caused the ship to capsize"), a relative clause
# the parser cut loose ("which the government had declared ..."), or a mere topic ("has not said anything about
# how the fire started").
NOT_A_CLAIM = re.compile(r"\W*(what|which|who|whom|whose|where|why|how|anything|something|nothing)\b", re.IGNORECASE)
# Source words that name nobody: a pronoun or relative pronoun the analysis could not resolve.
UNRESOLVED_SOURCES = {"which", "who", "that", "it", "they", "he", "she", "we", "i", "you", "this"}
# The cue of a report that names no one ("..., it has been revealed", "it was reported that ..."): a passive.
IMPERSONAL_CUE = re.compile(r"(is|was|has been|had been|have been)\s+\w+(ed|en|wn)\b", re.IGNORECASE)
# Where a content's that-clauses meet: "... put down safely and that none of the crew had been hurt".
THAT_CLAUSE_JOINT = re.compile(r"[,;]?\s+(?:and|but|while)\s+that\s+", re.IGNORECASE)
# Terms a statement's negation must share with a claim to deny it, unless one is a name or the negated predicate
# itself: "mushrooms from the garden are not used in the palace kitchens" does not deny "mushrooms grow in the
# palace garden" (one shared common noun, "palace"; its predicate "used" is not the claim's).
NEGATED_SHARED = 2
# Sources inside a quote that are its speaker: "I saw two of the crew lifted out," Yildiz said.
FIRST_PERSON = {"i", "we"}
# Cues that say someone knew something, not that they said it: relayed ("Capus knew the story was false, an insider
# told the Post"), what they knew is the relaying source's assertion, not theirs.
FACTIVE_CUES = {"knew", "know", "knows", "known", "realised", "realized", "realises", "realizes", "realise", "realize"}
# A source that is reports or rumours no one names ("according to some reports", "unconfirmed reports say"): what
# they say the article relays as unconfirmed. A named outlet's report ("a report by Reuters") is a relay.
UNNAMED_REPORTS = re.compile(
    r"((some|unconfirmed|unverified|unofficial|local|media|news|press|online|several|many|other|earlier|initial"
    r"|recent|conflicting|social|the) )*(reports?|rumou?rs?)"
)
# Whose words a statement is: the article's own, a source's, or the article's headline.
OWN, ATTRIBUTED, HEADLINE = "own", "attributed", "headline"
# Cue classes by which an article reports a statement without vouching for it ("ISIS claims ...", "alleged").
UNVOUCHED_CUES = {"claim"}
# What a denial cue denies when it denies the report before it: "Israel has denied the claim as entirely false".
REFERRING_CONTENT = re.compile(
    r"\W*(the|these|those|this|that|such)\s+(\w+\s+)?(information|reports?|claims?|account|allegations?|news|story"
    r"|rumou?rs?)\b",
    re.IGNORECASE,
)


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
    voice: str = OWN  # own (the article's own sentence), attributed (a source's content) or headline
    levels: tuple[int, ...] = ()  # each chain member's depth: one depth relays in parallel ("Fox and CNN reported")
    report_hedged: bool = False  # the article reports it as unverified ("reportedly said", "claims", a question)


def statements_of(article: Article, analysis: Analysis | None, min_words: int = MIN_CONTENT_WORDS) -> list[Statement]:
    """The statements of one article, in text order: those with ``min_words`` content words or more, or that
    speak of another statement. Claims are grouped from statements of MIN_CONTENT_WORDS words; an article is
    judged on a claim from all (see :mod:`.judge`: "Nobody was injured" states "No one was injured in the fire")."""
    if analysis is None:
        return []
    sentences = [s for s in analysis.sentences if s.part == "text"]
    found = []
    slugs = [b.span for b in analysis.boilerplate if b.kind == "slug"]
    for attribution, chain, levels in _innermost(analysis.attributions):
        for run in _sentence_runs(_said(attribution, sentences), sentences):
            span = _without_slug(_joined(run, article.text), slugs, article.text)
            if span is not None and chain and chain[-1].type == "document":  # a release, a posting
                span = _before_verdict_on_it(span, sentences)
            if span is None:
                continue
            sentence = sentence_at(sentences, span.start)
            for part in _that_clauses(span):
                found.append(_statement(article, part, sentence, (chain, levels), attribution, analysis))
    covered = [(s.span.start, s.span.end) for s in found]
    frame = republication_frame(analysis)
    voice = (frame.sources, (0,) * len(frame.sources)) if frame else ((), ())  # whose voice its own sentences are
    for sentence in sentences:
        if sentence.assertive and not any(
            start < sentence.span.end and sentence.span.start < end for start, end in covered
        ):
            found.append(_statement(article, sentence.span, sentence, voice, None, analysis))
    if article.title and article.title.strip():
        question = next((s for s in analysis.sentences if s.part == "title"), None)
        span = TextSpan(0, 0, _without_frame(article.title, frame))  # a headline: no offsets into the text
        found.append(_statement(article, span, question, voice, None, analysis))
    found.sort(key=lambda s: (s.sentence_index < 0, s.span.start))  # the headline last: it sums up the body
    return [
        s
        for s in found
        if (s.refers_back or len(s.terms) >= min_words)
        and not REPORTING_PROCESS.search(s.span.text)
        and not (s.chain and NOT_A_CLAIM.match(s.span.text))
    ]


def republication_frame(analysis: Analysis | None) -> Attribution | None:
    """The article's republication frame ("USA Today is reporting as follows…"), if any."""
    return next((a for a in analysis.attributions if a.kind == REPUBLISHED), None) if analysis else None


def voice_of(analysis: Analysis | None) -> tuple[Source, ...]:
    """Whose voice an article's own sentences are: the outlet it republishes, or () for its own."""
    frame = republication_frame(analysis)
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
        i
        for i, a in enumerate(attributions)
        if a.cue_class != DIRECTIVE  # an order asserts nothing
        and (content_words(said := " ".join(s.text for s in a.content)) or _denies_a_report(a.cue_class, said))
    }
    relayed = {a.parent for i, a in enumerate(attributions) if a.parent is not None and i in standalone}
    for index, attribution in enumerate(attributions):
        if index in relayed or index not in standalone or attribution.kind == REPUBLISHED:
            continue
        relays: list[tuple[Source, ...]] = []  # outermost first, one entry per depth
        seen, current = {index}, attribution.parent
        while current is not None and current not in seen:
            seen.add(current)
            relays.insert(0, attributions[current].sources)
            current = attributions[current].parent
        chain: dict[Source, int] = {}
        for depth, sources in enumerate(relays):
            for source in sources:
                chain.setdefault(source, depth)
        for source in attribution.sources:
            if source.type == "unknown" and source.key in FIRST_PERSON and chain:
                yield attribution, tuple(chain), tuple(chain.values())  # "I saw two of the crew ...," Yildiz said
            elif source.key == "it" and IMPERSONAL_CUE.match(attribution.cue[0].text):
                yield attribution, tuple(chain), tuple(chain.values())  # "..., it has been revealed": no one named
            elif chain and attribution.cue and attribution.cue[-1].text.casefold() in FACTIVE_CUES:
                yield attribution, tuple(chain), tuple(chain.values())  # "'Capus knew this was false,' X said": X's
            elif source.type == "unknown" and source.key in UNRESOLVED_SOURCES:
                continue  # "..., which shares ...": no source to count
            else:
                yield attribution, (*chain, source), (*chain.values(), len(relays))


def _statement(article, span, sentence, chain_levels, attribution, analysis) -> Statement:
    chain, levels = chain_levels
    quantities = quantities_in(analysis, span, article.text)
    terms = terms_of(span.text, quantities)
    places = [
        replace(p, span=TextSpan(p.span.start - span.start, p.span.end - span.start, p.span.text))
        for p in analysis.places
        if span.start <= p.span.start < span.end
    ]  # a headline (span 0:0) has none
    terms += countries_in(span.text, places)
    negated = bool(attribution and attribution.negated) or (bool(sentence) and sentence.negated and negates(span.text))
    hedges = set(attribution.hedges if attribution else ()) | set(sentence.hedges if sentence else ())
    if hedges & DISMISSIBLE_HEDGES and sentence:  # "..., a source said, playing down speculation over his health"
        kept = DISMISSED.sub(" ", sentence.span.text).casefold()
        hedges = {h for h in hedges if h not in DISMISSIBLE_HEDGES or h in kept}
    cue_class = attribution.cue_class if attribution else None
    said = words_of(span.text)
    voice = HEADLINE if span.end == 0 else ATTRIBUTED if attribution else OWN
    # The source's own position is read from its own words; hedges around them are the article's.
    own_hedges = () if attribution else hedges
    if attribution and any(UNNAMED_REPORTS.fullmatch(source.key) for source in attribution.sources):
        own_hedges = ("unnamed reports",)  # "according to some reports, ...": relayed as unconfirmed
    # A hedge is kept as its lemma ("rumor", "appear"): one the source's words inflect ("rumors") is theirs.
    around_hedges = {h for h in hedges if not any(w.startswith(h) for w in said)} if attribution else set()
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
        stance=statement_stance(span.text, negated=negated, hedges=own_hedges, cue_class=cue_class),
        terms=terms,
        negative=negated or negates(span.text),
        negated_terms=None if attribution and attribution.negated else negated_terms(span.text),
        count_contexts=count_contexts(quantities, article.text),
        refers_back=bool(META_STATEMENT.search(span.text))
        or (attribution is not None and _denies_a_report(attribution.cue_class, span.text)),
        denial_cue=cue_class == "deny",
        voice=voice,
        levels=levels,
        report_hedged=bool(around_hedges) or cue_class in UNVOUCHED_CUES or span.text.rstrip().endswith("?"),
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
    words = words_of(DISMISSED.sub(" ", text))  # not "playing down speculation"
    if (words & CONFIRM_WORDS and (negated or negates(text))) or (cue_class == "confirm" and negated):
        return "unconfirmed"  # "neither side had confirmed it", "we cannot confirm that any trekkers are missing"
    if cue_class == "deny" or words & DENIAL_WORDS or OLD_MEDIA.search(text) or CALLED_A_LIE.search(text):
        return "denies"
    if set(hedges) - {"question headline"} or words & UNCONFIRMED_WORDS or text.rstrip().endswith("?"):
        return "unconfirmed"
    if RULED_OUT.search(text) or ALTERNATIVES.search(text):
        return "unconfirmed"  # "not ruling out that it had been started deliberately": possible, not said
    if re.match(r"\W*(whether|if)\b", text, re.IGNORECASE):
        return "unconfirmed"  # "could not say whether ..."
    return "supports"


def final_stance(statement: Statement, reference: Statement) -> str:
    """The statement's stance toward its claim, as stated by ``reference`` (the claim's text)."""
    if statement.stance == "unconfirmed":
        return "unconfirmed"
    if statement.stance == "denies" and not _describes_as_fake(statement, reference):
        if not statement.denial_cue and _echoed_denial(statement, reference):
            return "supports"  # "birth certificates would be rejected" says what "told to reject them" says
        if reference.negative and not statement.negative and not reference.denial_cue:
            return "supports"  # "the lie is that Israel opened dams" says what "southern Israel has no dams" says
        if reference.stance != "denies" or reference.denial_cue:
            return "denies"  # "X denied cutting inspections" denies "cutting inspections", even as its own claim
        return "supports"  # "the pictures were a hoax" said again; "X denied that ..." as "Jordan denied that ..."
    worded_denial = reference.stance == "denies" and not reference.denial_cue  # "Jordan denied that the king flew"
    if worded_denial and not statement.negative:
        return "mentions"  # "the king will fly sorties" says what was denied, not that anyone denied it
    if statement.negative != (reference.negative or worded_denial):
        negative, positive = (statement, reference) if statement.negative else (reference, statement)
        negated = negative.negated_terms
        if negative is reference and negated is not None:
            negated = negated_predicates(reference.span.text)  # "no one was injured": only "injured" is denied
        elif negated is not None and not _reaches(negated & positive.terms.keys(), negative.span.text):
            negated = negated_predicates(negative.span.text)  # "(mushrooms) are not used in the palace kitchens"
        if negated is None or negated & positive.terms.keys():
            return "denies"  # what is negated is what the other says ("did not hit their targets")
    return "supports"  # "posed no danger to the planet" does not deny "missed Earth by 25,000 miles"


def _describes_as_fake(statement: Statement, reference: Statement) -> bool:
    """A statement whose only denial is "fake" describing something the claim does not speak of (see
    :func:`fake_as_description`); not a source's denial ("X denied ...")."""
    text = statement.span.text
    if statement.denial_cue or OLD_MEDIA.search(text) or CALLED_A_LIE.search(text):
        return False
    return (words_of(text) & DENIAL_WORDS) <= {"fake", "false"} and fake_as_description(text, reference.terms.keys())


def fake_as_description(text: str, claimed: Iterable[str]) -> bool:
    """Is every refuting word of the text "fake" or "false" describing something the claim (its terms) does not
    speak of ("a woman ... giving out fake ratings to apps", "measures to crack down on fake downloads", "fake news
    website Daily Buzz Live posted a variation")? Then it is no verdict on the claim. A thing called fake that the
    claim names ("the fake photo") is one; so is anything said to be fake ("the photo is fake", "a fake")."""
    refuting = [m.group(0).casefold() for m in REFUTING.finditer(text)]
    if not refuting or not set(refuting) <= {"fake", "false"}:
        return False
    described = [m.group("thing") for m in DESCRIBED_AS_FAKE.finditer(text)]
    if len(described) < len(refuting):
        return False  # "fake" said of something, not before a noun it describes
    terms = {part for term in claimed for part in (term, *term.split("-"))}
    return not any(set(statement_words(thing)) & terms for thing in described)


def _echoed_denial(statement: Statement, reference: Statement) -> bool:
    """Are the words that made the statement a denial words the claim itself says ("rejected" against "told to
    reject birth certificates")? Then they are what happened, not a verdict on it."""
    denying = {term for word in words_of(statement.span.text) & DENIAL_WORDS for term in statement_words(word)}
    return bool(denying) and denying <= reference.terms.keys()


def _reaches(shared: frozenset[str], text: str) -> bool:
    """Does a negation reach enough of what a claim says to deny it: NEGATED_SHARED of its terms, or a name
    ("never received any letter from Nordvik")? One common noun ("not used in the palace kitchens") is not."""
    if len(shared) >= NEGATED_SHARED:
        return True
    names = {term for word in WORD.findall(text) if word[:1].isupper() for term in statement_words(word)}
    return bool(shared & names)


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
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


def _that_clauses(span: TextSpan) -> list[TextSpan]:
    """A content of several that-clauses, one span each: "the helicopter put down safely and that none of the
    crew had been hurt" says two things, each of which may be a claim of its own."""
    parts, start = [], 0
    for joint in THAT_CLAUSE_JOINT.finditer(span.text):
        parts.append((start, joint.start()))
        start = joint.end()
    parts.append((start, len(span.text)))
    return [TextSpan(span.start + a, span.start + b, span.text[a:b]) for a, b in parts if span.text[a:b].strip()]


def _said(attribution: Attribution, sentences: list[Sentence]) -> tuple[TextSpan, ...]:
    """What an attribution's source says: its content, or for a figure it puts at a number the clause that gives
    it ("officials have put the death toll at 14", not "the death toll at 14", which reads as no claim)."""
    if attribution.kind != FIGURE or not attribution.content or not attribution.source:
        return attribution.content
    start, end = attribution.source[0].start, attribution.content[-1].end
    return (TextSpan(start, end, ""),) if start < end else attribution.content


def _sentence_runs(spans: tuple[TextSpan, ...], sentences: list[Sentence]) -> list[tuple[TextSpan, ...]]:
    """A content's spans in runs of one sentence each: a quotation its cue broke off and the one that continues it
    ('"No," Cruz said. "I will tell the truth. I always have."') are statements of their own, without the cue, one
    per sentence of the continuation. (Splitting every content so cost dev origins .347 -> .333, discovery .520 ->
    .493; a continuation kept whole made claims of whole paragraphs.)"""
    runs: list[list[TextSpan]] = []
    for span in [*spans[:1], *_split_at_sentences(spans[1:], sentences)]:
        if runs and sentence_at(sentences, span.start) is sentence_at(sentences, runs[-1][-1].start):
            runs[-1].append(span)
        else:
            runs.append([span])
    return [tuple(run) for run in runs]


def _split_at_sentences(spans: tuple[TextSpan, ...], sentences: list[Sentence]) -> list[TextSpan]:
    """Each span cut where a sentence starts inside it, spaces trimmed."""
    parts = []
    for span in spans:
        cuts = [x.span.start for x in sentences if span.start < x.span.start < span.end]
        for start, end in zip([span.start, *cuts], [*cuts, span.end], strict=True):
            text = span.text[start - span.start : end - span.start]
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if text:
                parts.append(TextSpan(start + lead, start + lead + len(text), text))
    return parts


def _before_verdict_on_it(span: TextSpan, sentences: list[Sentence]) -> TextSpan:
    """A document's words up to a sentence in them that calls the document false ('A release stated that "Purdon
    has been quarantined. This report is entirely false," the county judge said'): the sentence is the verdict of
    whoever quotes it, run into its content by the quotation marks."""
    for sentence in sentences:
        if not span.start < sentence.span.start < span.end:
            continue
        tail = span.text[sentence.span.start - span.start :]
        if REFERRING_CONTENT.match(tail) and REFUTING.search(tail):
            text = span.text[: sentence.span.start - span.start].rstrip()
            return TextSpan(span.start, span.start + len(text), text)
    return span


def _denies_a_report(cue_class: str | None, content: str) -> bool:
    """A denial of the report before it, named only: "(The department) refuted that claim"."""
    return cue_class == "deny" and bool(REFERRING_CONTENT.fullmatch(content.strip(" ,.")))


def _joined(spans: tuple[TextSpan, ...], text: str) -> TextSpan | None:
    if not spans:
        return None
    start, end = spans[0].start, spans[-1].end
    return TextSpan(start, end, text[start:end])


def claim_statement(text: str) -> Statement:
    """A claim typed by a user, read as a statement of its own (terms, counts, negation), for comparing
    statements with it; it belongs to no stored article."""
    text = " ".join(text.split())
    counts = written_counts(text)
    article = Article(external_id="", text=text, source_path="", extraction_method="claim", raw_sha256="")
    span = TextSpan(0, len(text), text)
    return Statement(
        article=article,
        span=span,
        sentence=span,
        sentence_index=0,
        chain=(),
        stance=statement_stance(text),
        terms=terms_of(text, counts) + countries_in(text),
        negative=negates(text),
        negated_terms=negated_terms(text),
        count_contexts=count_contexts(counts, text),
    )
