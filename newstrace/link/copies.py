"""Copied passages between articles: who copied whom, shared quotes, and reuse clusters.

The driver :func:`find_copies` takes one new article, asks a :class:`CopyIndex`
for candidates (never all pairs), aligns each candidate with :func:`align` and
turns the passages into :class:`CopiedPassage` records. :func:`direction`
decides the origin from evidence in this order: the earlier publication date,
then a wire agency as outlet, then a wire dateline ("(AP)", "— AFP"), then a
credit line ("The Associated Press contributed to this report") in one article
only; otherwise it declines ("no evidence"). A passage inside quotation marks
in both articles is a "shared_quote": two outlets reporting one statement, not
a copy. A passage lying in page furniture in either article (credit lines,
teasers of other articles, copyright and newsletter footers: see
:func:`boilerplate_spans`) is dropped: sharing it says nothing about who
copied whom. :func:`reuse_clusters` joins copies of copies (connected
components) and names each cluster's earliest member its origin.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from urllib.parse import urlsplit

from ..models import Article, CopiedPassage, Fingerprint, ReuseCluster, TextSpan
from .align import MIN_SIMILARITY, align
from .fingerprints import MIN_WORDS, CopyIndex, fingerprints, tokenize

# Wire agencies: name (as in a credit line or dateline) -> web domains. Their
# text is what other outlets copy, so a wire article is the likely origin.
WIRE_AGENCIES = {
    "Associated Press": ("apnews.com", "ap.org"),
    "Reuters": ("reuters.com",),
    "Agence France-Presse": ("afp.com",),
    "United Press International": ("upi.com",),
    "dpa": ("dpa.com", "dpa-international.com"),
    "Xinhua": ("xinhuanet.com", "news.cn"),
    "EFE": ("efe.com",),
    "ANSA": ("ansa.it",),
    "Kyodo": ("kyodonews.net",),
    "Press Association": ("pa.media",),
    "Canadian Press": ("thecanadianpress.com",),
    "Australian Associated Press": ("aap.com.au",),
    "TASS": ("tass.com", "tass.ru"),
    "Interfax": ("interfax.com", "interfax.ru"),
    "Press Trust of India": ("ptinews.com",),
}
# Short forms used in datelines and outlet fields.
WIRE_ABBREVIATIONS = {"AP": "Associated Press", "AFP": "Agence France-Presse", "UPI": "United Press International"}
_WIRE_NAMES = {
    **{name.casefold(): name for name in WIRE_AGENCIES},
    **{a.casefold(): n for a, n in WIRE_ABBREVIATIONS.items()},
}
_WIRE_PATTERN = "|".join(
    re.escape(name) for name in sorted([*WIRE_AGENCIES, *WIRE_ABBREVIATIONS], key=len, reverse=True)
)


def dateline_pattern(names: str) -> re.Pattern:
    """A dateline naming one of ``names`` (a regex alternation) near the top: "MOSCOW (AP) —", "PARIS — AFP —"."""
    return re.compile(rf"\(\s*({names})\s*\)|[—–-]\s*({names})\s*[—–-]")


def credit_pattern(names: str) -> re.Pattern:
    """A credit line saying one of ``names`` contributed ("Reuters contributed to this report")."""
    return re.compile(
        rf"\b({names})\b[^.\n]{{0,80}}\bcontributed\b|\b(?:material|reporting|information) from (?:the )?({names})\b",
        re.IGNORECASE,
    )


DATELINE = dateline_pattern(_WIRE_PATTERN)
DATELINE_CHARS = 300
CREDIT = credit_pattern(_WIRE_PATTERN)
# Quotation marks: curly pairs, and straight double quotes paired within a paragraph.
QUOTE_OPEN, QUOTE_CLOSE, QUOTE_STRAIGHT = "“", "”", '"'
QUOTE_MARK = re.compile(r'[“”"]|\n[ \t]*\n')
# A passage is a shared quote when this share of it lies inside quotation marks in
# both texts: the attribution tail ("..., he said.") often aligns along with it.
QUOTE_SHARE = 0.8
# Wire evidence looked up per text is kept for this many texts (each meets many others).
WIRE_CACHE = 1024
# Full (oldest-generation) garbage collections walk every live container, and linking
# keeps a growing index alive: measured at 100k articles they made the cost per article
# double along the run. Linking makes no reference cycles of its own, so while it runs
# only the young generations are collected (they still free any cycle a library leaves).
FULL_GC_THRESHOLD = 10**9
# A passage is furniture, not a copy, when this share of it lies in boilerplate in either
# text: most of it, so a copied last paragraph running into a shared footer still counts.
BOILERPLATE_SHARE = 0.5
# Site and wire footers a whole outlet's articles share: legal lines and newsletter or
# subscription pitches. Matched per paragraph, like the analyzer's page furniture
# (``newstrace.analyze.boilerplate``, which does not mark these yet).
FOOTER = re.compile(
    r"^\s*(copyright\b|©|\(c\)\s*\d{4})|\ball rights reserved\b|\bmay not be published, broadcast\b|"
    r"^\s*(sign up|subscribe)\b[^\n]{0,80}\bnewsletters?\b",
    re.IGNORECASE,
)
# Paragraphs longer than this many words are reporting, whatever they contain.
FOOTER_MAX_WORDS = 40


def direction(a: Article, b: Article) -> tuple[bool | None, str]:
    """Whether ``a`` is the origin of what ``b`` shares with it: (True, False or None, reason).

    Evidence in order: "earlier publication", "wire outlet", "wire dateline",
    "credit line", "credits the other's outlet" (in a dateline or credit line), "cites the other's outlet" (as
    the source of its report); (None, "no evidence") when none decides. A credit line only
    decides when the other article does not itself name that agency (then both
    drew on the wire, and neither is the other's origin).
    """
    earlier = _earlier(a.published, b.published)
    if earlier is not None:
        return earlier, "earlier publication"
    for reason, probe in (("wire outlet", wire_outlet), ("wire dateline", lambda art: wire_dateline(art.text))):
        wire_a, wire_b = probe(a), probe(b)
        if bool(wire_a) != bool(wire_b):
            return bool(wire_a), reason
    credit_a, credit_b = credited_wire(a.text), credited_wire(b.text)
    if bool(credit_a) != bool(credit_b):
        credited, other = (credit_a, b) if credit_a else (credit_b, a)
        if not _names_agency(other.text, credited):
            return bool(credit_b), "credit line"
    b_credits_a, a_credits_b = credits_outlet(b.text, a.outlet), credits_outlet(a.text, b.outlet)
    if b_credits_a != a_credits_b:
        return b_credits_a, "credits the other's outlet"
    b_cites_a, a_cites_b = cites_outlet(b.text, a.outlet), cites_outlet(a.text, b.outlet)
    if b_cites_a != a_cites_b:
        return b_cites_a, "cites the other's outlet"
    return None, "no evidence"


def credits_outlet(text: str, outlet: str | None) -> bool:
    """Whether ``text`` credits ``outlet`` in a dateline ("TALLINN (NPA) —") or a credit line
    ("The Nordic Press Agency contributed to this report"), by name or initials: any outlet, not
    only the known wires."""
    if not outlet:
        return False
    name = re.sub(r"^the\s+", "", outlet.strip(), flags=re.IGNORECASE)
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    names = [re.escape(name)] + ([re.escape(initials)] if len(initials) >= 2 else [])
    pattern = "|".join(names)
    return bool(dateline_pattern(pattern).search(text[:DATELINE_CHARS]) or credit_pattern(pattern).search(text))


def citation_pattern(names: str) -> re.Pattern:
    """A sentence citing one of ``names`` as its source: "according to the Wall Street Journal", "The Journal
    reported", "told Reuters", "first reported by NPA"."""
    return re.compile(
        rf"\b(?:according to|reported by|reports? (?:from|by|in)|told|via|citing|cited by) (?:the )?({names})\b"
        rf"|\b({names})(?:'s?|’s?)? (?:first )?(?:report(?:s|ed)?|said|says|wrote|writes|revealed|broke the news)\b",
        re.IGNORECASE,
    )


def cites_outlet(text: str, outlet: str | None) -> bool:
    """Whether ``text`` cites ``outlet`` by name as a source of its report ("..., according to The Wall Street
    Journal"): what it shares with that outlet's article it took from it."""
    if not outlet:
        return False
    name = re.sub(r"^the\s+", "", outlet.strip(), flags=re.IGNORECASE)
    return bool(citation_pattern(re.escape(name)).search(text))


def wire_outlet(article: Article) -> str | None:
    """The wire agency ``article`` is published by (outlet name or URL domain), or None."""
    if article.outlet:
        name = re.sub(r"^the\s+", "", article.outlet.strip(), flags=re.IGNORECASE).casefold()
        if name in _WIRE_NAMES:
            return _WIRE_NAMES[name]
    if article.url:
        host = (urlsplit(article.url).hostname or "").casefold()
        for agency, domains in WIRE_AGENCIES.items():
            if any(host == d or host.endswith("." + d) for d in domains):
                return agency
    return None


@functools.lru_cache(maxsize=WIRE_CACHE)
def wire_dateline(text: str) -> str | None:
    """The wire agency named in a dateline near the top of ``text`` ("(AP)", "— AFP —"), or None."""
    match = DATELINE.search(text[:DATELINE_CHARS])
    return _canonical(match.group(1) or match.group(2)) if match else None


@functools.lru_cache(maxsize=WIRE_CACHE)
def credited_wire(text: str) -> str | None:
    """The wire agency a credit line of ``text`` says contributed, or None."""
    match = CREDIT.search(text)
    return _canonical(match.group(1) or match.group(2)) if match else None


def _canonical(name: str) -> str:
    return _WIRE_NAMES.get(name.casefold(), name)


def _names_agency(text: str, agency: str) -> bool:
    names = [agency] + [abbr for abbr, full in WIRE_ABBREVIATIONS.items() if full == agency]
    return any(re.search(rf"\b{re.escape(n)}\b", text, re.IGNORECASE if len(n) > 3 else 0) for n in names)


def _parse_published(value: str | None) -> tuple[date, datetime | None] | None:
    """(date, aware datetime or None) of an ISO 8601 date or datetime; None when missing or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    has_time = "T" in value or " " in value.strip()
    aware = moment if has_time and moment.tzinfo is not None else None
    return moment.date(), aware


def _earlier(a: str | None, b: str | None) -> bool | None:
    """True when ``a`` is earlier, False when ``b`` is, None when equal, missing or incomparable.

    Two aware datetimes compare to the second; otherwise only the dates compare.
    """
    pa, pb = _parse_published(a), _parse_published(b)
    if pa is None or pb is None:
        return None
    (day_a, at_a), (day_b, at_b) = pa, pb
    if at_a is not None and at_b is not None:
        return None if at_a == at_b else at_a < at_b
    return None if day_a == day_b else day_a < day_b


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks, in order.

    Curly quotes pair as opened and closed; straight double quotes pair within a
    paragraph. A quote left open runs to the paragraph's end (news style for
    quotes that continue into the next paragraph).
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for mark in QUOTE_MARK.finditer(text):
        char = mark.group()
        if char not in (QUOTE_OPEN, QUOTE_CLOSE, QUOTE_STRAIGHT):  # a paragraph break
            if opened is not None:
                spans.append((opened, mark.start()))
            opened = None
        elif char == QUOTE_OPEN or (char == QUOTE_STRAIGHT and opened is None):
            opened = mark.end()
        elif opened is not None:
            spans.append((opened, mark.start()))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


@functools.lru_cache(maxsize=WIRE_CACHE)
def boilerplate_spans(text: str, title: str | None = None) -> tuple[tuple[int, int], ...]:
    """Character ranges of ``text`` that are page furniture, in order.

    The analyzer's boilerplate (:func:`newstrace.analyze.boilerplate.find_boilerplate`:
    credit lines, teasers, bylines, widgets, a repeated headline) plus :data:`FOOTER`
    paragraphs (copyright lines, newsletter sign-ups). Computed from the text, so the
    link stage needs no stored analysis.
    """
    from ..analyze.boilerplate import find_boilerplate  # here: the analyze package imports spaCy (a second)

    spans = [(b.span.start, b.span.end) for b in find_boilerplate(text, title)]
    for paragraph in re.finditer(r"[^\n]+", text):
        if FOOTER.search(paragraph.group()) and len(paragraph.group().split()) <= FOOTER_MAX_WORDS:
            spans.append(paragraph.span())
    return tuple(sorted(spans))


def _share_inside(span: TextSpan, quoted: Sequence[tuple[int, int]]) -> float:
    inside = sum(max(0, min(end, span.end) - max(start, span.start)) for start, end in quoted)
    return inside / max(1, span.end - span.start)


def _union_length(spans: Iterable[TextSpan]) -> int:
    total, reach = 0, -1
    for span in sorted(spans, key=lambda s: s.start):
        total += max(0, span.end - max(span.start, reach))
        reach = max(reach, span.end)
    return total


def copied_passages(
    a: Article, b: Article, *, min_words: int = MIN_WORDS, min_similarity: float = MIN_SIMILARITY
) -> list[CopiedPassage]:
    """Passages ``a`` and ``b`` share, as records oriented origin first.

    Pass the article stored first as ``a``: it stays ``a`` unless the evidence
    says ``b`` is the origin. Passages lying mostly in either article's
    boilerplate (:func:`boilerplate_spans`) are left out.
    """
    a_tokens, b_tokens = tokenize(a.text), tokenize(b.text)
    found = align(
        a.text, b.text, min_words=min_words, min_similarity=min_similarity, a_tokens=a_tokens, b_tokens=b_tokens
    )
    if not found:
        return []
    furniture_a, furniture_b = boilerplate_spans(a.text, a.title), boilerplate_spans(b.text, b.title)
    found = [
        f
        for f in found
        if max(_share_inside(f.a_span, furniture_a), _share_inside(f.b_span, furniture_b)) < BOILERPLATE_SHARE
    ]
    if not found:
        return []
    a_first, reason = direction(a, b)
    if a_first is False:
        a, b = b, a
        found = [(f.b_span, f.a_span, f.similarity) for f in found]
    else:
        found = [(f.a_span, f.b_span, f.similarity) for f in found]
    # One record per pair of spans: two alignments can end on the same spans (a reprint with scattered
    # edits), and the store keeps each passage once; the more similar one stays.
    best: dict[tuple[int, int, int, int], tuple[TextSpan, TextSpan, float]] = {}
    for f in found:
        spans = (f[0].start, f[0].end, f[1].start, f[1].end)
        if spans not in best or f[2] > best[spans][2]:
            best[spans] = f
    found = list(best.values())
    a_share = round(_union_length(f[0] for f in found) / max(1, len(a.text)), 4)
    b_share = round(_union_length(f[1] for f in found) / max(1, len(b.text)), 4)
    quoted_a, quoted_b = quoted_spans(a.text), quoted_spans(b.text)
    records = []
    for a_span, b_span, similarity in sorted(found, key=lambda f: f[0].start):
        quote = min(_share_inside(a_span, quoted_a), _share_inside(b_span, quoted_b)) >= QUOTE_SHARE
        records.append(
            CopiedPassage(
                a=a.external_id,
                b=b.external_id,
                a_span=a_span,
                b_span=b_span,
                similarity=similarity,
                a_share=a_share,
                b_share=b_share,
                direction="unknown" if a_first is None else "a->b",
                reason=reason,
                kind="shared_quote" if quote else "copy",
            )
        )
    return records


def find_copies(
    article: Article,
    index: CopyIndex,
    article_of: Callable[[str], Article],
    *,
    prints: Sequence[Fingerprint] | None = None,
    min_similarity: float = MIN_SIMILARITY,
) -> list[CopiedPassage]:
    """Passages ``article`` shares with the articles in ``index`` (which it does not change).

    ``article_of`` returns an indexed article by external id; ``prints`` may
    pass the article's fingerprints when the caller already computed them.
    Only the index's candidates are aligned, so the cost per article does not
    grow with the index. Add the article afterwards with ``index.add``.
    """
    if prints is None:
        prints = fingerprints(article.text, min_words=index.min_words, tokens=tokenize(article.text))
    found: list[CopiedPassage] = []
    for candidate in index.candidates(prints, exclude=article.external_id):
        other = article_of(candidate.key)
        found += copied_passages(other, article, min_words=index.min_words, min_similarity=min_similarity)
    return found


@contextlib.contextmanager
def young_collections_only():
    """Within the block the garbage collector skips full collections; the threshold is restored after."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


