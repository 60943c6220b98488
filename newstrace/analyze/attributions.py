"""Attributions from a parsed Doc: who says what, by dependency rules over cue words.

The rules, in the order they run on each sentence:

1. **Cue verbs** (``lexicon.CUE_VERBS``) with a subject: the subject is the
   source, the clausal complement (or, for some verbs, the object or the
   infinitive complement) is the content: "Officials said [the ship sank]".
2. **Trailing cues**: "[The ship sank], FOX News and CNN reported." The parser
   often hangs the trailing verb under the content; we read it as the frame of
   everything before its subject.
3. **"according to X"**: X is the source, the rest of the clause the content;
   a norm the clause follows ("according to plan") is no source. Set off by
   punctuation, the frame is kept without the CRF's confirmation; so is a
   leading "As X reported, [the talks stalled]", whose content is the clause after it.
4. **"citing X"** after a cue adds X as the upstream source of that cue's report.

A rule that cannot find a source declines (an unattributed claim is better
than a misattributed one). Offsets are characters in ``doc.text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..models import Attribution, Boilerplate, TextSpan
from .blocks import colon_blocks
from .lexicon import CUE_VERBS, HEDGES, NEGATIONS, OBJECT_CONTENT
from .sources import GROUP_WORDS, OFFICIAL_WORDS, OUTLET_WORDS, REPORTER_WORDS, UNNAMED_PEOPLE, describe_sources
from .tagger import TaggedSpan, bio_tags, in_quotes, load_tagger, tag_doc, token_features

MODES = ("rules", "tagger", "combined")
# How "combined" joins rules and CRF, chosen on a held-out slice of PolNeAR train (the last
# 84 articles, CRF trained on the others; overlap P/R/F1 quoted there, rules alone: source
# .655/.611/.632, cue .663/.568/.612, content .692/.588/.636).
# Tagger-only attributions need a source: allowing none (PolNeAR leaves 7% without) gained
# cue/content recall (+.04) at .03 precision, and a sourceless record tells a fact-checker little.
TAGGER_SOURCELESS = False
# A CRF cue left without content in its sentence takes an adjacent quotation.
ADJACENT_QUOTES = True
# Characters (spaces, commas, line breaks) that may stand between that quotation and the cue's sentence.
MAX_QUOTE_GAP = 4
# Verbs and nouns of the idiom by which a source gives a figure ("put the death toll at 14"), and that record's kind.
FIGURE_VERBS = {"put", "place", "estimate", "set"}
FIGURE_NOUNS = {"toll", "number", "figure", "count", "total", "cost", "estimate", "tally"}
FIGURE = "figure"
# The kind of a leading "As X reported, ..." frame (rule 3): kept whatever the CRF says.
AS_REPORTED = "as_reported"
# What may stand between a quotation broken by its cue and the quotation that continues it: the cue's clause, no
# other quotation or line break, ended as a sentence (', Cruz said at the time. ').
CONTINUED_QUOTE_GAP = re.compile(r"[^\"“”\n]{1,120}[.:,]\s+")
# Rule records whose cue the CRF did not tag are dropped: keeping them cost .20 precision per role.
KEEP_UNTAGGED_RULES = False
# Shared cues keep the rule's spans: the CRF's boundaries moved content overlap F1 +.02 but exact -.02,
# and the rules' spans hold conjoined sources apart ("FOX News", "CNN").
TAGGER_BOUNDARIES = False
# PolNeAR marks no attribution inside another's content, so the CRF never confirms nested ones;
# the rules' nested records of these classes stay, for chains ("X said Y denied Z"): -.01 precision.
KEEP_NESTED_RULES = True
NESTED_CLASSES = {"report", "confirm", "deny", "claim", "warn"}
# An "according to X" set off by punctuation (", according to X." or "According to X, ...") is kept without the
# CRF's confirmation: in PolNeAR train 387 of 415 "according to" after a comma or dash or opening a sentence are
# annotated attributions (most others annotators' misses), while the CRF's single best tag sequence can leave such a
# cue untagged after a long clause: its probability (.53 on one such cue) is split over many content boundaries, so
# the all-outside sequence wins. PolNeAR dev: +1 record, overlap F1 unchanged to the third decimal.
KEEP_SET_OFF_ACCORDING = True
# A rule record whose cue the CRF's best sequence left untagged is still kept when the CRF's marginal probability
# (forward-backward) that its cue token is a cue reaches this: more likely a cue than not. The best sequence can drop
# a sure cue when its source is long ("A passenger who spoke to the Evening Standard said ..."): P(cue) = .76 on
# "said" there, but the tagged sequences split their mass over many source boundaries, so the all-outside one wins.
# The threshold is the decision rule's natural one, not tuned; PolNeAR dev: +16 records, overlap F1 source, cue +.003.
MIN_CUE_MARGINAL = 0.5
# Objects of "according to" that name a norm the clause follows, not who or what says it ("went according to
# plan", "according to the schedule"): rule 3 declines them.
NORM_NOUNS = {
    "plan",
    "plans",
    "schedule",
    "script",
    "rule",
    "rules",
    "tradition",
    "custom",
    "protocol",
    "procedure",
    "procedures",
    "instructions",
    "guidelines",
}
# Tokens that set a parenthetical off from its clause.
SET_OFF_PUNCT = {",", "—", "–", "-", "(", ")", ";", ":"}

# Dashes that end a dateline ("TEHRAN –", "MOSCOW (Reuters) -").
DASHES = {"—", "–", "-", "--"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}
NOUNS = ("NOUN", "PROPN")
# Who may report: named people, bodies and outlets, and nouns for them ("two Chilean media outlets reported").
SPEAKER_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}
SPEAKER_NOUNS = OUTLET_WORDS | OFFICIAL_WORDS | GROUP_WORDS | REPORTER_WORDS | UNNAMED_PEOPLE | {"media", "outlet"}
CLAUSE_DEPS = {"ccomp", "parataxis"}
# Punctuation and words that may stand between a trailing cue and the sentence end.
TRAILING_TAIL_DEPS = {"punct", "npadvmod", "advmod", "prep", "advcl", "dative", "dobj", "agent", "cc", "conj"}
QUOTES = "\"“”‘’'«»"
# Verbs that tell someone to act: with whom they tell and the act, the attribution is an order (cue class
# DIRECTIVE), which asserts nothing a claim could rest on.
DIRECTIVE = "directive"
DIRECTIVE_VERBS = {
    "urge", "ask", "tell", "call", "order", "demand", "plead", "request", "advise", "recommend", "encourage",
    "implore", "press", "instruct", "direct", "invite", "beg", "command", "challenge", "force", "pressure",
}  # fmt: skip
# Words before a cue verb that PolNeAR counts in the cue ("has said", "also said", "isn't saying").
CUE_MODIFIERS = {"aux", "auxpass", "neg", "advmod"}
# A credit after a closing quotation mark: a dash, then a name of one to six capitalised words ending its line.
DASH_CREDIT = re.compile(
    r"(?<=[”\"’'])[ \t\u00a0]*\n?[ \t\u00a0]*(?P<dash>[―—])[ \t\u00a0]*"
    r"(?P<name>[A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,5})[ \t\u00a0.]*(?=\n|$)"
)
CLOSING_MARKS = "”\"’'"
# Two apostrophes for a quotation mark, opening and closing alike ("''It's anti-reform,'' he said").
DOUBLED_APOSTROPHES = re.compile(r"''")
# Nouns for what an outlet published ("according to reports from CNBC and the Wall Street Journal").
REPORT_NOUNS = {"report", "reporting", "account", "story", "article", "statement"}
# Verbs of rejecting, and the nouns for something said that they may reject: "rejected the report" denies it,
# "rejected the demands" refuses them (see _refused). Showing a thing is no report either: "other broadcasters
# showed the meeting without blurring her face" (not "records show the ship left port at 9").
REFUSAL_VERBS = {"reject", "dismiss", "refuse", "rebuff", "show"}
# Verbs of declining, and what one may decline that is speech though no cue ("declined to comment").
DECLINING_VERBS = {"decline", "refuse"}
SPEECH_ACTS = {
    "comment", "elaborate", "discuss", "respond", "speculate", "disclose", "specify", "identify", "name", "give",
    "provide", "answer", "reveal", "address", "release", "talk", "speak", "detail", "divulge", "share", "endorse",
    "pledge", "threaten", "testify", "apologize", "apologise", "promise", "commit", "rule", "concede", "admit",
    "acknowledge", "condemn", "denounce", "retract", "vow", "recognize", "recognise",
}  # fmt: skip
CLAIM_NOUNS = REPORT_NOUNS | {
    "claim", "allegation", "accusation", "charge", "rumor", "rumour", "suggestion", "assertion", "speculation",
    "notion", "idea", "finding", "conclusion", "version", "criticism", "assessment", "reports", "news", "theory",
}  # fmt: skip
# Parts of speech a tagged cue cannot consist of alone, and the particles that still make one ("per the
# ministry", "as the ministry put it").
NOT_SAYING_POS = {"ADP", "DET", "PRON", "PUNCT", "CCONJ", "SCONJ", "PART", "SPACE"}
SAYING_PARTICLES = {"according", "per", "as"}
# Verbs of perception: what they take as a direct object was seen, not said ("spotted the fly agaric").
PERCEPTION_CUES = {"see", "spot", "notice", "observe", "witness", "watch", "hear", "discover"}
# Verbs that give a name ("People named Jong Un"): with a bare name for content they state nothing.
NAMING_CUES = {"name", "dub", "nickname", "rename"}
# Cues that name whom a report rests on ("citing people familiar with the plans") rather than what was said.
CITING_CUES = {"cite", "citing", "quote", "quoting"}


def find_attributions(
    doc: Doc, boilerplate: Iterable[Boilerplate] = (), *, mode: str = "combined", model_path: str | None = None
) -> list[Attribution]:
    """Every attribution in the document, in text order, with nesting resolved.

    ``mode`` is ``"rules"`` (the dependency rules alone), ``"tagger"`` (the CRF
    of :mod:`.tagger` alone; needs a model trained ``--without-rules``, given
    as ``model_path``) or ``"combined"`` (the CRF reads the rules' roles as
    features; its spans win, the rules supply kind and structure).
    Attributions whose cue lies in ``boilerplate`` (credit lines, teasers of
    other articles, widgets) are left out.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    furniture = [(b.span.start, b.span.end) for b in boilerplate]
    text = doc.text  # rebuilt on each access
    quotes = quote_spans(text)
    found: list[Attribution] = []
    for index, sentence in enumerate(doc.sents):
        found.extend(_clip_to_frames(list(_sentence_attributions(sentence, index))))
    if mode != "rules":
        rules = rule_tags(doc, found) if mode == "combined" else None
        tagged = _tagged_attributions(doc, text, tag_doc(doc, quotes, rules, model_path), quotes)
        citations = [t for t in tagged if _citation_only(doc, t)]
        tagged = [t for t in tagged if t not in citations and _cue_can_say(doc, t)]
        settled = [
            r
            for r in found
            if (KEEP_SET_OFF_ACCORDING and _set_off_according(doc, r))
            or r.kind in (FIGURE, AS_REPORTED)
            or _reported_by(doc, r)
        ]
        settled += _cited_reports(found, citations)
        if mode == "combined":
            untagged = [r for r in found if not any(_overlaps(t.cue, r.cue) for t in tagged)]
            settled += _likely_cues(doc, quotes, rules, untagged, model_path)
        found = _combine(found if mode == "combined" else [], tagged, settled)
    found += _dash_credits(doc, found)
    found += colon_blocks(doc, found)
    found = [a for a in found if not any(start <= a.cue[0].start < end for start, end in furniture)]
    found = [a for a in found if not any(drop(doc, a) for drop in (_hearsay, _addressed, _refused, _declined_act))]
    found = [_extend_to_quotes(_continued_clause(doc, a), quotes, text) for a in found]
    found = _continued_quotes(found, quotes, text)
    found = [_whole_cue(doc, a) for a in found]
    found.sort(key=lambda a: a.cue[0].start if a.cue else 0)
    _link_nesting(found)
    describe_sources(doc, found)
    return found


