"""Aliases: a source named short, by its role or by a common noun, resolved to the one entity of its story named
so ("the palace" is Buckingham Palace, "a spokesman for the board" speaks for the Maritime Safety Board, "the
company said" after "Minera Punta Loma said" is Minera Punta Loma). Each pass rewrites the entities that
:func:`.entities.resolve_entities` has drafted; none guesses where two bodies of the story fit."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from ..analyze.sources import ANONYMOUS, GOVERNMENT, GROUP, ORGANISATION, ORGANISATION_KINDS, OUTLET, UNKNOWN
from ..models import Source, SourceEntity
from .names import ORGANISATION_NOUNS, name_key, role_noun, role_only

# First words of organisations' names that name no one of them alone ("the National ...", "United ...").
GENERIC_FIRST_WORDS = {"national", "united", "international", "general", "american", "british", "new", "royal", "state"}
# An unnamed source that names its body by a common noun alone: "a spokesman for the board", "the board's spokesman".
# An outlet's section or column named with its owner's: "the New York Post's Page Six".
OUTLET_SECTION = re.compile(r"(?:the )?(.+?)['’]s? [A-Z][\w ]*$")
# What an outlet is called without its name ("the paper said", "the British tabloid reported"), what one
# publishes ("the Mirror story"), and the words before them that name nothing.
OUTLET_NOUNS = {"paper", "newspaper", "tabloid", "publication", "magazine", "broadcaster", "daily", "weekly"}
REPORT_NOUNS = {"story", "report", "article", "piece", "exclusive"}
DETERMINERS = {"the", "a", "an", "this", "that", "its", "british", "american", "local", "national", "uk", "us"}
BODY_NAMED_BY_NOUN = re.compile(r"\b(?:for|of|at) the (\w+)$|\bthe (\w+)['’]s\b", re.IGNORECASE)


def _short_forms(words: list[str], organisation: bool) -> list[str]:
    """The single words a name of several may be written as: its last ("the palace"), and for an organisation its
    first unless that names no one ("Nordvik" for Nordvik Ferries; not "National")."""
    if len(words) < 2:
        return []
    first = [words[0]] if organisation and words[0] not in GENERIC_FIRST_WORDS else []
    return [words[-1], *first]


def _named(key: str) -> list[str]:
    """The words of the name an entity key holds ("organisation:nordvik ferries" -> nordvik, ferries)."""
    return key.split(":", 1)[1].split("@")[0].split()


def resolve_short_names(assigned: dict[tuple[str, Source], str], entities: dict[str, SourceEntity]) -> None:
    """A body named by the last word of its name alone ("the palace", "the Palace", "the Post") is the one body
    whose name ends so ("Buckingham Palace", "the New York Post") that its own article names, or else the one of
    the story, if there is one; a company named by the first word of its name ("Nordvik") is the one company whose
    name begins so ("Nordvik Ferries"). An outlet's own section ("the New York Post's Page Six") is the outlet."""
    ending: dict[str, set[str]] = defaultdict(set)
    in_article: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (article, _), key in assigned.items():
        entity = entities[key]
        if entity.type in (ORGANISATION, OUTLET, UNKNOWN, GROUP):
            for word in _short_forms(_named(key), entity.type == ORGANISATION):
                ending[word].add(key)
                in_article[(article, word)].add(key)
    outlets = {name_key(entity.name): key for key, entity in entities.items() if entity.type == OUTLET}
    for named, key in assigned.items():
        words = _named(key)
        if key.startswith("role:"):
            continue  # a role already resolved to the body its article named
        if entities[key].type == OUTLET and (owner := OUTLET_SECTION.match(named[1].name)):
            assigned[named] = outlets.get(name_key(owner.group(1)), key)
            continue
        if len(words) != 1 or entities[key].type not in (ORGANISATION, OUTLET, UNKNOWN, GROUP):
            continue
        here = in_article[(named[0], words[0])]
        if len(here) == 1 or (not here and len(ending[words[0]]) == 1):
            assigned[named] = next(iter(here or ending[words[0]]))


def resolve_outlet_nouns(assigned: dict[tuple[str, Source], str], entities: dict[str, SourceEntity]) -> None:
    """An outlet named by what it is ("the paper", "the British tabloid") is the one outlet its article names; a
    report named by its outlet ("the Mirror story", "a Daily Mirror report") is that outlet, the one of the story
    whose name ends so."""
    outlets = {key for key in assigned.values() if entities[key].type == OUTLET}
    in_article: dict[str, set[str]] = defaultdict(set)
    for (article, _), key in assigned.items():
        if key in outlets:
            in_article[article].add(key)
    for named, key in assigned.items():
        words = [w for w in name_key(named[1].name).split() if w not in DETERMINERS]
        if not words or key.startswith("role:"):
            continue
        if words[-1] in OUTLET_NOUNS and entities[key].type != OUTLET:
            found = in_article[named[0]]
        elif words[-1] in REPORT_NOUNS and len(words) > 1:
            found = {o for o in outlets if _named(o)[-len(words) + 1 :] == words[:-1]}
        else:
            continue
        if len(found) == 1:
            assigned[named] = next(iter(found))