def link_copies(
    articles: Sequence[Article], *, index: CopyIndex | None = None, min_similarity: float = MIN_SIMILARITY
) -> tuple[list[CopiedPassage], list[ReuseCluster]]:
    """Bulk helper: add ``articles`` to ``index`` one by one, collecting every copied passage and the clusters."""
    index = CopyIndex() if index is None else index
    by_key = {article.external_id: article for article in articles}
    found: list[CopiedPassage] = []
    with young_collections_only():
        for article in articles:
            prints = fingerprints(article.text, min_words=index.min_words, tokens=tokenize(article.text))
            found += find_copies(article, index, by_key.__getitem__, prints=prints, min_similarity=min_similarity)
            index.add(article.external_id, prints)
    return reuse_clusters(found, articles)


def reuse_clusters(
    passages: Sequence[CopiedPassage], articles: Sequence[Article]
) -> tuple[list[CopiedPassage], list[ReuseCluster]]:
    """Copies of copies joined into clusters (connected components over "copy" passages).

    Members are ordered by publication date, then by whether a directed
    passage in the cluster names them as the copy, then by their order in
    ``articles``; the first is the cluster's origin. Returns the passages with
    ``cluster`` set (shared quotes keep None) and the clusters, numbered from 1.
    """
    order = {article.external_id: n for n, article in enumerate(articles)}
    published = {article.external_id: article.published for article in articles}
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    copies = [p for p in passages if p.kind == "copy"]
    for p in copies:
        parent[root(p.a)] = root(p.b)
    copied = {p.b for p in copies if p.direction == "a->b"}
    groups: dict[str, list[str]] = {}
    for key in parent:
        groups.setdefault(root(key), []).append(key)

    def rank(key: str) -> tuple:
        parsed = _parse_published(published.get(key))
        return (parsed is None, parsed[0] if parsed else date.min, key in copied, order.get(key, len(order)), key)

    members = sorted((sorted(group, key=rank) for group in groups.values()), key=lambda m: rank(m[0]))
    clusters = [ReuseCluster(n, m[0], tuple(m)) for n, m in enumerate(members, start=1)]
    cluster_of = {key: c.id for c in clusters for key in c.members}
    labelled = [replace(p, cluster=cluster_of[p.a]) if p.kind == "copy" else p for p in passages]
    return labelled, clusters