# Verbs whose participle before an infinitive reports hearsay with no speaker ("said to be", "believed to have");
# not "threatened to", "vowed to", whose subject speaks.
HEARSAY_VERBS = {"say", "report", "believe", "think", "allege", "rumor", "rumour", "understand", "know", "consider"}


def _hearsay(doc: Doc, record: Attribution) -> bool:
    """A participle cue opening an infinitive ("the man, said to be in his forties", "the minister is reported to
    have resigned", "People named Jong Un -- said to be a common name"): what is said is hearsay with no speaker;
    whom it describes is not the source."""
    cue = _tokens_of(doc, record.cue)
    if len(cue) != 1 or cue[0].lemma_.lower() not in HEARSAY_VERBS or cue[0].i + 2 >= len(doc):
        return False
    after, verb = doc[cue[0].i + 1], doc[cue[0].i + 2]
    return after.lower_ == "to" and verb.tag_ == "VB"


def _refused(doc: Doc, record: Attribution) -> bool:
    """Is what a verb of rejecting or showing takes a thing, not something said ("rejected the rebels' demands for a
    ceasefire", "a policy of rejecting ransom demands", "showed the meeting"; not "rejected the report", "dismissed
    the claims", "the video showed the king walking away")?"""
    cue = _tokens_of(doc, record.cue)
    return any(t.lemma_.lower() in REFUSAL_VERBS for t in cue) and _a_thing(_tokens_of(doc, record.content))


def _declined_act(doc: Doc, record: Attribution) -> bool:
    """Is what a verb of declining takes an act, not speech ("declined to wear a head scarf", "refused to attend";
    not "declined to comment", "refused to say whether")? An act declined says nothing."""
    cue = _tokens_of(doc, record.cue)
    if not any(t.lemma_.lower() in DECLINING_VERBS for t in cue):
        return False
    acts = [t for t in _tokens_of(doc, record.content) if t.pos_ == "VERB" and t.head in cue]
    return bool(acts) and not any(t.lemma_.lower() in CUE_VERBS or t.lemma_.lower() in SPEECH_ACTS for t in acts)