def resolve_short_principals(entities: dict[str, SourceEntity]) -> None:
    """The same for the body a source speaks for: "Palace officials" and "the palace" speak for the one body of
    the story whose name ends so ("A Buckingham Palace spokesperson" speaks for Buckingham Palace), and "a spokesman
    for the board" for the principal of the story's one board ("Estonia's Maritime Safety Board"), if any."""
    ending: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, entity in entities.items():
        kind, _, name = entity.principal.partition(":")
        principal = (entity.principal, entity.principal_name)
        for word in _short_forms(name.split(), True) if kind == "organisation" else []:
            ending[word].add(principal)
        if entity.type in (ORGANISATION, GOVERNMENT):  # "a spokesman for the board": the Maritime Safety Board's
            for word in _short_forms(_named(key), False):
                ending[word].add(principal)
    for key, entity in entities.items():
        kind, _, name = entity.principal.partition(":")
        if kind == ANONYMOUS and not name and (body := BODY_NAMED_BY_NOUN.search(entity.name)):
            name = (body.group(1) or body.group(2)).casefold()  # "a spokesman for the board"
        if kind in ("organisation", UNKNOWN, GROUP, ANONYMOUS) and len(name.split()) == 1 and len(ending[name]) == 1:
            principal, principal_name = next(iter(ending[name]))
            entities[key] = replace(entity, principal=principal, principal_name=principal_name)


def resolve_roles(
    met: list[tuple[str, Source]], assigned: dict[tuple[str, Source], str], entities: dict[str, SourceEntity]
) -> None:
    """A source named by its role alone ("the director general", "a spokesman") speaks for the body the same
    article named last before it ("the Maritime Safety Board ... its director general said")."""
    last: dict[str, SourceEntity] = {}
    organisations: dict[str, list[SourceEntity]] = defaultdict(list)
    for article, source in met:
        entity = entities[assigned[(article, source)]]
        if entity.principal.startswith("organisation:") and not role_noun(source.name):
            organisations[article].append(entity)
    for article, source in met:
        entity = entities[assigned[(article, source)]]
        if (noun := role_noun(source.name)) and organisations[article]:
            named = [o for o in organisations[article] if noun in _kind_words(o.name)] or [
                o  # else a body of its own (not a person speaking for one) that none of its names calls another kind
                for o in organisations[article]
                if o.key.startswith("organisation:") and not _called(o, ORGANISATION_NOUNS - {noun})
            ]
            spoken_for = [o for o in organisations[article] if noun in _kind_words(o.principal_name)]
            if named:
                assigned[(article, source)] = named[0].key  # "the company said" after "Minera Punta Loma said"
            elif spoken_for:  # "The union says" after "Rodrigo Fuentes, president of the Copper Workers' Union"
                assigned[(article, source)] = _role_entity(source, spoken_for[0], entity, entities)
            continue
        if role_only(source.name) and entity.principal.split(":")[0] in ("unknown", "anonymous", "government"):
            body = last.get(article)
            if body is not None:
                assigned[(article, source)] = _role_entity(source, body, entity, entities, body.name)
        elif entity.principal.split(":")[0] in ("state", "organisation", "government"):
            last[article] = entity


def _role_entity(
    source: Source, body: SourceEntity, entity: SourceEntity, entities: dict[str, SourceEntity], named: str = ""
) -> str:
    """The key of the entity of a source named by its role alone, speaking for ``body``'s principal (made once)."""
    key = f"role:{name_key(source.name)}@{body.principal}"
    entities.setdefault(
        key,
        SourceEntity(
            key,
            f"{source.name} ({named or body.principal_name})",
            entity.type,
            body.principal,
            body.principal_name,
            (source.name,),
            body.affiliation,
            named or body.principal_name,
        ),
    )
    return key


def _called(entity: SourceEntity, nouns: set[str]) -> bool:
    """Does one of the entity's names call it one of ``nouns`` ("the mine's largest union", "Sindicato Unificado
    de Trabajadores del Cobre": a union)?"""
    return any(nouns & _kind_words(name) for name in (entity.name, *entity.aliases))


def _kind_words(name: str) -> set[str]:
    """The words of a name, with what a word of another language calls a body ("sindicato" -> "union")."""
    words = set(name_key(name).split())
    return words | {ORGANISATION_KINDS[w] for w in words if w in ORGANISATION_KINDS}
