"""The records every stage passes along.

Stages take and return these dataclasses; ``store`` maps them to rows and the
CLI, exports and web app serialise them with :func:`dataclasses.asdict`.
Later stages add their own records here (attributions, copied passages,
stories, claims), each naming articles by ``external_id``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

# The ending of an article's extraction_method when its publication date was not read from the page's metadata
# but guessed from its text or URL (htmldate's extensive search): a flagged guess, shown as one.
GUESSED_DATE_METHOD = "+htmldate"
# What an article with no title is called wherever a reader needs a name for it (never its file path or id).
UNTITLED = "untitled article"


def article_label(title: str | None) -> str:
    """How a reader is shown an article that needs naming: its title, else "untitled article"."""
    return title or UNTITLED


@dataclass
class Article:
    """One news article, as ingested.

    ``text`` is Unicode NFC with whitespace normalised and paragraphs separated
    by a blank line; every character offset produced by later stages points
    into it. ``published`` is ISO 8601 (a date, or a date and time with its UTC
    offset when the source gave one) and is kept apart from ``crawled`` (when
    the page was fetched, e.g. a WARC date) and ``ingested`` (when newstrace
    stored it). ``skipped_reason`` is set when the input was read but holds no
    usable article; such articles are stored, so the reason can be looked up,
    but later stages ignore them. ``problem`` says why a later stage could not
    do its work on the article ("analyze failed: ..."); the others go on.
    """

    external_id: str
    text: str
    source_path: str
    extraction_method: str
    raw_sha256: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    crawled: str | None = None
    ingested: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    skipped_reason: str | None = None
    problem: str | None = None
    version: int = 1
    id: int | None = None

    @property
    def text_sha256(self) -> str:
        """SHA-256 of the normalised text: what decides whether a version changed."""
        return sha256_hex(self.text.encode("utf-8"))

    @property
    def usable(self) -> bool:
        return self.skipped_reason is None

    @property
    def date_guessed(self) -> bool:
        """Was the publication date guessed from the page's text or URL, not read from its metadata?"""
        return self.published is not None and self.extraction_method.endswith(GUESSED_DATE_METHOD)

    @property
    def shown_date(self) -> str:
        """The publication date as a reader is shown it: "undated", or the date, flagged when guessed."""
        if self.published is None:
            return "undated"
        return f"{self.published} (guessed from the text)" if self.date_guessed else self.published

    def to_dict(self) -> dict[str, Any]:
        """The article as its export record (see docs/export.md)."""
        record = asdict(self)
        record.pop("id")
        record["text_sha256"] = self.text_sha256
        record["date_guessed"] = self.date_guessed
        return record


@dataclass(frozen=True)
class IngestFailure:
    """An input that could not be read: the file, the record in it, and why."""

    path: str
    reason: str
    record: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}: {self.record}" if self.record else self.path
        return " ".join(f"{where}: {self.reason}".split())  # always one line