def _addressed(doc: Doc, record: Attribution) -> bool:
    """Is the source whom a passive verb of telling addressed ("Officials were also directed to reject birth
    certificates", "residents were told to leave")? They were told; they say nothing."""
    told = [t for t in _tokens_of(doc, record.cue) if t.lemma_.lower() in DIRECTIVE_VERBS | {"inform", "warn"}]
    source = {t.i for t in _tokens_of(doc, record.source)}
    return any(
        c.dep_ == "nsubjpass" and c.i in source
        for t in told
        if any(a.dep_ == "auxpass" for a in t.children)
        for c in t.children
    )


def _citation_only(doc: Doc, record: Attribution) -> bool:
    """A tagged "citing X" or "quoting X" whose content is a bare noun phrase ("citing people familiar with the
    plans", "by citing American movie icon Clint Eastwood"): X is whom a report rests on, or what a speaker
    mentioned; no statement."""
    if not record.cue or not record.content:
        return False
    if not any(t.lemma_.lower() in CITING_CUES for t in _tokens_of(doc, record.cue)):
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in _tokens_of(doc, record.content))


def _cue_can_say(doc: Doc, record: Attribution) -> bool:
    """Can the tagged cue say or report anything? Not a lone preposition, article or pronoun ("rumors, which
    they credited to Jordanian TV" tagged with the cue "over"); "according to", "per" and "as" can. Nor a verb
    of naming that gives a name or has a bare name for content ("People named Jong Un"): a name, no statement."""
    cue = _tokens_of(doc, record.cue)
    verbs = [t for t in cue if t.pos_ in ("VERB", "AUX")]
    if verbs and all(t.lemma_.lower() in NAMING_CUES for t in verbs):
        naming = any(c.dep_ == "oprd" for t in verbs for c in t.children)  # "named Jong Un": the name given
        if naming or not any(t.pos_ in ("VERB", "AUX") for t in _tokens_of(doc, record.content)):
            return False
    if _perceived(verbs, _tokens_of(doc, record.content)):
        return False
    return not cue or any(t.pos_ not in NOT_SAYING_POS or t.lower_ in SAYING_PARTICLES for t in cue)


def _perceived(verbs: list[Token], content: list[Token]) -> bool:
    """Is the content what a verb of perception saw, not what it says ("Alan Titchmarsh spotted the red-and-white
    fly agaric")? Its direct object is what it saw, heard or discovered."""
    taken = {t.i for t in content}
    return any(
        c.dep_ == "dobj" and c.i in taken for v in verbs if v.lemma_.lower() in PERCEPTION_CUES for c in v.children
    )


def _tokens_of(doc: Doc, spans: tuple[TextSpan, ...]) -> list[Token]:
    """The tokens of a role's character spans."""
    found = (doc.char_span(s.start, s.end, alignment_mode="expand") for s in spans)
    return [t for tokens in found if tokens is not None for t in tokens]


def _cited_reports(rules: list[Attribution], citations: list[Attribution]) -> list[Attribution]:
    """The reports that tagged citations hang on ("CNBC reported that ..., citing people familiar with the plans"),
    by the rules' citing record or by their common source: the tagger saw the citation, so the report it qualifies
    stands without the tagger's confirmation."""
    cited = [r for r in rules if r.kind == "citing" and any(_overlaps(r.cue, t.cue) for t in citations)]
    return [
        r
        for r in rules
        if r.kind != "citing"
        and (any(c.content == r.content for c in cited) or any(_overlaps(r.source, t.source) for t in citations))
    ]


def quote_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation, marks included; an unclosed quote is dropped.

    Curly quotes pair by direction; straight double quotes pair in order within
    a paragraph (a quote running on into the next paragraph reopens there).
    """
    spans = []
    for start_char, end_char in (("“", "”"), ("«", "»")):
        opened = None
        for i, char in enumerate(text):
            if char == start_char:
                opened = i
            elif char == end_char and opened is not None:
                spans.append((opened, i + 1))
                opened = None
    offset = 0
    for paragraph in text.split("\n"):
        marks = [offset + i for i, char in enumerate(paragraph) if char == '"']
        spans.extend((a, b + 1) for a, b in zip(marks[::2], marks[1::2], strict=False))
        doubled = [offset + m.start() for m in DOUBLED_APOSTROPHES.finditer(paragraph)]  # ''So,'' as the Times sets
        spans.extend((a, b + 2) for a, b in zip(doubled[::2], doubled[1::2], strict=False))
        offset += len(paragraph) + 1
    return sorted(spans)


def _extend_to_quotes(record: Attribution, quotes: list[tuple[int, int]], text: str) -> Attribution:
    """Content that starts or ends inside a quotation takes in the whole quotation."""
    if not record.content:
        return record
    start, end = record.content[0].start, record.content[-1].end
    cue_start = record.cue[0].start if record.cue else start
    new_start, new_end = start, end
    for q_start, q_end in quotes:
        if q_start < start < q_end and not q_start <= cue_start < q_end:
            new_start = min(new_start, q_start)
        if q_start < end < q_end and not q_start <= cue_start < q_end:
            new_end = max(new_end, q_end)
    if (new_start, new_end) == (start, end):
        return record
    spans = list(record.content)
    spans[0] = TextSpan(new_start, spans[0].end, text[new_start : spans[0].end])
    spans[-1] = TextSpan(spans[-1].start, new_end, text[spans[-1].start : new_end])
    record.content = tuple(spans)
    return record


def _continued_clause(doc: Doc, record: Attribution) -> Attribution:
    """Content that a clause joined to a present-tense cue goes on with, its subject the same pronoun as the
    content's: "Comcast says [it uses e-mail alerts to educate customers], but [it doesn't cut off service]": both
    are what Comcast says (a past cue, "he said he would resign, but he has not", leaves the reporter's words)."""
    cue = [t for t in _tokens_of(doc, record.cue) if t.pos_ in ("VERB", "AUX")]
    content = _tokens_of(doc, record.content)
    if len(cue) != 1 or cue[0].tag_ not in ("VBZ", "VBP") or not content:
        return record
    said = {c.lower_ for t in content for c in t.children if c.dep_ == "nsubj" and c.pos_ == "PRON"}
    for conj in cue[0].children:
        if conj.dep_ != "conj" or conj.i <= content[-1].i or conj.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ == "nsubj" and c.lower_ in said for c in conj.children):
            clause = list(conj.subtree)
            tokens = clause[:-1] if clause[-1].is_punct else clause  # not the sentence's full stop
            joiners = [t for t in doc[content[-1].i + 1 : clause[0].i] if t.dep_ == "cc" or t.is_punct]
            record.content = _spans(content + joiners + tokens)
            return record
    return record


