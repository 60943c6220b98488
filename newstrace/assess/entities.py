"""Entities: every source a story's articles name, resolved to one real source and to the principal it speaks for.

"Defense Ministry spokesman Igor Konashenkov", "Konashenkov", "the ministry",
"Russia's Defense Ministry" and "Russian officials" are five mentions; here
they become the entities Igor Konashenkov, the Russian Defense Ministry and
unnamed Russian officials, all with one principal: the Russian government.
A principal is what counts as one independent origin (see
:mod:`newstrace.assess.origins`):

- a state: its ministries, officials, spokespeople, unnamed officials, its
  institutions ("the Kremlin", "the Pentagon"), its capital used for its
  government ("Moscow said") and its state media ("RT", "the state-run news
  agency") are one principal, ``state:<country>``;
- an organisation and its spokespeople are one, ``organisation:<name>``;
- each named person speaking for nobody else is one, ``person:<name>``;
- an outlet is one for its own reporting, ``outlet:<name>``.

Names meet across articles when they are variants of one another: "U.N." and
"United Nations", "FOX News" and "Fox News", "SANA" and "Syrian Arab News
Agency", "Konashenkov" and "Igor Konashenkov". Pure: sources in, entities out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from ..analyze.institutions import state_body_country
from ..analyze.sources import (
    ANONYMOUS,
    DOCUMENT,
    GOVERNMENT,
    GOVERNMENT_WORDS,
    GROUP,
    ORGANISATION,
    OUTLET,
    PERSON,
    UNKNOWN,
    country_of,
)
from ..models import Source, SourceEntity
from .aliases import resolve_outlet_nouns, resolve_roles, resolve_short_names, resolve_short_principals
from .names import (
    ACRONYM_FILLERS,
    KNOWN_ORGANISATIONS,
    demonym,
    document_author,
    name_key,
    state_name,
)

# Types that name one real source by its name alone, so that one name has one of them across the story.
NAMED_TYPES = {PERSON, ORGANISATION, OUTLET, UNKNOWN}
# A source's phrase speaks for its state when the body it names is one of these (or the word "government").
GOVERNMENT_BODY_WORDS = GOVERNMENT_WORDS | {
    "ministry", "government", "kremlin", "pentagon", "defense", "defence", "interior", "foreign", "prosecutor",
    "prosecutors", "prosecution", "coastguard",
}  # fmt: skip
# Words by which an unnamed source says it serves its state (beside body and service words).
OFFICIAL_WORDS = {
    "official", "spokesman", "spokeswoman", "spokesperson", "diplomat", "intelligence", "security", "officer",
    "minister", "aide", "aides", "adviser", "advisers", "authority", "agent", "agents", "state",
}  # fmt: skip
# Similarity (rapidfuzz ratio, 0-100) of two given names of one surname taken as one name misspelt.
GIVEN_NAME_SIMILARITY = 60
# Share of a story's government bodies named with a country that one state must have for the others to be its.
STORY_STATE_SHARE = 0.6
# People of a state's services, named by their country: "Finnish inspectors", "Turkish troops" speak for the state.
STATE_SERVICE_WORDS = {
    "inspectors", "investigators", "officers", "officials", "authorities", "police", "prosecutors", "troops",
    "soldiers", "diplomats", "regulators", "ministers", "forces", "military", "army", "navy",
}  # fmt: skip


@dataclass
class _Draft:
    """An entity being resolved: the sources that name it, in the order they were met."""

    key: str
    type: str
    sources: list[Source] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    body: str | None = None  # the body it speaks for, as named ("Defense Ministry", "Comcast", "state")


class EntityIndex:
    """The entities of one story and, for each (article, source) met, the entity it names.

    Build it with :func:`resolve_entities`; ``entity(article, source)`` gives
    the :class:`SourceEntity` of a source as that article names it.
    """

    def __init__(self, entities: dict[str, SourceEntity], named: dict[tuple[str, Source], str]) -> None:
        self.by_key, self.named = entities, named

    def entity(self, article: str, source: Source) -> SourceEntity:
        key = self.named.get((article, source))
        if key is None:  # a source not seen when the index was built: resolved alone
            return resolve_entities([(article, source)]).entity(article, source)
        return self.by_key[key]

    @property
    def entities(self) -> list[SourceEntity]:
        return list(self.by_key.values())


def resolve_entities(named: Iterable[tuple[str, Source]]) -> EntityIndex:
    """Resolve each ``(article external id, source)`` of a story, in reading order, to one entity.

    Within an article a government body without a country ("the ministry") or a
    spokesman of one ("Defense Ministry spokesman Igor Konashenkov") belongs to
    the state of the nearest body of that article named with its country and
    sharing a word with it; across the story, a surname alone joins the one
    full name it ends, and name variants meet (see :func:`name_key`).
    """
    met = list(dict.fromkeys(named))
    retyped = _one_type_per_name(source for _, source in met) | _known_organisations(s for _, s in met)
    full_names = _full_names(retyped.get(source, source) for _, source in met)
    context = _context_countries(met)
    drafts: dict[str, _Draft] = {}
    assigned: dict[tuple[str, Source], str] = {}
    votes: dict[str, Counter] = defaultdict(Counter)
    for article, source in met:
        country = _country(source) or context.get((article, source))
        key = _draft_key(retyped.get(source, source), full_names, country)
        draft = drafts.setdefault(key, _Draft(key, retyped.get(source, source).type))
        draft.sources.append(retyped.get(source, source))
        draft.articles.append(article)
        draft.body = draft.body or source.speaks_for
        if country:
            votes[key][country] += 1 + (_country(source) is not None)  # its own phrase outweighs the context
        assigned[(article, source)] = key
    for key, draft in drafts.items():
        draft.affiliation = votes[key].most_common(1)[0][0] if votes[key] else None
    _merge_acronyms(drafts, assigned)
    same_body = _bodies_of_one_person(drafts)
    entities = {key: _entity(draft, same_body) for key, draft in drafts.items()}
    resolve_roles(met, assigned, entities)
    resolve_short_names(assigned, entities)
    resolve_outlet_nouns(assigned, entities)
    resolve_short_principals(entities)
    return EntityIndex(entities, assigned)


def _one_type_per_name(sources: Iterable[Source]) -> dict[Source, Source]:
    """One name, one type: a name the analysis typed a person in one sentence and left untyped (or typed an
    organisation) in another takes the type most of its typed mentions give it, so that it is one entity.
    Returns the sources whose type changes, each with its new type."""
    sources = list(dict.fromkeys(s for s in sources if s.type in NAMED_TYPES))
    votes: dict[str, Counter] = defaultdict(Counter)
    for source in sources:
        votes[name_key(source.name)][source.type] += source.type != UNKNOWN
    chosen = {key: counts.most_common(1)[0][0] for key, counts in votes.items() if sum(counts.values())}
    return {
        source: replace(source, type=chosen[key])
        for source in sources
        if (key := name_key(source.name)) in chosen and chosen[key] != source.type
    }


def _known_organisations(sources: Iterable[Source]) -> dict[Source, Source]:
    """Names of organisations the press writes many ways ("Islamic State militants", "ISIS") are organisations
    however the analysis typed them ("State" read as a government), and what they publish is their document."""
    retyped = {}
    for source in sources:
        author = document_author(source.name)
        if name_key(source.name) in KNOWN_ORGANISATIONS and source.type != ORGANISATION:
            retyped[source] = replace(source, type=ORGANISATION)
        elif author and name_key(author) in KNOWN_ORGANISATIONS and source.type != DOCUMENT:
            retyped[source] = replace(source, type=DOCUMENT)
    return retyped


def _full_names(sources: Iterable[Source]) -> dict[str, str]:
    """Surname key -> the one full person name of the story it ends ("konashenkov" -> "igor konashenkov", "de
    bretton-gordon" -> "hamish de bretton-gordon"); a given name alone the same way ("dino" -> "dino ferrari")
    where no one of the story has it as surname; and a misspelt full name to the spelling most used ("dario
    ferrari" -> "dino ferrari")."""
    people = Counter(name_key(s.name) for s in sources if s.type == PERSON and " " in name_key(s.name))
    by_surname: dict[str, set[str]] = defaultdict(set)
    by_given_name: dict[str, set[str]] = defaultdict(set)
    for key in people:
        by_surname[key.split()[-1]].add(key)
        by_given_name[key.split()[0]].add(key)
    found = {}
    for keys in by_surname.values():  # "Dario Ferrari" in one article, "Dino Ferrari" in the others: one angler
        for key in keys:
            variants = [k for k in keys if _given_name_variant(k.split()[0], key.split()[0])]
            best = max(variants, key=lambda k: (people[k], len(k), k))
            if best != key:
                found[key] = best
    by_surname = {surname: {found.get(k, k) for k in keys} for surname, keys in by_surname.items()}
    given = {name: keys for name, keys in by_given_name.items() if name not in by_surname}
    found |= {short: next(iter(keys)) for short, keys in (given | by_surname).items() if len(keys) == 1}
    by_long_surname: dict[str, set[str]] = defaultdict(set)  # "de bretton-gordon" of "hamish de bretton-gordon"
    for key in people:
        words = key.split()
        for start in range(1, len(words) - 1):
            by_long_surname[" ".join(words[start:])].add(found.get(key, key))
    found |= {short: next(iter(keys)) for short, keys in by_long_surname.items() if len(keys) == 1}
    return found


def _given_name_variant(one: str, other: str) -> bool:
    """Two spellings of one given name, as a slip of the pen makes them: same initial, mostly the same letters."""
    if one == other:
        return True
    return one[:1] == other[:1] and len(one) > 2 and len(other) > 2 and fuzz.ratio(one, other) >= GIVEN_NAME_SIMILARITY


def _draft_key(source: Source, full_names: dict[str, str], country: str | None) -> str:
    key = name_key(source.name)
    if source.type == PERSON:
        return f"person:{full_names.get(key, key)}"
    if source.type == GOVERNMENT:
        body = _without_country_words(key, country)
        return f"government:{body}@{country.casefold()}" if country else f"government:{body}"
    if source.type == ANONYMOUS:
        return f"anonymous:{key}@{(country or source.speaks_for or '').casefold()}"
    return f"{source.type}:{key}"


def _country(source: Source) -> str | None:
    """The country a source belongs to as its own phrase says: its affiliation if that names a country, or the
    state its institution belongs to ("Kremlin")."""
    found = country_of(source.affiliation) if source.affiliation else None
    return (
        found
        or (source.affiliation if source.affiliation and source.speaks_for == "state" else None)
        or (state_body_country(source.name))
    )


def _without_country_words(key: str, country: str | None) -> str:
    """ "russias defense ministry" -> "defense ministry" (the country is kept apart)."""
    words = [w for w in key.split() if not country_of(w)]
    return " ".join(words) or key


def _merge_acronyms(drafts: dict[str, _Draft], assigned: dict[tuple[str, Source], str]) -> None:
    """An acronym and the name it abbreviates are one entity: "SANA" / "Syrian Arab News Agency"."""
    by_initials: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, draft in drafts.items():
        if initials := _initials(key.split(":", 1)[1].split("@")[0]):
            by_initials[(draft.type, initials)].append(key)
    for key, draft in list(drafts.items()):
        bare = key.split(":", 1)[1]
        targets = by_initials.get((draft.type, bare), [])
        if " " in bare or len(targets) != 1 or targets[0] == key:
            continue
        target = drafts[targets[0]]
        target.sources += draft.sources
        target.articles += draft.articles
        target.affiliation = target.affiliation or draft.affiliation
        target.body = target.body or draft.body
        del drafts[key]
        for named, value in assigned.items():
            if value == key:
                assigned[named] = targets[0]


def _context_countries(met: list[tuple[str, Source]]) -> dict[tuple[str, Source], str]:
    """The state of each government body, or spokesman of one, named without its country: that of the nearest
    source of the same article named with a country and sharing a word with it, earlier ones first ("Russia's
    Defense Ministry said ... the ministry added")."""
    by_article: dict[str, list[Source]] = defaultdict(list)
    for article, source in met:
        by_article[article].append(source)
    found: dict[tuple[str, Source], str] = {}
    for article, sources in by_article.items():
        for index, source in enumerate(sources):
            if _country(source) or not _speaks_for_government(source):
                continue
            words = set(name_key(_body_of(source)).split())
            for candidate in sources[index::-1] + sources[index + 1 :]:
                country = _country(candidate)
                if country and words & set(name_key(_body_of(candidate) + " " + candidate.name).split()):
                    found[(article, source)] = country
                    break
            else:  # none in its article: the one state the story gives a body sharing its words
                votes = Counter(
                    _country(other)
                    for _, other in met
                    if _country(other)
                    and len(words & set(name_key(_body_of(other) + " " + other.name).split())) >= min(2, len(words))
                )
                if len(votes) == 1:
                    found[(article, source)] = next(iter(votes))
    governments = Counter(_country(s) for _, s in met if s.type == GOVERNMENT and _country(s))
    if governments:  # the story's own state, if most of its government bodies are one state's
        country, count = governments.most_common(1)[0]
        if count >= STORY_STATE_SHARE * sum(governments.values()):
            for article, source in met:
                if (article, source) not in found and not _country(source) and _speaks_for_government(source):
                    found[(article, source)] = country
    return found


def _body_of(source: Source) -> str:
    return source.speaks_for if source.speaks_for and source.speaks_for != "state" else source.name


def _speaks_for_government(source: Source) -> bool:
    """A government body, or a person or unnamed source whose phrase names one ("Defense Ministry spokesman") or
    gives them an office of the state ("Jordanian Foreign Minister Nasser Judeh")."""
    if source.type == GOVERNMENT or (source.type == PERSON and source.speaks_for == "state"):
        return True
    body = source.speaks_for
    return bool(body) and body != "state" and bool(set(name_key(body).split()) & GOVERNMENT_BODY_WORDS)


def _initials(name: str) -> str | None:
    """The acronym a name of two words or more is written as ("sindicato unificado de trabajadores del cobre" ->
    "sutc"), or None."""
    words = [w for w in name.split() if w not in ACRONYM_FILLERS]
    return "".join(w[0] for w in words) if len(words) >= 2 else None


def _bodies_of_one_person(drafts: dict[str, _Draft]) -> dict[str, str]:
    """Organisation keys that name one body: the bodies one person speaks for across the story ("union president
    Rodrigo Fuentes", "SUTC president Rodrigo Fuentes", "president of the Unified Copper Workers' Union"), an
    acronym standing for the name it abbreviates ("SUTC", the Sindicato Unificado de Trabajadores del Cobre);
    each to one of them."""
    parent: dict[str, str] = {}
    expansions: dict[str, set[str]] = defaultdict(set)
    for key in drafts:
        if key.startswith("organisation:") and (initials := _initials(name := key.split(":", 1)[1].split("@")[0])):
            expansions[initials].add(name)

    def find(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    for draft in drafts.values():
        bodies = {name_key(s.speaks_for) for s in draft.sources if s.speaks_for and s.speaks_for != "state"}
        bodies |= {next(iter(expansions[b])) for b in bodies if len(expansions.get(b, ())) == 1}
        if draft.type == PERSON and len(bodies) > 1:
            first, *rest = sorted(bodies, key=len, reverse=True)
            for other in rest:
                parent[find(other)] = find(first)
    return {key: find(key) for key in parent}


def _entity(draft: _Draft, same_body: dict[str, str] | None = None) -> SourceEntity:
    country = draft.affiliation
    name = _display_name(draft, country)
    principal, principal_name = _principal(draft, country, name)
    if principal.startswith("organisation:") and same_body:
        principal = "organisation:" + same_body.get(principal.split(":", 1)[1], principal.split(":", 1)[1])
    aliases = tuple(dict.fromkeys(s.name for s in draft.sources))
    return SourceEntity(
        key=draft.key,
        name=name,
        type=draft.type,
        principal=principal,
        principal_name=principal_name,
        aliases=aliases,
        affiliation=country,
        speaks_for=draft.body if draft.body != "state" else None,
    )


def _display_name(draft: _Draft, country: str | None) -> str:
    """The fullest of the names its mentions give ("Igor Konashenkov", not "Konashenkov")."""
    names = [s.name for s in draft.sources]
    name = max(names, key=lambda n: (len(n.split()), sum(c.isupper() for c in n[:1]), len(n)))
    named_country = any(country_of(w) for w in name.split())
    if draft.type == ANONYMOUS and country and not named_country:
        return f"{name} ({country})"
    if draft.type == GOVERNMENT and country and not named_country and not state_body_country(name):
        return f"{demonym(country)} {name}"
    return name


def _principal(draft: _Draft, country: str | None, name: str) -> tuple[str, str]:
    """(origin key, how a fact-checker names it) of the principal an entity speaks for."""
    if draft.type == OUTLET:
        if draft.body == "state" and country:
            return _state(country)
        return f"outlet:{name_key(name)}", name
    if (draft.type == GOVERNMENT or (draft.type == ANONYMOUS and _official(draft))) and country:
        return _state(country)
    if draft.type == PERSON and draft.body:
        governmental = any(_speaks_for_government(s) for s in draft.sources)
        if governmental and country:
            return _state(country)
        if not governmental:
            return f"organisation:{name_key(draft.body)}", draft.body
    if draft.type == ANONYMOUS and draft.body:
        return f"organisation:{name_key(draft.body)}", draft.body
    if draft.type == ANONYMOUS:
        return "anonymous:", "unnamed sources (affiliation not stated)"
    if draft.type == GOVERNMENT:
        return f"government:{draft.key.split(':', 1)[1]}", name
    if draft.type == ORGANISATION and country and state_body_country(name):
        return _state(country)
    if (
        country
        and draft.type in (ORGANISATION, GROUP, UNKNOWN)
        and name_key(name).split()[-1:]
        and (name_key(name).split()[-1] in STATE_SERVICE_WORDS | OFFICIAL_WORDS - {"state"})
    ):
        return _state(country)  # "Finnish inspectors", "Palestinian minister"
    if draft.type == DOCUMENT and (author := document_author(name)):
        return _principal(
            _Draft(f"organisation:{name_key(author)}", ORGANISATION, [Source(author, "", ORGANISATION)]),
            country_of(author),
            author,
        )
    bare = draft.key.split(":", 1)[1]
    if draft.type in (ORGANISATION, UNKNOWN) and any(w[:1].isupper() for w in name.split()):
        return f"organisation:{bare}", name  # "ISIS" read as an organisation here, unknown there: one principal
    return f"{draft.type}:{bare}", name


def _official(draft: _Draft) -> bool:
    """An unnamed source that serves its state ("a senior defense official", "U.S. military sources"), not one
    merely close to it ("a source with access to North Korea's leadership")."""
    words = {w for s in draft.sources for w in name_key(f"{s.name} {s.speaks_for or ''}").split()}
    return bool(words & (GOVERNMENT_BODY_WORDS | STATE_SERVICE_WORDS | OFFICIAL_WORDS)) or any(
        s.speaks_for == "state" for s in draft.sources
    )


def _state(country: str) -> tuple[str, str]:
    return f"state:{country.casefold()}", state_name(country)


def source_entities(entities: Iterable[SourceEntity]) -> list[SourceEntity]:
    """Entities in the order a reader wants them: by principal, then name."""
    return sorted(entities, key=lambda e: (e.principal, e.name.casefold()))