@dataclass(frozen=True)
class StoreOutcome:
    """What storing one article did: ``added``, ``new_version`` or ``unchanged``."""

    action: str
    article: Article


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class TextSpan:
    """A stretch of an article's text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Source:
    """Who a source mention is: canonical name, cross-article key, type, affiliation.

    ``type`` is one of person, news_outlet, government, anonymous, document,
    group, organisation, unknown. ``key`` folds case and punctuation so "FOX
    News" and "Fox News" are one source across sentences and articles.
    ``affiliation`` is the country the source belongs to, as its phrase says
    ("Russian officials", "Kremlin spokesman ..."); ``speaks_for`` the body it
    speaks for, as its phrase names it ("Comcast" in "a Comcast spokesman",
    "Defense Ministry" in "Defense Ministry spokesman Igor Konashenkov"), or
    "state" for state media ("the state-run news agency", "RT").
    """

    name: str
    key: str
    type: str
    affiliation: str | None = None
    speaks_for: str | None = None


# Attribution kind of a republication frame ("USA Today is reporting as follows…"): its content is the
# rest of the article, so it relays everything the article says (see newstrace.analyze.republished).
REPUBLISHED = "republished"


@dataclass
class Attribution:
    """Who (source) says (cue) what (content), as spans of the article's text.

    Each role is a tuple of spans: empty when the role is absent, more than one
    when it is discontinuous (a quote broken by "he said", two outlets joined by
    "and"). ``parent`` is the index of the attribution that relays this one
    ("..., CNN reported"), so chains read parent -> child -> content. A
    republication frame (kind ``republished``) is the outermost parent of all.
    """

    source: tuple[TextSpan, ...]
    cue: tuple[TextSpan, ...]
    content: tuple[TextSpan, ...]
    kind: str  # how found: "verb", "according_to", "trailing", "quote", "citing", "told", "tagger", "block",
    # "figure", "republished"
    cue_class: str = "say"
    sentence: int = 0
    hedges: tuple[str, ...] = ()
    negated: bool = False
    parent: int | None = None
    sources: tuple[Source, ...] = ()

    def spans(self, role: str) -> tuple[TextSpan, ...]:
        """The spans of ``role`` (source, cue or content) to mark in the text: not the whole article that a
        republication frame relays."""
        if role == "content" and self.kind == REPUBLISHED:
            return ()
        return getattr(self, role)


@dataclass(frozen=True)
class Quantity:
    """A count or measure with what it counts: "at least four cruise missiles" -> 4, "cruise missile"."""

    span: TextSpan
    value: float
    unit: str | None  # what is counted, singular lemma ("cruise missile", "person", "percent")
    qualifier: str | None = None  # "at least", "more than", "about", "up to", ...
    sentence: int = 0


@dataclass(frozen=True)
class DateMention:
    """A date in the text resolved against the publication date when it is relative."""

    span: TextSpan
    value: str | None  # ISO 8601 at its precision: "2015-10-08", "2011-03", "2011"
    precision: str  # "day", "month" or "year"
    sentence: int = 0


@dataclass(frozen=True)
class Place:
    """A place name resolved offline to a gazetteer entry."""

    span: TextSpan
    name: str  # the gazetteer's name ("Caspian Sea", "Idlib Governorate")
    kind: str  # "country", "province", "city", "sea", "region"
    country: str | None  # ISO 3166-1 alpha-2 code of the country it lies in, if any
    latitude: float | None
    longitude: float | None
    confidence: float  # 0..1: how sure the resolution is
    sentence: int = 0


@dataclass(frozen=True)
class Boilerplate:
    """A stretch of text that is page furniture, not reporting: kept out of claims."""

    span: TextSpan
    kind: str  # "furniture", "credit", "caption", "byline", "slug", "teaser", "title"


@dataclass(frozen=True)
class Sentence:
    """A sentence with its voice and firmness.

    ``voice`` is "own" (the article's own voice), "attributed" (mostly inside
    attributions) or "boilerplate". ``assertive`` marks own-voice declarative
    sentences: the article asserting something itself. ``part`` is "text", or
    "title" for a headline ending in "?" (its span then points into the title).
    """

    span: TextSpan
    index: int
    voice: str
    assertive: bool
    hedges: tuple[str, ...] = ()
    negated: bool = False
    part: str = "text"


@dataclass(frozen=True)
class Entity:
    """A named entity: ``kind`` is person, organisation, place, nationality, date or number."""

    span: TextSpan
    label: str  # spaCy's label (PERSON, ORG, GPE, NORP, DATE, CARDINAL, ...)
    kind: str
    sentence: int = 0


@dataclass
class Analysis:
    """Everything the analyze stage finds in one article, offsets into its text."""

    attributions: list[Attribution] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    boilerplate: list[Boilerplate] = field(default_factory=list)


@dataclass(frozen=True)
class CopiedPassage:
    """A passage two articles share, verbatim or lightly edited.

    ``a`` is the origin and ``b`` the copy when ``direction`` is "a->b"; when
    it is "unknown", ``a`` is simply the article stored first. ``reason`` says
    what decided the direction ("earlier publication", "credit line", "wire
    dateline", "wire outlet", or "no evidence"). ``similarity`` is the aligned
    characters' similarity (1.0 verbatim); ``a_share``/``b_share`` are the
    shares of each article's text that it shares with the other, over all their
    passages. ``kind`` is "copy", or "shared_quote" when the passage is a quoted
    statement both report. ``cluster`` groups copies of copies; its origin is
    the earliest member.
    """

    a: str
    b: str
    a_span: TextSpan
    b_span: TextSpan
    similarity: float
    a_share: float
    b_share: float
    direction: str  # "a->b" or "unknown"
    reason: str
    kind: str = "copy"
    cluster: int | None = None


@dataclass
class Story:
    """Articles reporting one event, grouped incrementally.

    ``articles`` are external ids in the order they joined; ``first_published``
    and ``last_published`` span the members' publication dates (None when
    none is known).
    """

    id: int
    title: str
    articles: list[str] = field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None


@dataclass(frozen=True)
class SourceEntity:
    """One real source of a story, under one canonical name, with the principal it speaks for.

    ``key`` names it within the story ("person:igor konashenkov");
    ``principal`` is the key of the independent origin it counts for
    ("state:russia": a state's ministries, officials, spokespeople and state
    media are one), ``principal_name`` that origin as a reader names it ("the
    Russian government"). ``aliases`` are the names the articles give it
    ("Defense Ministry spokesman Igor Konashenkov" is named "Igor Konashenkov"
    and "Konashenkov"); ``affiliation`` its country and ``speaks_for`` the body
    it speaks for, when known.
    """

    key: str
    name: str
    type: str
    principal: str
    principal_name: str
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None
    speaks_for: str | None = None


@dataclass(frozen=True)
class ClaimMention:
    """One article's statement bearing on a claim: its stance and its chain of sources.

    ``span`` is the claim as the article states it (an attribution's content or
    an own-voice sentence) and ``sentence`` the whole sentence around it.
    ``chain`` runs outermost first ("CNN", then "FARS"); empty means the
    article's own voice. ``levels`` gives each chain member its depth: members
    at one depth relay in parallel ("FOX News and CNN reported, citing unnamed
    U.S. officials": USA Today 0, Fox News 1, CNN 1, the officials 2); empty
    means one member per depth. ``entity`` is the key of the innermost
    source's :class:`SourceEntity`; ``origin`` is the key of the independent
    origin the mention counts for (its principal); ``collapsed`` says why it
    does not count on its own ("copy of <outlet>, <published> (<external
    id>)", "relay of <source>"), or is None.
    """

    article: str
    span: TextSpan
    sentence: TextSpan
    stance: str  # "supports", "denies", "unconfirmed" or "mentions"
    chain: tuple[Source, ...] = ()
    outlet: str | None = None
    published: str | None = None
    origin: str | None = None
    collapsed: str | None = None
    levels: tuple[int, ...] = ()
    entity: str | None = None
    title: str | None = None  # the article's, to name it where its outlet is unknown

    def relay_levels(self) -> list[tuple[Source, ...]]:
        """The chain as its depths, outermost first: members of one depth relay in parallel."""
        depths = self.levels if len(self.levels) == len(self.chain) else tuple(range(len(self.chain)))
        grouped: dict[int, list[Source]] = {}
        for depth, source in zip(depths, self.chain, strict=True):
            grouped.setdefault(depth, []).append(source)
        return [tuple(grouped[depth]) for depth in sorted(grouped)]


@dataclass(frozen=True)
class ArticleStance:
    """One article's stance on a claim, judged on the whole article, with the sentences that justify it.

    ``stance`` is supports, denies, unconfirmed (reports it as unverified,
    hedged or questioned, or beside its denial without judging), mentions
    (addresses it neutrally) or unrelated. ``origin`` is the independent origin
    its report counts for and ``collapsed`` why it adds none (a copy, a relay).
    """

    article: str
    stance: str
    evidence: tuple[TextSpan, ...] = ()
    outlet: str | None = None
    published: str | None = None
    origin: str | None = None
    collapsed: str | None = None
    title: str | None = None  # the article's, to name it where its outlet is unknown


@dataclass(frozen=True)
class Origin:
    """An independent origin on one side of a claim: the entities it gathers and the articles that carry it."""

    key: str
    name: str
    entities: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


# The sides of a claim, by the stance of what stands on them.
SIDES = {"supporting": ("supports",), "disputing": ("denies",), "unconfirmed": ("unconfirmed",)}


@dataclass(frozen=True)
class SideCounts:
    """What stands on one side of a claim: independent origins, articles, outlets, and relays (mentions that add
    no origin: copies, relays, repeats)."""

    origins: int = 0
    articles: int = 0
    outlets: int = 0
    relays: int = 0


@dataclass
class Claim:
    """One claim of a story, aligned across articles, with its status and evidence trail.

    ``status`` is corroborated, single_source, disputed, denied or unverified;
    ``supporting``/``disputing``/``unconfirmed`` count independent origins,
    ``relays`` the mentions collapsed into another origin; ``sides`` gives
    each side's :class:`SideCounts` and ``origins`` each side's
    :class:`Origin` list (keys: supporting, disputing, unconfirmed).
    ``conflicts`` lists the ids of claims that contradict this one about the
    same event; ``disputed_by`` the origin keys that dispute it through them
    (those whose statements carry the contradiction). ``evidence`` is the
    trail as sentences a fact-checker can read, ``claimed_by`` its one-line
    answer to "on whose authority". ``rank`` orders a story's claims, most
    check-worthy first (1 is the top); ``stances`` holds every article's
    :class:`ArticleStance` on the claim, for the story's top claims.
    """

    id: int
    story: int
    text: str
    status: str
    supporting: int = 0
    disputing: int = 0
    relays: int = 0
    first_seen: str | None = None
    mentions: list[ClaimMention] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    disputed_by: list[str] = field(default_factory=list)
    unconfirmed: int = 0
    rank: int = 0
    claimed_by: str | None = None
    sides: dict[str, SideCounts] = field(default_factory=dict)
    origins: dict[str, list[Origin]] = field(default_factory=dict)
    stances: list[ArticleStance] = field(default_factory=list)


@dataclass(frozen=True)
class Fingerprint:
    """One winnowed k-gram hash of an article's text (Schleimer et al. 2003).

    ``hash`` is a stable 63-bit integer (fits an SQLite INTEGER); ``start`` and
    ``end`` are the character offsets of the k-gram in the text and ``token``
    its position in the text's word tokens, so an index can tell how far apart
    two shared fingerprints lie.
    """

    hash: int
    start: int
    end: int
    token: int


@dataclass(frozen=True)
class ReuseCluster:
    """Articles linked by copied passages, copies of copies included.

    ``origin`` is the earliest member (by publication date, then by copy
    direction, then by the order the articles were given); ``members`` are
    external ids in that same order, origin first.
    """

    id: int
    origin: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class StoryDoc:
    """What story clustering reads of one article.

    ``key`` is the article's external id; ``published`` is ISO 8601 or None.
    ``entities`` (e.g. source keys from the analyze stage) and ``places``
    (gazetteer names) are optional extra evidence: empty means unknown, not none.
    """

    key: str
    text: str
    title: str | None = None
    published: str | None = None
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