def _dash_credits(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """A quotation credited after a dash at its line's end: '"He represents our greatest shame." ― Sonya
    Herridge' (reader reactions, pull quotes). The quotation is the line before the dash, or the line above when
    the credit stands alone on its line."""
    text = doc.text
    taken = [(c.start, c.end) for a in found for c in a.content]
    sentence_starts = [sentence.start_char for sentence in doc.sents]
    records = []
    for credit in DASH_CREDIT.finditer(text):
        start = text.rfind("\n", 0, credit.start()) + 1
        end = credit.start()
        if not text[start:end].strip():  # the credit alone on its line: the line above
            end = len(text[:start].rstrip())
            start = text.rfind("\n", 0, end) + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start or text[end - 1] not in CLOSING_MARKS or any(s < end and start < e for s, e in taken):
            continue
        name = credit.group("name").rstrip(" .")
        name_start = credit.start("name")
        records.append(
            Attribution(
                source=(TextSpan(name_start, name_start + len(name), name),),
                cue=(TextSpan(credit.start("dash"), credit.end("dash"), credit.group("dash")),),
                content=(TextSpan(start, end, text[start:end]),),
                kind="quote",
                sentence=max(0, bisect_right(sentence_starts, start) - 1),
            )
        )
    return records


def _whole_cue(doc: Doc, record: Attribution) -> Attribution:
    """The cue with the auxiliaries, negation and adverbs its verb takes before it ("has said", "also said", "is
    once again questioning"), as PolNeAR marks cues. (Taking in what stands between the cue and a content after it,
    "said in a statement that", lost more exact cues than it gained.)"""
    if len(record.cue) != 1:
        return record
    cue = doc.char_span(record.cue[0].start, record.cue[0].end, alignment_mode="expand")
    if cue is None:
        return record
    verb, start = cue.root, cue.start
    while start > 0 and (before := doc[start - 1]).head == verb and before.dep_ in CUE_MODIFIERS:
        start -= 1
    if start == cue.start:
        return record
    span = doc[start : cue.end]
    return replace(record, cue=(TextSpan(span.start_char, span.end_char, span.text),))


def _continued_quotes(records: list[Attribution], quotes: list[tuple[int, int]], text: str) -> list[Attribution]:
    """A quotation broken by its cue runs on in the next one: in '"No, this is not politics," Cruz said at the
    time. "I will tell the truth."' both quotations are Cruz's content, as PolNeAR marks them. The next quotation
    must follow the cue's sentence directly, in the same paragraph, and be no other attribution's content."""
    contents = [(c.start, c.end) for r in records for c in r.content]
    for record in records:
        if not record.content or not record.cue:
            continue
        end, cue = record.content[-1].end, record.cue[0]
        opened = next((q for q in quotes if q[0] < end <= q[1] and q[1] <= cue.start), None)
        if opened is None:
            continue
        after = next((q for q in quotes if q[0] >= cue.end), None)
        if after is None or not CONTINUED_QUOTE_GAP.fullmatch(text[opened[1] : after[0]]):
            continue
        if any(start < after[1] and after[0] < stop for start, stop in contents):
            continue
        record.content = (*record.content, TextSpan(after[0], after[1], text[after[0] : after[1]]))
    return records


def _clip_to_frames(records: list[Attribution]) -> list[Attribution]:
    """Keep a trailing frame (", CNN reported", ", according to AP") out of the contents it frames."""
    frames = [r for r in records if r.kind in ("trailing", "according_to")]
    for frame in frames:
        boundary = frame.source[0].start if frame.kind == "trailing" else frame.cue[0].start
        for record in records:
            if record is frame or not record.cue or record.cue[0].start >= boundary:
                continue
            clipped = []
            for span in record.content:
                if span.start >= boundary:
                    continue
                end = min(span.end, boundary)
                text = span.text[: end - span.start].rstrip(" ,")
                clipped.append(TextSpan(span.start, span.start + len(text), text))
            record.content = tuple(c for c in clipped if c.text)
    return [r for r in records if r.content]


def _sentence_attributions(sentence: Span, index: int) -> Iterator[Attribution]:
    claimed: set[int] = set()  # cue tokens already used by an earlier rule
    by_cue: dict[int, Attribution] = {}
    for report, citing in _reports_citing(sentence, index):
        claimed |= {report.cue_token, citing.cue_token}
        by_cue[report.cue_token] = report.record
        yield report.record
        yield citing.record
    for token in sentence:
        if token.i in claimed:
            continue
        if token.lemma_.lower() == "cite" and token.dep_ == "advcl" and token.head.i in by_cue:
            record = _citing(token, by_cue[token.head.i], index)
        elif token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            record = _according_to(token, sentence, index)
        elif _as_reported_cue(token):
            record = _as_reported(token, sentence, index)
        elif _is_cue_verb(token):
            record = (
                _trailing(token, sentence, index) or _verb_frame(token, sentence, index) or _figure_frame(token, index)
            )
        else:
            record = _figure_frame(token, index)
        if record is not None:
            claimed.add(token.i)
            by_cue[token.i] = record
            yield record


def _figure_frame(verb: Token, index: int) -> Attribution | None:
    """The record of a figure the verb's subject gives (see _figure_put), or None."""
    figure = _figure_put(verb)
    subject = _subject(verb) if figure else None
    return _verb_record(verb, subject, figure, FIGURE, index) if subject is not None else None


def _figure_put(verb: Token) -> list[Token]:
    """The figure a source gives, in the idiom that gives it: "officials put the death toll at 14", "the ministry
    estimated the number of displaced at 3,260" (the figure and what it counts), or nothing. PolNeAR's annotators
    mark few of these, so the CRF does not confirm them; they are kept whatever it says (see find_attributions)."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in FIGURE_VERBS:
        return []
    figure = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in FIGURE_NOUNS), None)
    at = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "at" and figure is not None), None)
    if figure is None or at is None or at.i < figure.i:
        return []
    return list(verb.doc[figure.left_edge.i : at.right_edge.i + 1])


def _is_cue_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in CUE_VERBS and token.dep_ != "amod"


# --- rule 1: a cue verb with its subject and complement ------------------------------


def _verb_frame(verb: Token, sentence: Span, index: int) -> Attribution | None:
    subject = _subject(verb)
    if subject is None:
        return None
    content = _content_tokens(verb)
    if not content:
        return None
    record = _verb_record(verb, subject, content, "verb", index)
    if record is not None and verb.lemma_.lower() in DIRECTIVE_VERBS and (_directs(verb) or _a_thing(content)):
        record.cue_class = DIRECTIVE  # "urged Trump to stop attacking Machado", "demanded $6.6 million": nothing said
    return record


def _a_thing(content: list[Token]) -> bool:
    """Is the content a thing, not something said: a noun phrase with no verb that names no report or claim
    ("the rebels' demands for a ceasefire", "millions of dollars"; not "the report", "the allegations")?"""
    if not content or any(t.pos_ in ("VERB", "AUX") for t in content):
        return False
    heads = [t for t in content if t.head not in content or t.head == t]
    return not any(t.lemma_.lower() in CLAIM_NOUNS for t in heads)


def _directs(verb: Token) -> bool:
    """Does the verb tell someone to act ("ordered the generals to take part in drills")?"""
    return any(_addressee(verb, c) for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"))


def _nearest_subject(verb: Token) -> Token | None:
    """The subject nearest before the verb, set off by a comma, when the parser gave it several: in "Two tugs made
    fast to the stern ..., the Latvian Coast Guard Service said" it makes both "tugs" and "Service" subjects of
    "said"."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i]
    if len(subjects) < 2 or subjects[-1].left_edge.i == 0:
        return None
    set_off = subjects[-1].doc[subjects[-1].left_edge.i - 1].text == ","  # not "a statement ... and their supporters"
    return subjects[-1] if set_off else None


def _subject(verb: Token) -> Token | None:
    """The verb's subject; a conjoined verb with none of its own ("said X and added Y") shares its head's."""
    if (nearest := _nearest_subject(verb)) is not None:
        return nearest
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head  # "officials who said ...": the noun the clause hangs on
        if child.dep_ in SUBJECT_DEPS | {"advcl"} and (speaker := _set_off_after_participle(child)) is not None:
            return speaker
        if child.dep_ in SUBJECT_DEPS and child.pos_ not in ("DET",) and child.lower_ not in ("it", "there"):
            if _dateline(child) and any(c.dep_ in SUBJECT_DEPS and c.i > child.i for c in verb.children):
                continue  # "TEHRAN – Iran's Defense Ministry said": the place is the dateline, not the speaker
            return child
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None  # a subject of its own that names no one ("Details are developing, but it appears ...")
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX"):
        # "..., saying the ship sank": the speaker is the nearest cue verb above, else the head's subject.
        for ancestor in verb.ancestors:
            if _is_cue_verb(ancestor) and (speaker := _subject(ancestor)) is not None:
                return speaker
        return _subject(verb.head)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def _set_off_after_participle(token: Token) -> Token | None:
    """The speaker the parser hung on an opening participle's agent: "Contacted by Reuters, a spokesman said" (the
    spokesman in apposition to Reuters), "Contacted by Checkpoint PT, Pieter van Wyk confirmed" (a conjunct of
    it); None when nothing follows the agent after a comma."""
    if token.tag_ != "VBN" or token.i != token.sent.start:
        return None
    for agent in (c for c in token.children if c.dep_ == "agent"):
        for named in (c for c in agent.children if c.dep_ == "pobj"):
            for speaker in named.children:
                if speaker.dep_ in ("appos", "conj") and token.doc[speaker.left_edge.i - 1].text == ",":
                    return speaker
    return None


def _dateline(token: Token) -> bool:
    """A dateline opening its sentence: a place in capitals, then a dash ("TEHRAN –", "MOSCOW (Reuters) -")."""
    words = [t for t in token.subtree if not t.is_punct]
    after = token.doc[token.right_edge.i + 1] if token.right_edge.i + 1 < len(token.doc) else None
    return (
        token.left_edge.i == token.sent.start
        and token.text.isupper()
        and len(token.text) > 2
        and ((after is not None and after.text in DASHES) or any(t.text in DASHES for t in token.subtree))
        and len(words) <= 4
    )


def _content_tokens(verb: Token) -> list[Token]:
    for child in verb.children:
        if (child.dep_ in CLAUSE_DEPS and child.i > verb.i) or child.dep_ == "ccomp":
            medium = _that_clause_of_medium(verb)
            if medium is not None and medium.i < child.i:  # "said in a statement that [they had evacuated 80
                first = min(t.i for t in _subtree(medium))  # families] (...) [after water reached 3 m]": one clause
                return list(verb.doc[first : max(t.i for t in _subtree(child)) + 1])
            return _subtree(child)
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            return _addressee(verb, child) + _subtree(child)
    if (clause := _that_clause_of_medium(verb)) is not None:
        return _subtree(clause)
    if (named := _named_as(verb)) is not None:
        return named
    if verb.lemma_.lower() in OBJECT_CONTENT:
        for child in verb.children:
            if child.dep_ in ("dobj", "attr"):
                return _without_aside(child)
    for child in verb.children:  # "said of X", "asked about X"
        if (
            child.dep_ == "prep"
            and child.lower_ in ("about", "of", "on", "for")
            and verb.lemma_ in ("say", "ask", "call")
        ):
            return _subtree(child)
    return []


def _addressee(verb: Token, clause: Token) -> list[Token]:
    """Whom a source urges to act, with the act: "urged Trump to stop attacking Machado", "called on European nations
    to bolster defense spending" (PolNeAR marks both as the content); nothing when no one is named before it."""
    named = [c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i]
    named += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children if p.dep_ == "pobj"]
    return _subtree(named[0]) if named and named[0].i < clause.i else []


def _without_aside(noun: Token) -> list[Token]:
    """A noun phrase without what a comma sets off at its end: "the health of Donald Trump, who is 70" is about
    "the health of Donald Trump" (PolNeAR leaves such asides out of a content)."""
    asides = [
        t.left_edge.i - 1
        for t in noun.subtree
        if t.i > noun.i and t.dep_ in ("relcl", "acl", "appos") and t.doc[t.left_edge.i - 1].text == ","
    ]
    return [t for t in _subtree(noun) if t.i < min(asides, default=noun.right_edge.i + 1)]


def _named_as(verb: Token) -> list[Token] | None:
    """What a source calls something, with what it calls it: "called the holiday 'a celebration of ...'",
    "described Estonia as being in the suburbs of St. Petersburg" (object and complement, as PolNeAR marks them)."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        return None
    named = [
        c for c in verb.children if c.i > objects[0].i and (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"))
    ]
    if not named:
        return None
    return list(verb.doc[objects[0].left_edge.i : named[-1].right_edge.i + 1])


def _that_clause_of_medium(verb: Token) -> Token | None:
    """The that-clause the parser hung on the medium a source spoke in ("said in a statement that the engine
    had failed", "that" clause attached to "statement"), or None."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "through", "via")):
        for medium in (c for c in prep.children if c.dep_ == "pobj"):
            for clause in medium.children:
                if clause.dep_ in ("acl", "relcl", "ccomp") and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
                ):
                    return clause
    return None


def _cue_tokens(verb: Token) -> list[Token]:
    cue = [verb] + [
        c for c in verb.children if c.dep_ in ("prt", "neg") or (c.dep_ == "aux" and c.lower_ in ("do", "does", "did"))
    ]
    return sorted(cue, key=lambda t: t.i)


# --- rule 2: "..., X reported." --------------------------------------------------------


def _trailing(verb: Token, sentence: Span, index: int) -> Attribution | None:
    """A cue verb after the content it frames: the content is everything before its subject."""
    if (reporter := _reporter_described(verb, sentence)) is not None:
        sources = [_trim(verb.doc[reporter.left_edge.i : verb.i])]
        content = [t for t in sentence if t.i < reporter.left_edge.i]
        return _record(sources=sources, cue=_cue_tokens(verb), content=content, kind="trailing", verb=verb, index=index)
    subject = _nearest_subject(verb) or next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.i > verb.i or subject.lower_ in RELATIVE_PRONOUNS:
        return None  # "One witness, who spoke with Reuters, said ...": the clause describes its noun, frames nothing
    first = subject.left_edge
    before = first.nbor(-1) if first.i > sentence.start else None
    if before is None or (before.text not in (",", "”", '"', "’") and before.text[-1:] not in ","):
        return None
    for token in verb.rights:
        if token.dep_ not in TRAILING_TAIL_DEPS:
            return None  # a complement after the verb: it frames what follows, not what precedes
    content = [t for t in sentence if t.i < first.i]
    if verb.dep_ == "parataxis" and verb.head.i > verb.i:  # "Climate change, Mr. Obama says, is the threat"
        while content and content[-1].is_punct:
            content.pop()
        content += [t for t in sentence if t.i > verb.right_edge.i]
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in content)
    if not content or content[0].tag_ == "VBG" or (content[0].dep_ == "prep" and not has_verb):
        return None  # "Over the weekend, X said ..." or "Speaking to reporters, X said": no clause to frame
    return _verb_record(verb, subject, content, "trailing", index)


def _reporter_described(verb: Token, sentence: Span) -> Token | None:
    """The reporter of a trailing frame the parser read as a noun the cue describes: in "Chile will appoint a
    mediator, two Chilean media outlets reported on Tuesday." it hangs "outlets" on "Chile" and "reported" on
    "outlets" (as in "the fire, first reported on Tuesday"). A past-tense cue hung so on a noun set off by a comma,
    with nothing after it but its own modifiers to the sentence's end, reports the clause before the comma."""
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or noun.i != verb.i - 1 or noun.pos_ not in NOUNS:
        return None
    if noun.ent_type_ not in SPEAKER_ENTITIES and not {noun.lemma_.lower(), noun.lower_} & SPEAKER_NOUNS:
        return None  # "the house, the one mentioned in the letter": a thing the participle describes
    before = noun.left_edge.nbor(-1) if noun.left_edge.i > sentence.start else None
    if before is None or before.text != ",":
        return None
    if any(not (t.is_punct or t.is_space) for t in sentence if t.i > verb.right_edge.i):
        return None
    if any(t.dep_ not in TRAILING_TAIL_DEPS for t in verb.rights):
        return None
    clause = [t for t in sentence if t.i < before.i]
    return noun if any(t.pos_ in ("VERB", "AUX") for t in clause) else None


# --- rule 4: "..., citing X" ------------------------------------------------------------


def _citing(citing: Token, relay: Attribution, index: int) -> Attribution | None:
    """ "FOX News reported, citing unnamed officials": the officials are the upstream source."""
    objects = [c for c in citing.children if c.dep_ in ("dobj", "pobj")]
    if not objects:
        return None
    record = _record(sources=_conjoined(objects[0]), cue=[citing], content=[], kind="citing", verb=citing, index=index)
    if record is None:
        return None
    record.content = relay.content
    record.cue_class = relay.cue_class
    return record


@dataclass
class _Found:
    """A record a rule found, with the index of its cue's token (no later rule reads that token again)."""

    record: Attribution
    cue_token: int


def _reports_citing(sentence: Span, index: int) -> Iterator[tuple[_Found, _Found]]:
    """ "Kars Haber TV and Serhat FM both reported on Sunday, citing unnamed Turkish officials, that a warning lit
    up": the outlets report, relaying the officials, what follows the cited source. The parser hangs "citing" on
    the report or on the clause after it, so the shape is read off the words: a cue verb with a subject before it,
    then ", citing X," and the clause."""
    for citing in sentence:
        if citing.lower_ != "citing" or citing.i < sentence.start + 2 or citing.nbor(-1).text != ",":
            continue
        cited = next((c for c in citing.children if c.dep_ in ("dobj", "pobj")), None)
        verb = next((t for t in reversed(sentence[: citing.i - 1 - sentence.start]) if _is_cue_verb(t)), None)
        if (
            cited is None
            or verb is None
            or any(t.dep_ not in TRAILING_TAIL_DEPS for t in verb.rights if t.i < citing.i)
        ):
            continue
        after = cited.right_edge.i + 1
        if after >= sentence.end or sentence.doc[after].text != ",":
            continue
        content = [t for t in sentence if t.i > after]
        subject = _subject(verb)
        if subject is None or subject.i > verb.i or not any(t.pos_ in ("VERB", "AUX") for t in content):
            continue
        taken = {t.i for t in content} | {verb.i}
        sources = [_whole_name(tokens, taken) for tokens in _conjoined(subject)]
        report = _record(sources=sources, cue=_cue_tokens(verb), content=content, kind="verb", verb=verb, index=index)
        relayed = _record(sources=_conjoined(cited), cue=[citing], content=[], kind="citing", verb=citing, index=index)
        if report is None or relayed is None:
            continue
        relayed.content, relayed.cue_class = report.content, report.cue_class
        yield _Found(report, verb.i), _Found(relayed, citing.i)


# --- rule 3: "according to X" ----------------------------------------------------------


def _according_to(according: Token, sentence: Span, index: int) -> Attribution | None:
    to = next(c for c in according.children if c.lower_ == "to")
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects or objects[0].lower_ in NORM_NOUNS:
        return None
    phrase = {t.i for t in according.subtree}
    content = [t for t in sentence if t.i not in phrase]
    return _record(
        sources=_conjoined(objects[0]),
        cue=[according, to],
        content=content,
        kind="according_to",
        verb=according,
        index=index,
    )


def _as_reported_cue(token: Token) -> bool:
    """Is the token the cue of a leading "As X reported," (or "As the Mirror reports,", which the parser may read
    as a noun): a cue word with "as" and a subject, modifying the clause after it and set off by a comma?"""
    if token.lemma_.lower() not in CUE_VERBS and token.lower_.removesuffix("s") not in CUE_VERBS:
        return False
    if token.dep_ != "advcl" or token.head.i < token.i or not any(c.dep_ == "nsubj" for c in token.children):
        return False
    after = token.doc[token.right_edge.i + 1] if token.right_edge.i + 1 < len(token.doc) else None
    marked = any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)
    return marked and after is not None and after.text == ","


def _as_reported(verb: Token, sentence: Span, index: int) -> Attribution | None:
    """ "As the Guardian reported on Monday, the talks have stalled": the subject is the source, the clause after
    the comma the content."""
    subject = next(c for c in verb.children if c.dep_ == "nsubj")
    if subject.lower_ in RELATIVE_PRONOUNS or subject.lower_ in ("it", "this", "that"):
        return None
    content = [t for t in sentence if t.i > verb.right_edge.i + 1]
    if not any(t.pos_ in ("VERB", "AUX") for t in content):
        return None
    return _verb_record(verb, subject, content, AS_REPORTED, index)


def _set_off_according(doc: Doc, record: Attribution) -> bool:
    """Is ``record`` an "according to X" whose phrase is set off from its clause, by punctuation or the sentence's
    edge on both sides (", according to X." or "According to X, ...")?

    A leading conjunction or quotation mark counts as the sentence's edge ("But according to X, ...").
    """
    if record.kind != "according_to":
        return False
    according = doc.char_span(record.cue[0].start, record.cue[0].end, alignment_mode="expand")[0]
    sentence = according.sent
    before = [t for t in sentence if t.i < according.left_edge.i]
    while before and (before[0].dep_ == "cc" or before[0].text in QUOTES):
        before.pop(0)
    after = [t for t in sentence if t.i > according.right_edge.i]
    left = not before or before[-1].text in SET_OFF_PUNCT
    right = not after or after[0].is_punct
    return left and right


def _reported_by(doc: Doc, record: Attribution) -> bool:
    """Is ``record`` a trailing frame whose reporter the parser hung the cue on (:func:`_reporter_described`)? The
    CRF, trained on text the parser read the usual way, does not confirm its cue."""
    if record.kind != "trailing" or not record.cue:
        return False
    cue = doc.char_span(record.cue[0].start, record.cue[0].end, alignment_mode="expand")
    return cue is not None and any(t.dep_ == "acl" and _reporter_described(t, t.sent) is not None for t in cue)


def _verb_record(verb: Token, subject: Token, content: list[Token], kind: str, index: int) -> Attribution | None:
    """A record whose cue is a verb and whose source is that verb's subject."""
    taken = {t.i for t in content} | {verb.i}
    sources = [_whole_name(tokens, taken) for tokens in _conjoined(subject)]
    return _record(sources=sources, cue=_cue_tokens(verb), content=content, kind=kind, verb=verb, index=index)


# --- building records ------------------------------------------------------------------


def _record(*, sources, cue, content, kind, verb: Token, index: int) -> Attribution | None:
    source_spans = tuple(_spans(tokens) for tokens in sources)
    flat_sources = tuple(span for spans in source_spans for span in spans)
    content_spans = _spans(_trim(content))
    partial = kind == "tagger"  # completed or dropped by _combine
    if not partial and (not flat_sources or (not content_spans and kind != "citing")):
        return None
    covered = {t.i for tokens in sources for t in tokens}
    if any(t.i in covered for t in content):
        return None
    words = {t.lower_ for t in content} | {t.lower_ for t in verb.children}
    return Attribution(
        source=flat_sources,
        cue=_spans(cue),
        content=content_spans,
        kind=kind,
        cue_class=CUE_VERBS.get(verb.lemma_.lower(), "say"),
        sentence=index,
        hedges=tuple(sorted(HEDGES & words)),
        negated=bool(NEGATIONS & {t.lower_ for t in verb.children})
        or any(t.lower_ in ("neither", "no", "none", "nobody") for tokens in sources for t in tokens[:1]),
    )


def _conjoined(head: Token) -> list[list[Token]]:
    """ "FOX News and CNN" -> [[FOX, News], [CNN]]: each conjoined source on its own, also when they are named
    as the authors of reports ("reports from CNBC and the Wall Street Journal")."""
    reporters = [c for p in head.children if p.lower_ in ("from", "by", "in") for c in p.children if c.dep_ == "pobj"]
    if head.lemma_.lower() in REPORT_NOUNS and not head.conjuncts and reporters and reporters[0].conjuncts:
        head = reporters[0]  # "reports from CNBC and the Wall Street Journal": each outlet on its own
    heads = [head, *sorted((c for c in head.conjuncts if c.i > head.i), key=lambda t: t.i)]  # not those before it
    if len(heads) == 1:
        return [_unquoted(_trim(t for t in _subtree(head) if not _floating(t)))]
    groups = []
    members = {h.i for h in heads}
    for member in heads:
        own = [t for t in member.subtree if t.i == member.i or _nearest_member(t, members) == member.i]
        groups.append(
            _unquoted(_trim(sorted((t for t in own if t.dep_ != "cc" and not _floating(t)), key=lambda t: t.i)))
        )
    return [g for g in groups if g]


def _floating(token: Token) -> bool:
    """ "both" in "Reuters and the BBC both reported", which the parser sets beside the sources: no source."""
    return token.lower_ in ("both", "all") and token.dep_ == "appos" and token.i > token.head.i


def _whole_name(tokens: list[Token], taken: set[int]) -> list[Token]:
    """A source that ends inside a person's name runs to the name's end (``taken``, the cue's and content's
    tokens, aside): the parser can split "spokesman Muhammad al-Midana" after "al", the named entity does not."""
    if not tokens or tokens[-1].ent_type_ != "PERSON":
        return tokens
    last, doc = tokens[-1], tokens[-1].doc
    entity = next((e for e in doc.ents if e.start <= last.i < e.end), None)
    rest = list(doc[last.i + 1 : entity.end]) if entity is not None else []
    return tokens + rest if rest and not any(t.i in taken for t in rest) else tokens


def _unquoted(tokens: list[Token]) -> list[Token]:
    """A source without the quotation mark the parser hung on it ('"..." spokeswoman Carolina Vidal said')."""
    while tokens and tokens[0].text in QUOTES:
        tokens = tokens[1:]
    while tokens and tokens[-1].text in QUOTES:
        tokens = tokens[:-1]
    return tokens


def _nearest_member(token: Token, members: set[int]) -> int | None:
    """The first of ``members`` (token indices) on the way from ``token`` up to the root."""
    return next((a.i for a in token.ancestors if a.i in members), None) if token.i not in members else token.i


def _subtree(token: Token) -> list[Token]:
    return list(token.doc[token.left_edge.i : token.right_edge.i + 1])


def _trim(tokens: Iterable[Token]) -> list[Token]:
    """Drop punctuation, white space and conjunctions at either edge ("that" stays: annotators keep it)."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and _edge_filler(tokens[0]):
        tokens.pop(0)
    while tokens and _edge_filler(tokens[-1]):
        tokens.pop()
    return tokens


def _edge_filler(token: Token) -> bool:
    return token.is_space or (token.is_punct and token.text not in QUOTES) or token.dep_ == "cc"


def _spans(tokens: Iterable[Token]) -> tuple[TextSpan, ...]:
    """Tokens as character spans, one per contiguous run."""
    tokens = sorted(tokens, key=lambda t: t.i)
    spans: list[TextSpan] = []
    run: list[Token] = []
    for token in tokens:
        if run and token.i != run[-1].i + 1:
            spans.append(_span(run))
            run = []
        run.append(token)
    if run:
        spans.append(_span(run))
    return tuple(spans)


def _span(run: list[Token]) -> TextSpan:
    start, end = run[0].idx, run[-1].idx + len(run[-1])
    return TextSpan(start, end, run[0].doc[run[0].i : run[-1].i + 1].text)  # not doc.text: it is rebuilt per call


# --- the learned tagger ----------------------------------------------------------------


def rule_tags(doc: Doc, records: Iterable[Attribution]) -> list[str]:
    """Per token, the BIO role the rules gave it; cues and sources win over the contents that hold them."""
    order = ("cue", "source", "content")
    spans = [
        (role.upper(), span.start, span.end) for role in order for record in records for span in getattr(record, role)
    ]
    return bio_tags(doc, spans)


def _tagged_attributions(
    doc: Doc, text: str, spans: list[TaggedSpan], quotes: list[tuple[int, int]]
) -> list[Attribution]:
    """The CRF's spans grouped into attributions: each source and content joins the nearest cue in its sentence.

    A cue left without content takes the quotation right before its sentence (" "...," she said.")
    or right after it (she tweeted: "...").
    """
    found = []
    sentence_of = {}
    for index, sentence in enumerate(doc.sents):
        for span in spans:
            if sentence.start <= span.start < sentence.end:
                sentence_of[span] = (index, sentence)
    cues = [s for s in spans if s.role == "CUE"]
    for cue in cues:
        index, sentence = sentence_of[cue]
        mine = {"SOURCE": [], "CONTENT": []}
        for span in spans:
            if span.role == "CUE" or sentence_of[span][0] != index:
                continue
            nearest = min((c for c in cues if sentence_of[c][0] == index), key=lambda c, s=span: _gap(c, s))
            if nearest is cue:
                mine[span.role].append(span)
        cue_tokens = list(doc[cue.start : cue.end])
        verb = next((t for t in cue_tokens if t.lemma_.lower() in CUE_VERBS), None) or max(
            cue_tokens, key=lambda t: t.head.i < cue.start or t.head.i >= cue.end
        )
        sources = sorted(mine["SOURCE"], key=lambda s: _gap(cue, s))[:1]
        if all(t.pos_ == "ADV" for t in cue_tokens):
            sources = []  # "The prohibition reportedly stems from ...": an adverb cue names no one
        content = [t for s in mine["CONTENT"] for t in doc[s.start : s.end]]
        if not content and ADJACENT_QUOTES:
            content = _adjacent_quote(doc, text, sentence, quotes)
        record = _record(
            sources=[list(doc[s.start : s.end]) for s in sources],
            cue=cue_tokens,
            content=content,
            kind="tagger",
            verb=verb,
            index=index,
        )
        if record is not None:
            found.append(record)
    return found


def _likely_cues(
    doc: Doc,
    quotes: list[tuple[int, int]],
    rule_roles: list[str],
    records: Iterable[Attribution],
    model_path: str | None = None,
) -> list[Attribution]:
    """The ``records`` whose cue the CRF deems a cue with marginal probability ``MIN_CUE_MARGINAL`` or more.

    Posterior (per-token) decoding, as against the Viterbi sequence ``tag_doc`` reads (Lafferty et al., 2001).
    """
    tagger = load_tagger(model_path)
    quoted = in_quotes(doc, quotes)
    sentences = list(doc.sents)
    likely = []
    current = None
    for record in sorted(records, key=lambda r: r.sentence):
        if record.kind == "citing" or not record.cue:
            continue
        sentence = sentences[record.sentence]
        if current is not sentence:
            tagger.set(token_features(sentence, quoted, rule_roles))
            current = sentence
        cue = doc.char_span(record.cue[0].start, record.cue[0].end, alignment_mode="expand")
        marginal = max(
            tagger.marginal("B-CUE", t.i - sentence.start) + tagger.marginal("I-CUE", t.i - sentence.start) for t in cue
        )
        if marginal >= MIN_CUE_MARGINAL:
            likely.append(record)
    return likely


def _adjacent_quote(doc: Doc, text: str, sentence: Span, quotes: list[tuple[int, int]]) -> list[Token]:
    """Tokens of a quotation that ends just before ``sentence`` or, after a colon, starts just after it."""
    start, end = sentence.start_char, sentence.end_char
    colon = text[start:end].rstrip().endswith(":")
    for q_start, q_end in quotes:
        before = 0 <= start - q_end <= MAX_QUOTE_GAP and not text[q_end:start].strip(" ,\n")
        after = colon and 0 <= q_start - end <= MAX_QUOTE_GAP and not text[end:q_start].strip()
        if before or after:
            span = doc.char_span(q_start, q_end, alignment_mode="expand")
            return list(span) if span is not None else []
    return []


def _gap(a: TaggedSpan, b: TaggedSpan) -> int:
    """Tokens between two spans (0 when they touch or overlap)."""
    return max(a.start - b.end, b.start - a.end, 0)


def _combine(
    rules: list[Attribution], tagged: list[Attribution], settled: Iterable[Attribution] = ()
) -> list[Attribution]:
    """Rule records the tagger confirms (it tagged their cue) or that are ``settled`` without it, plus the
    tagger's records no rule found, unless their cue lies in a kept record's source (a clause describing the source,
    "a witness who spoke to Reuters", is no attribution of its own), their source holds a kept record's cue ("As
    the Mirror reports, ISIS is launching bombs" is the Mirror's report, not "Mirror reports" launching) or their
    content is a kept record's: words have one speaker ('... a plan to "cut costs." It is not known whether the
    board replied' does not make the quotation the board's). PolNeAR dev exact F1 unchanged within .001.

    A "citing" record stays with the report it hangs on.
    """
    kept, confirmed = [], set()
    unconfirmed_ok = {id(r) for r in settled}
    for record in rules:
        if record.kind == "citing":
            continue
        twin = next((t for t in tagged if _overlaps(t.cue, record.cue)), None)
        if twin is None and not KEEP_UNTAGGED_RULES and id(record) not in unconfirmed_ok:
            continue
        if twin is not None:
            confirmed.add(id(twin))
            if TAGGER_BOUNDARIES:
                record.source = twin.source or record.source
                record.content = twin.content or record.content
        kept.append(record)
    if KEEP_NESTED_RULES:  # PolNeAR marks no attribution inside another's content, so the CRF cannot confirm them
        kept += [
            r
            for r in rules
            if r not in kept and r.kind != "citing" and any(_overlaps(r.cue, k.content) and _nests(r, k) for k in kept)
        ]
    kept += [r for r in rules if r.kind == "citing" and any(k.content == r.content for k in kept)]
    kept += [
        t
        for t in tagged
        if id(t) not in confirmed
        and t.content
        and (t.source or TAGGER_SOURCELESS)
        and not any(_overlaps(t.cue, k.source) or _overlaps(t.source, k.cue) for k in kept)
        and not any(_overlaps(t.content, k.content) and not _overlaps(t.cue, k.content) for k in kept)
    ]
    return sorted(kept, key=lambda a: a.cue[0].start)


def _nests(inner: Attribution, outer: Attribution) -> bool:
    """May a rule record the tagger did not confirm stand inside ``outer``'s content? A report, denial or claim
    may ("Reuters reported that the ministry denied ..."); so may any statement a trailing or leading frame relays
    from the opening of its content ("The ministry said the convoy had turned back, Reuters reported"; "As Reuters
    reported, the ministry said ...")."""
    if inner.cue_class in NESTED_CLASSES:
        return True
    opening = outer.content[0].start if outer.content else -1
    framing = outer.kind in ("trailing", AS_REPORTED) and inner.kind == "verb"
    return framing and bool(inner.source) and inner.source[0].start == opening


def _overlaps(a: tuple[TextSpan, ...], b: tuple[TextSpan, ...]) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a for y in b)


def _link_nesting(found: list[Attribution]) -> None:
    """Mark an attribution whose cue lies inside another's content as relayed by it."""
    for i, inner in enumerate(found):
        if not inner.cue:
            continue
        if inner.kind == "citing":  # relayed by the report whose content it shares
            inner.parent = next(
                (
                    j
                    for j, o in enumerate(found)
                    if o is not inner and o.kind != "citing" and o.content == inner.content
                ),
                None,
            )
            continue
        best = None
        for j, outer in enumerate(found):
            if i == j or outer.sentence != inner.sentence:
                continue
            if any(s.start <= inner.cue[0].start < s.end for s in outer.content):
                size = sum(s.end - s.start for s in outer.content)
                if best is None or size < best[0]:
                    best = (size, j)
        inner.parent = best[1] if best else None
    for inner in found:
        if inner.parent is not None and _trailing_report(inner, found[inner.parent]):
            _swap_nesting(inner, found)


def _trailing_report(inner: Attribution, outer: Attribution) -> bool:
    """ "A said Y, B reported": the parser may hang B's clause inside A's content; B reports the same Y
    (its content starts where A's does) and its cue follows it, so B relays A, not the other way round."""
    if not (inner.content and outer.content and inner.kind != "citing"):
        return False
    return inner.content[0].start == outer.content[0].start and inner.cue[0].start >= inner.content[-1].end


def _swap_nesting(inner: Attribution, found: list[Attribution]) -> None:
    """Make the trailing report the parent, its content the relayed attribution's content trimmed to match."""
    outer_index = inner.parent
    outer = found[outer_index]
    inner_index = found.index(inner)
    inner.parent, outer.parent = outer.parent, inner_index
    outer.content = inner.content
    for other in found:
        if other is not inner and other.parent == outer_index and other.kind == "citing":
            other.parent = inner_index  # "..., CNN reported, citing officials": the citing stays with the report
