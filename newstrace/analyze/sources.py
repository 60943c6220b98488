"""Who a source is: its type, affiliation and canonical name, pronouns resolved.

Works on the source's tokens and the document's entities; returns plain values
so the rest of newstrace never sees spaCy objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

import pycountry
from spacy.tokens import Doc, Span, Token

from ..models import Source, TextSpan
from .boilerplate import CREDIT_WORDS
from .institutions import STATE_MEDIA_WORDS, capitals, state_body_country, state_media_country
from .places import country_names, gazetteer
from .places import name_key as place_key

# A description of an outlet before its name, up to the name: "the Calama newspaper " in "the Calama newspaper
# Diario Atacameño".
OUTLET_DESCRIBED = re.compile(r"^.*?\b(?:newspaper|broadcaster|magazine|channel|station|website|agency)\s+(?=[A-Z])")
# Source types, as a fact-checker sorts them.
PERSON, OUTLET, GOVERNMENT, ANONYMOUS, DOCUMENT, GROUP, ORGANISATION, UNKNOWN = (
    "person",
    "news_outlet",
    "government",
    "anonymous",
    "document",
    "group",
    "organisation",
    "unknown",
)
# Head nouns for outlets left unnamed ("two Chilean media outlets reported", "local media said").
UNNAMED_OUTLETS = {"media", "outlet", "newspaper", "paper", "broadcaster", "website"}
# Head nouns that make a source a news outlet or agency.
OUTLET_WORDS = {
    "news",
    "newspaper",
    "agency",
    "broadcaster",
    "times",
    "post",
    "press",
    "journal",
    "herald",
    "gazette",
    "courier",
    "tribune",
    "daily",
    "radio",
    "television",
    "tv",
    "channel",
    "network",
    "magazine",
    "wire",
    "reuters",
    "cnn",
    "bbc",
    "afp",
    "ap",
    "npr",
    "msnbc",
    "abc",
    "cbs",
    "nbc",
    "cnbc",
    "pbs",
    "upi",
    "rt",
    "xinhua",
    "tass",
    "interfax",
    "ria",
    "irna",
    "yonhap",
    "kyodo",
    "bloomberg",
    "politico",
    "axios",
    "buzzfeed",
    "huffpost",
    "mediaite",
    "jazeera",
    "arabiya",
    "telegraph",
    "guardian",
    "mirror",
    "mail",
    "chronicle",
    "inquirer",
    "economist",
    "kbs",
    "mbc",
    "sbs",
    "nhk",
    "cctv",
    "ansa",
    "dpa",
    "efe",
    "euronews",
    "sputnik",
}
# Words that name a government body.
GOVERNMENT_WORDS = {
    "ministry",
    "government",
    "department",
    "pentagon",
    "kremlin",
    "administration",
    "military",
    "army",
    "navy",
    "police",
    "guard",
    "parliament",
    "council",
    "embassy",
    "cabinet",
    "state",
    "white",
    "house",
    "senate",
    "congress",
    "court",
    "board",
    "authorities",
    "authority",
    "regulator",
    "commission",
    "office",
    "forces",
}
# A photo caption run into the text ("Pictured, the Queen talks to Claire Midgley (right), ...").
CAPTION = re.compile(
    rf"^\s*(?:Pictured|Picture|Photo|Above|Below|Inset)\b|\((?:pictured|left|right|centre|center)\)"
    rf"|\([^()]*(?:{CREDIT_WORDS})[^()]*\)"
)  # or its credit: "(Jane Doe/Getty Images for the Festival)", "(AP Photo/John Roe)"
# First words of bodies' names in other languages than English, and what each calls its body ("Minera Punta
# Loma", a company; "Sindicato Unificado de Trabajadores del Cobre", a union; "Grupo Bimbo").
ORGANISATION_KINDS = {
    "minera": "company", "compañía": "company", "compania": "company", "companhia": "company", "empresa": "company",
    "société": "company", "societe": "company", "industrias": "company", "petróleos": "company",
    "petroleos": "company", "grupo": "group", "gruppo": "group", "banco": "bank", "sindicato": "union",
    "sindacato": "union", "syndicat": "union", "gewerkschaft": "union",
}  # fmt: skip
ORGANISATION_OPENINGS = set(ORGANISATION_KINDS)
# Words of a body's name besides GOVERNMENT_WORDS and ORGANISATION_ENDINGS ("Fars News Agency").
BODY_WORDS = {
    "agency", "news", "times", "post", "network", "service", "committee", "bureau", "party", "union", "center",
    "centre", "station", "channel", "radio", "television", "tv", "club", "team", "observatory", "society",
}  # fmt: skip
# Nouns that name a body, its name before them ("the Gaza civil defense", "the Kenya Wildlife Service").
BODY_NOUNS = GOVERNMENT_WORDS | BODY_WORDS | {"defense", "defence"}
# Head nouns of people who speak for a body without a name.
OFFICIAL_WORDS = {"official", "officials", "source", "sources", "spokesman", "spokeswoman", "spokesperson", "diplomat"}
DOCUMENT_WORDS = {
    "report",
    "figures",
    "figure",
    "statement",
    "document",
    "documents",
    "study",
    "survey",
    "poll",
    "data",
    "record",
    "records",
    "filing",
    "memo",
    "letter",
    "analysis",
    "estimates",
    "release",
    "transcript",
    "research",
}
# Plural head nouns of unnamed people speaking for themselves: a group, not a person. Why not person: a
# person source is a named individual (its key joins "Kertu Lill" across articles), while "two passengers"
# here and "passengers" there are not one identifiable speaker; why not anonymous: that type is for people
# speaking for a body ("officials", "sources") whose affiliation counts as the origin. So eyewitnesses,
# passengers and villagers are a group, as residents and activists already were.
GROUP_WORDS = {
    "activists",
    "residents",
    "witnesses",
    "eyewitnesses",
    "bystanders",
    "onlookers",
    "neighbours",
    "neighbors",
    "passengers",
    "travellers",
    "travelers",
    "tourists",
    "crew",
    "families",
    "parents",
    "students",
    "workers",
    "farmers",
    "fishermen",
    "drivers",
    "motorists",
    "shoppers",
    "refugees",
    "patients",
    "doctors",
    "nurses",
    "rescuers",
    "volunteers",
    "experts",
    "analysts",
    "critics",
    "observers",
    "survivors",
    "people",
    "groups",
    "protesters",
    "villagers",
    "commuters",
    "pilots",
    "sailors",
    "miners",
    "teachers",
    "pupils",
    "visitors",
    "guests",
    "customers",
    "victims",
    "hostages",
    "fans",
    "voters",
    "citizens",
    "inhabitants",
    "locals",
    "rebels",
    "campaigners",
    "relatives",
}
# Dependencies of clauses that say what a source did, not who it is: "passengers who spoke to the Beacon"
# (relcl), "villagers interviewed by the Gazette" (acl), "a student, travelling home," (advcl). Type,
# affiliation and name come from the phrase before them, or the outlet they spoke to names the source.
CLAUSE_DEPS = {"relcl", "acl", "advcl"}
# Objects of a trailing preposition that say when or to whom a source spoke ("on Wednesday", "to
# reporters"), not whom it speaks for, as "of the Estonian coast guard" or "from the ministry" do.
CIRCUMSTANCE_LABELS = {"DATE", "TIME"}
AUDIENCE_WORDS = {"reporters", "journalists", "correspondents", "press", "media", "interview", "phone", "telephone"}
# Head nouns that outrank a person's name in the phrase: "Iran's Tasnim news agency" is an outlet even
# when the model tags "Tasnim" a person, and "a Kremlin official" speaks for a body, not as a person.
NOT_PERSON_HEADS = OFFICIAL_WORDS | OUTLET_WORDS
# Last words of a name that make it a company's or another body's, whatever the model tagged it: "Nordvik
# Shipping", "Baltic Ferries Group", "Andes Copper Corp".
ORGANISATION_ENDINGS = {
    "shipping", "airlines", "airways", "ferries", "lines", "railways", "group", "holdings", "corp", "corporation",
    "inc", "ltd", "limited", "plc", "llc", "gmbh", "company", "bank", "industries", "motors", "energy", "petroleum",
    "mining", "logistics", "technologies", "pharmaceuticals", "partners", "foundation", "institute", "university",
    "association", "federation", "tours", "telecom", "insurance",
}  # fmt: skip
# A state's missions abroad: they speak for the state named before them, not the one they sit in.
MISSION_WORDS = {"embassy", "embassies", "consulate", "consulates"}
# Head nouns of an outlet's own people: "a Kafkas Review correspondent at the scene saw" is the outlet reporting.
REPORTER_WORDS = {"correspondent", "correspondents", "reporter", "reporters", "journalist", "journalists"}
PRONOUNS = {"he", "she", "they", "him", "her", "them", "i", "we", "it"}
# Phrases that make a source anonymous whatever its head noun ("a diplomat who asked not to be named").
ANONYMITY = re.compile(
    r"(not to be (named|identified)|condition of anonymity|declined to be (named|identified)|"
    r"not authori[sz]ed to (speak|discuss|comment)|requested anonymity|without being named)",
    re.IGNORECASE,
)
# Unnamed people described by their access, not their employer: the anonymous sourcing of wire and business
# reporting ("people familiar with the plans", "a person briefed on the talks", "insiders").
UNNAMED_PEOPLE = {"person", "people", "persons", "individuals", "insider", "insiders"}
ACCESS = re.compile(
    r"\b(familiar with|briefed on|close to|knowledge of|knowledgeable about|involved in|privy to)\b", re.IGNORECASE
)
# Words that make a named body one its person has left: "a Marine Corps veteran", "a former Google engineer".
PAST_MEMBERS = {"veteran", "alumnus", "alumna", "alum", "graduate"}
FORMERLY = {"former", "ex", "ex-", "retired", "onetime", "one-time"}
# Nouns that describe a body (not a person in it) before its name is set beside them: "the ferry's operator,
# Nordvik Ferries"; "the board's director general, Tiit Saarma" is a person of the board.
BODY_DESCRIPTIONS = {
    "operator", "owner", "company", "firm", "carrier", "airline", "manufacturer", "maker", "contractor", "insurer",
    "developer", "supplier", "employer", "charity", "union", "organisation", "organization", "group", "utility",
    "regulator", "broadcaster", "publisher", "shipowner", "builder",
}  # fmt: skip
# Offices of a state's executive: a person holding one, named with the country, speaks for the state ("Jordanian
# Foreign Minister Nasser Judeh", "Russian President Vladimir Putin"); a legislator or a monarch does not.
STATE_OFFICES = {"minister", "president", "premier", "chancellor", "ambassador", "envoy", "secretary"}
# Titles of someone who speaks for a body: named with a country and no other body, for the state.
SPOKESPERSON_WORDS = {"spokesman", "spokeswoman", "spokesperson"}
# Titles a person's name follows: the name after one is a person's ("spokeswoman Carolina Vidal").
TITLES = STATE_OFFICES | SPOKESPERSON_WORDS | {
    "chairman", "chairwoman", "chair", "director", "chief", "head",
    "manager", "inspector", "captain", "mayor", "governor", "commander", "professor", "dr", "researcher", "analyst",
}  # fmt: skip
# Determiners that make a mention point back to a source already introduced ("the official said").
DEFINITE = {"the", "this", "that", "these", "those"}
# Demonyms and short forms to the country they name (what pycountry lacks).
COUNTRY_FORMS = {
    "u.s.": "United States",
    "us": "United States",
    "u.s.a.": "United States",
    "america": "United States",
    "american": "United States",
    "americans": "United States",
    "united states": "United States",
    "u.k.": "United Kingdom",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "british": "United Kingdom",
    "russian": "Russia",
    "russians": "Russia",
    "iranian": "Iran",
    "iranians": "Iran",
    "syrian": "Syria",
    "syrians": "Syria",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "palestinian": "Palestine",
    "palestinians": "Palestine",
    "palestine": "Palestine",
    "palestinian territory": "Palestine",
    "palestinian territories": "Palestine",
    "gaza": "Palestine",
    "gaza strip": "Palestine",
    "west bank": "Palestine",
    "the netherlands": "Netherlands",
    "netherlands": "Netherlands",
    "holland": "Netherlands",
    "turkish": "Turkey",
    "chinese": "China",
    "french": "France",
    "german": "Germany",
    "italian": "Italy",
    "spanish": "Spain",
    "ukrainian": "Ukraine",
    "estonian": "Estonia",
    "finnish": "Finland",
    "swedish": "Sweden",
    "norwegian": "Norway",
    "danish": "Denmark",
    "polish": "Poland",
    "latvian": "Latvia",
    "lithuanian": "Lithuania",
    "dutch": "Netherlands",
    "belgian": "Belgium",
    "saudi": "Saudi Arabia",
    "egyptian": "Egypt",
    "japanese": "Japan",
    "korean": "South Korea",
    "north korean": "North Korea",
    "indian": "India",
    "pakistani": "Pakistan",
    "afghan": "Afghanistan",
    "canadian": "Canada",
    "mexican": "Mexico",
    "brazilian": "Brazil",
    "australian": "Australia",
    "european": "European Union",
    "eu": "European Union",
    "nato": "NATO",
    "u.n.": "United Nations",
    "un": "United Nations",
}


def describe_source(span: Span, earlier_people: list[str], earlier_names: list[str] | None = None) -> Source:
    """Type, affiliation and canonical name of the source written as ``span``.

    ``earlier_people`` are full person names met earlier in the article, most
    recent last, for resolving "he said"; ``earlier_names`` adds proper names
    the model did not tag as people, for resolving a surname ("Ayoub said").
    """
    surnames_from = earlier_names if earlier_names is not None else earlier_people
    if (named := _apposed_body(span)) is not None:  # "the ferry's operator, Nordvik Ferries": Nordvik Ferries
        body = describe_source(named, earlier_people, earlier_names)
        if span.root.lemma_.lower() in OUTLET_WORDS and body.type in (UNKNOWN, ORGANISATION):
            body = replace(body, type=OUTLET)  # "the regional broadcaster Serhat FM" is an outlet, whatever its name
        return body
    whole, span = span, core_phrase(span)
    words = [t.lower_ for t in span if not t.is_punct]
    text = span.text.strip()
    affiliation = _affiliation(span)
    persons = [
        e
        for e in span.ents
        if e.label_ == "PERSON"
        and (
            span.root.lower_ not in NOT_PERSON_HEADS
            or (_apposed(e, span.root) and span.root.lower_ not in OUTLET_WORDS)
        )
        and not _organisation_name(e)
        and not _body_opening(span, e)
    ]
    if not persons and (titled := _titled_name(span)) is not None:
        persons = [titled]  # "spokeswoman Carolina Vidal", the model tagging "Carolina" a place
    owned = _possessed_name(span)  # "Comcast's Jason Livingood": a person speaking for Comcast
    owner = span.doc[span.start : owned.start - 1] if owned is not None else None
    if not persons and owned is not None:
        persons = [owned]  # the model tagging the whole an organisation
    if len(words) == 1 and words[0] in PRONOUNS:
        resolved = earlier_people[-1] if earlier_people and words[0] in ("he", "she", "him", "her") else None
        if resolved:
            return Source(resolved, source_key(resolved), PERSON)
        return Source(text, source_key(text), UNKNOWN)
    if persons:
        name = _full_name(persons[0].text, surnames_from)
        spokesperson = bool(SPOKESPERSON_WORDS & {t.lower_ for t in span})  # "Gaza civil defense spokesman X"
        serves_state = affiliation and (_holds_state_office(span) or spokesperson)
        body = _body_named(span, persons[0]) or ("state" if serves_state else None)
        if body is None and owner is not None and not country_of(owner.text):
            body = canonical_name(_strip_determiner(owner.text))  # "Comcast's Jason Livingood" speaks for Comcast
        return Source(name, source_key(name), PERSON, affiliation, body)
    if len(words) == 1 and span[0].pos_ == "PROPN" and (full := _full_name(text, surnames_from)) != text:
        return Source(full, source_key(full), PERSON)
    head = span.root.lower_
    if head in REPORTER_WORDS and (outlet := _body_named(span, None, REPORTER_WORDS)):
        return Source(outlet, source_key(outlet), OUTLET, affiliation)  # the outlet's own reporting
    kind = ANONYMOUS if _speaks_anonymously(whole) else _kind(set(words), head, span)
    if kind == DOCUMENT:
        text = whole.text.strip()  # "documents seen by the Baltic Courier": the clause tells which documents
    text = re.split(r",|\s+(?:who|which|that)\s+", text)[0].strip() or text  # the relative clause is not the name
    if kind not in (ANONYMOUS, GROUP, DOCUMENT):
        text = _strip_country_possessive(_strip_determiner(text), affiliation)
    if kind == OUTLET:
        text = re.sub(r"^([a-z][\w-]*\s+)+(?=[A-Z])", "", text)  # "state-owned Syrian Arab News Agency"
        text = OUTLET_DESCRIBED.sub("", text)  # "the Calama newspaper Diario Atacameño": Diario Atacameño
    name = canonical_name(text)
    speaks_for = None
    if kind in (OUTLET, UNKNOWN) and (STATE_MEDIA_WORDS.search(whole.text) or state_media_country(name)):
        kind, speaks_for = OUTLET, "state"  # "RT", "the state-run Syrian Arab News Agency"
        affiliation = state_media_country(name) or affiliation
    elif kind == ANONYMOUS:
        speaks_for = _body_named(span, None)  # "a Comcast spokesman", "a spokesperson for Amazon"
    return Source(name, source_key(name), kind, affiliation, speaks_for)


def _titled_name(span: Span) -> Span | None:
    """The name of two or three proper nouns a title puts before it ("spokeswoman Carolina Vidal", "union
    president Ana Rojas"), a person's whatever the model tagged it, or None."""
    name = _closing_name(span) or next((e for e in span.ents if e.label_ == "PERSON" and e.end == span.end), None)
    return name if name is not None and span.doc[name.start - 1].lower_ in TITLES else None


def _possessed_name(span: Span) -> Span | None:
    """The name of two or three proper nouns after a possessive ("Comcast's Jason Livingood"), a person's
    speaking for the possessor, or None; not a body's ("Estonia's Maritime Safety Board")."""
    name = _closing_name(span)
    if name is None or span.doc[name.start - 1].tag_ != "POS":
        return None
    return None if {t.lower_ for t in name} & (GOVERNMENT_WORDS | ORGANISATION_ENDINGS | BODY_WORDS) else name


def _closing_name(span: Span) -> Span | None:
    """The two or three capitalised proper nouns that end the phrase after a word of its own, or None."""
    root = span.root
    if root.pos_ != "PROPN" or root.i != span.end - 1 or root.text.lower() in ORGANISATION_ENDINGS:
        return None
    start = root.i
    while start > span.start and span.doc[start - 1].pos_ == "PROPN" and span.doc[start - 1].text[:1].isupper():
        start -= 1
    return span.doc[start : root.i + 1] if 2 <= root.i + 1 - start <= 3 and start > span.start else None


def _holds_state_office(span: Span) -> bool:
    """Does the phrase give its person an office of the executive, not a past one ("Foreign Minister", not
    "former President")?"""
    words = [t.lower_ for t in span]
    return bool(STATE_OFFICES & set(words)) and not FORMERLY & set(words)


def _apposed_body(span: Span) -> Span | None:
    """The name set beside a description of a body ("the ferry's operator, Nordvik Ferries", "the plant's owner,
    Arktisk Filet AS"), or None: not a person's (the description names their body), nor state media's ("the
    state news agency, SANA" says whom it speaks for)."""
    root = span.root
    named = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > root.i), None)
    if named is None or root.lemma_.lower() not in BODY_DESCRIPTIONS or any(e.label_ == "PERSON" for e in span.ents):
        return None
    if STATE_MEDIA_WORDS.search(span.text) or not (span.start <= named.left_edge.i and named.right_edge.i < span.end):
        return None
    return span.doc[named.left_edge.i : named.right_edge.i + 1]


def _apposed(person: Span, head: Token) -> bool:
    """The person names the official the phrase is about: "a Comcast spokesman, Charlie Douglas"."""
    return (person.root.dep_ == "appos" and person.root.head == head) or (
        head.dep_ == "appos" and head.head == person.root
    )


def _body_named(span: Span, person: Span | None, roles: set[str] = NOT_PERSON_HEADS) -> str | None:
    """The body a person or an unnamed official speaks for, as the phrase names it: an organisation entity
    ("Defense Ministry spokesman Igor Konashenkov", "a spokesperson for Amazon"), else proper nouns before the
    role word ("a Comcast spokesman"). None when the phrase names none, or names only a country."""
    taken = set(range(person.start, person.end)) if person is not None else set()
    if any(t.lower_ in FORMERLY for t in span if t.i not in taken):
        return None  # "a former Nordvik deck officer" speaks for no one
    for ent in span.ents:
        if _left(ent) or _place_of(ent):
            continue  # "a former Google engineer" no longer speaks for it; "doctors in Kobane", a town, for none
        if ent.label_ == "ORG" and not taken & set(range(ent.start, ent.end)) and not country_of(ent.text):
            return _named_body(ent) or canonical_name(_strip_determiner(_unpossessed(ent.text)))
    heads = [t for t in span if t.pos_ == "PROPN" and t.i not in taken and t.head.lower_ in roles]
    names = sorted(  # with the names compounded into them: "A Buckingham Palace spokesperson"
        {x for t in heads for x in t.subtree if x.pos_ == "PROPN" and x.i not in taken}, key=lambda x: x.i
    )
    if names and not any(country_of(t.text) for t in names):
        return canonical_name(" ".join(t.text for t in names))
    return _office_of(span, taken)


def _named_body(ent: Span) -> str | None:
    """The state body whose name a name modifies ("the Narva civil defence", the model tagging "Narva" alone), or
    None; not a company's department ("a Comcast customer service agent" speaks for Comcast)."""
    head = ent.root.head
    state_body = GOVERNMENT_WORDS | {"defense", "defence"}
    if ent.root.dep_ in ("compound", "nmod", "amod") and head.i >= ent.end and head.lower_ in state_body:
        return canonical_name(" ".join(t.text for t in ent.doc[ent.start : head.i + 1]))
    return None


def _office_of(span: Span, taken: set[int]) -> str | None:
    """The body a title puts its holder at the head of, named by a proper noun and a word for a body ("Mohamed Abu
    Shamallah, head of the Gaza civil defense" -> "Gaza civil defense"), or None."""
    for title in (t for t in span if t.lower_ in TITLES and t.i not in taken):
        for prep in (c for c in title.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "at")):
            for body in (c for c in prep.children if c.dep_ == "pobj"):
                words = [t for t in body.subtree if t.i not in taken and t.dep_ != "det"]
                named = any(t.pos_ == "PROPN" for t in words) and not country_of(body.text)
                if named and {t.lower_ for t in words} & BODY_NOUNS:
                    return canonical_name(" ".join(t.text for t in words))
    return None


def _place_of(ent: Span) -> bool:
    """Is the name where a person is rather than whom they speak for ("one of four doctors in Kobane", the model
    tagging the town an organisation)? A known place after "in" or "from"."""
    return ent.root.head.lower_ in ("in", "from") and place_key(ent.text) in gazetteer()


def _left(ent: Span) -> bool:
    """Does the phrase say the person has left the body it names ("a Marine Corps veteran", "a former Google
    engineer", "a retired army general")?"""
    role = ent.root.head
    return role.lemma_.lower() in PAST_MEMBERS or any(t.lower_ in FORMERLY for t in (*role.children, *ent.lefts))


def core_phrase(span: Span) -> Span:
    """The source's own noun phrase: ``span`` cut before the first clause or circumstance after its head.

    "two passengers who spoke to the Baltic Beacon on Wednesday" -> "two passengers"; "several villagers
    interviewed by the Valley Gazette" -> "several villagers"; "officials of the Estonian coast guard"
    stays whole. Appositions stay ("Kertu Lill, a student from Tartu"), their own clauses go. A
    dependency-based cut: tokens whose relation is in ``CLAUSE_DEPS``, or prepositions whose object is a
    date, a time or an audience, end the phrase at their leftmost token.
    """
    root, doc = span.root, span.doc
    cuts = [
        token.left_edge.i
        for token in span
        if token.left_edge.i > root.i and not _in_name(token) and (token.dep_ in CLAUSE_DEPS or _circumstance(token))
    ]
    if not cuts:
        return span
    end = min(cuts)
    while end > root.i + 1 and doc[end - 1].is_punct and not doc[end - 1].is_right_punct:  # ", who asked"
        end -= 1
    return doc[span.start : end]


def _in_name(token: Token) -> bool:
    """A clause inside a name, "Alliance to Reclaim Our Schools": within an entity, or its verb capitalised."""
    return token.doc[token.left_edge.i].ent_iob_ == "I" or (token.is_title and not token.is_sent_start)


def _circumstance(token: Token) -> bool:
    """A preposition saying when or to whom the source spoke: "on Wednesday", "to reporters"."""
    return token.dep_ == "prep" and any(
        child.dep_ == "pobj" and (child.ent_type_ in CIRCUMSTANCE_LABELS or child.lower_ in AUDIENCE_WORDS)
        for child in token.children
    )


def _speaks_anonymously(span: Span) -> bool:
    """The source's own clause says it is unnamed: "an official, who asked not to be named", "people familiar
    with the plans", "insiders"."""
    clause = " ".join(t.text for t in span.root.subtree)
    if span.root.lower_ in UNNAMED_PEOPLE:
        return span.root.lower_.startswith("insider") or bool(ACCESS.search(clause))
    return bool(ANONYMITY.search(clause))


def _strip_country_possessive(text: str, affiliation: str | None) -> str:
    """ "Iran's FARS news agency" -> "FARS news agency" (the country stays as the affiliation)."""
    if not affiliation:
        return text
    stripped = re.sub(r"^[\w.\s]+?['’]s\s+", "", text)
    return stripped if stripped != text and len(stripped.split()) >= 1 else text


def resolve_definite(source: Source, span: Span, earlier: list[Source]) -> Source:
    """ "the official" -> the anonymous source introduced earlier with the same head noun."""
    if source.type not in (ANONYMOUS, GROUP) or span[0].lower_ not in DEFINITE:
        return source
    head = span.root.lemma_.lower()
    for candidate in reversed(earlier):
        if candidate.type == source.type and head in {_singular(w) for w in candidate.key.split()}:
            return candidate
    return source


def described_earlier(span: Span) -> str | None:
    """ "the Marine Corps veteran" -> "Duncan Hunter Jr." when the text introduced him as "Duncan Hunter Jr., a
    Marine Corps veteran": a definite description naming the person an earlier apposition described so (the
    nearest such one)."""
    if span[0].lower_ not in DEFINITE or span.root.pos_ != "NOUN":
        return None
    words = {t.lower_ for t in span[1:] if not t.is_punct}
    for token in reversed(span.doc[: span.start]):
        if token.dep_ == "appos" and token.lemma_ == span.root.lemma_ and token.head.ent_type_ == "PERSON":
            described = {t.lower_ for t in token.subtree}
            person = next((e for e in span.doc.ents if e.label_ == "PERSON" and e.start <= token.head.i < e.end), None)
            if person is not None and words <= described and not _organisation_name(person):
                return person.text
    return None


def named_next(span: Span) -> str | None:
    """ "Jordan Matson" for "a former American soldier from Wisconsin" when the next sentence or the one after
    opens with the person's name, set off with an age or a description of the same kind ("Jordan Matson, 28, a
    former U.S. Army soldier, ..."; "Tiago Ferreira, 34, posted the picture"): a lead describes, then names."""
    if span[0].lower_ not in ("a", "an") or span.root.tag_ != "NN":
        return None
    doc, head = span.doc, span.root.lemma_.lower()
    if head in BODY_DESCRIPTIONS | BODY_WORDS | GOVERNMENT_WORDS | OUTLET_WORDS | DOCUMENT_WORDS:
        return None  # "a US company": no person to name
    following = [s for s in doc.sents if s.start >= span.sent.end][:2]
    for sentence in following:
        opening = [t for t in sentence if not (t.is_space or t.is_punct)][:1]
        person = next((e for e in doc.ents if e.label_ == "PERSON" and opening and e.start == opening[0].i), None)
        if person is None or len(person) < 2 or person.end + 2 >= sentence.end or doc[person.end].text != ",":
            continue
        after = doc[person.end + 1 : min(person.end + 8, sentence.end)]
        aged = after[0].like_num and after[1].text == ","
        if {"another", "other"} & {t.lower_ for t in after}:
            continue  # "John Doe, 45, another passenger": someone else
        if aged or head in {t.lemma_.lower() for t in after}:
            return person.text
    return None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _kind(words: set[str], head: str, span: Span) -> str:
    if head in OFFICIAL_WORDS or (words & OFFICIAL_WORDS and head == "familiar"):
        return ANONYMOUS  # an official without a name, whoever employs them
    if words & OUTLET_WORDS and (head in OUTLET_WORDS or any(e.label_ == "ORG" for e in span.ents)):
        return OUTLET
    unnamed = all(e.label_ in ("CARDINAL", "NORP", "GPE") for e in span.ents)  # "two Chilean media outlets"
    if _singular(head) in OUTLET_WORDS | UNNAMED_OUTLETS and unnamed:  # "two newspapers", "local media"
        return OUTLET
    if head in DOCUMENT_WORDS or span.root.lemma_.lower() in DOCUMENT_WORDS:  # "memos", "reports"
        return DOCUMENT
    if head in GROUP_WORDS and not span.root.ent_type_:  # not a name: "Citizens for Tax Justice"
        return GROUP
    if words & GOVERNMENT_WORDS - _named_state(span) or any(
        e.label_ == "GPE" and e.root == span.root for e in span.ents
    ):
        return GOVERNMENT
    if any(e.label_ in ("ORG", "NORP") or _organisation_name(e) for e in span.ents) or _body_opening(span):
        return ORGANISATION
    return UNKNOWN


def _named_state(span: Span) -> set[str]:
    """{"state"} when "State" ends a name after a word that names no country ("Supporters of Islamic State"):
    the name of a body, not a state's; else nothing."""
    for token in span[1:]:
        before = span.doc[token.i - 1]
        if token.text == "State" and before.is_title and not country_of(before.text) and before.lower_ != "the":
            return {"state"}
    return set()


def _body_opening(span: Span, name: Span | None = None) -> bool:
    """Does the phrase name a body by a word for one that opens its name, as names in other languages do ("Minera
    Punta Loma", "Sindicato Unificado de Trabajadores del Cobre"; ORGANISATION_OPENINGS), right before ``name``
    when given (the model tagging "Punta Loma" a person)?"""
    words = [t for t in span if t.dep_ != "det"]
    if len(words) < 2 or not words[0].is_title or words[0].lower_ not in ORGANISATION_OPENINGS:
        return False
    return words[1].pos_ == "PROPN" and (name is None or name.start in (words[0].i, words[0].i + 1))


def _organisation_name(name: Span) -> bool:
    """Does a name of two words or more end as a body's does ("Nordvik Shipping"; ORGANISATION_ENDINGS)?"""
    return len(name) > 1 and name[-1].is_title and name[-1].lower_.rstrip(".") in ORGANISATION_ENDINGS


def _affiliation(span: Span) -> str | None:
    mission = next((t for t in span if t.lower_ in MISSION_WORDS), None)
    if mission is not None and mission.i > span.start and (state := _affiliation(span.doc[span.start : mission.i])):
        return state  # "the U.S. Embassy in Kathmandu": the state it represents, not where it sits
    for ent in span.ents:
        if ent.label_ in ("GPE", "NORP") or ent.text.lower() in COUNTRY_FORMS:
            name = _unpossessed(ent.text)
            found = COUNTRY_FORMS.get(name.lower()) or capitals().get(name.casefold())  # "Moscow": Russia
            return found or country_of(name) or name  # "Chilean officials": Chile
    for token in span:
        if token.lower_ in COUNTRY_FORMS:
            return COUNTRY_FORMS[token.lower_]
        if token.is_title and (country := country_of(token.text)):
            return country
    return state_body_country(span.text)  # "Kremlin spokesman Dmitry Peskov", "the Pentagon"


@cache
def _country_names() -> dict[str, str]:
    """Country names by their name key ("moldova" -> "Moldova", "united kingdom" -> "United Kingdom"), as the
    places gazetteer files them (without loading its cities), each named as :data:`COUNTRY_FORMS` names it ("the
    netherlands" -> "Netherlands")."""
    return {key: COUNTRY_FORMS.get(name.casefold(), name) for key, name in country_names().items()}


def country_of(word: str) -> str | None:
    """The country a word names or qualifies: "Iranian", "U.S.", "Russia's" -> "Iran", "United States", "Russia"."""
    word = _unpossessed(word).lower()
    return COUNTRY_FORMS.get(word) or _country_names().get(word) or _demonym_country(word)


def _demonym_country(word: str) -> str | None:
    """ "moldovan" -> "Moldova", "kenyan" -> "Kenya": a demonym that extends its country's name."""
    for cut in (1, 2, 3):
        if len(word) - cut >= 4 and (name := _country_names().get(word[:-cut])):
            return name
    stem = word[:-2] if word.endswith(("an", "ns")) else None
    for name_lower, name in _country_names().items() if stem and len(stem) >= 4 else ():
        if name_lower.startswith(stem):
            return name
    return None


def _full_name(name: str, earlier_people: list[str]) -> str:
    """ "Ayoub" -> "Jamal Ayoub" when that full name came earlier in the article."""
    if " " in name.strip():
        return name.strip()
    for full in reversed(earlier_people):
        if full.split()[-1].lower() == name.strip().lower():
            return full
    return name.strip()


def _strip_determiner(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)


# A copyright line run on after a name by a clipped sentence ("Reuters. Copyright", "AFP ©").
COPYRIGHT_TAIL = re.compile(r"[.,]?\s+(?:copyright\b|©|\(c\)\s|all rights reserved\b)", re.IGNORECASE)


def canonical_name(text: str) -> str:
    """One spelling per name: "FOX News" -> "Fox News"; acronyms alone stay ("CNN").

    A trailing acronym in brackets goes ("Syrian Arab News Agency (SANA)" ->
    "Syrian Arab News Agency"), as does an unclosed bracket left by a clipped span.
    """
    text = re.sub(r"\s*\([^()]*\)?\s*$", "", text) or text
    text = COPYRIGHT_TAIL.split(text)[0] or text  # "This article originally appeared at Reuters. Copyright 2014"
    words = text.split()
    if len(words) > 1 and any(w[:1].isupper() and not w.isupper() for w in words):
        words = [w.capitalize() if _shouted(w) else w for w in words]
    return " ".join(words).strip(" ,.;:")


def _shouted(word: str) -> bool:
    """A word set in capitals for show ("FOX"), not an initialism of a country ("USA", "UK")."""
    return word.isupper() and len(word) > 2 and word.isalpha() and not _country_code(word)


@cache
def _country_code(word: str) -> bool:
    return pycountry.countries.get(alpha_3=word) is not None


def source_key(name: str) -> str:
    """Case, punctuation and a leading article folded: the same source across articles."""
    folded = re.sub(r"[^\w\s]", "", _strip_determiner(name).casefold())
    return " ".join(folded.split())


def _within(offset: int, spans: Iterable[TextSpan]) -> bool:
    """Does the character offset fall inside one of the spans?"""
    return any(span.start <= offset < span.end for span in spans)


def _unpossessed(name: str) -> str:
    """A name without the possessive the model's entity kept ("Kim Jong Un's" -> "Kim Jong Un")."""
    return name.removesuffix("'s").removesuffix("’s").strip()


def describe_sources(doc: Doc, attributions) -> None:
    """Fill in ``sources`` of each attribution, resolving names against earlier people."""
    # Full names met in the text; the small model sometimes tags a person as ORG, so any
    # all-proper-noun entity counts as a candidate for a later surname ("Ayoub said").
    people = [
        (e.start_char, _unpossessed(e.text))
        for e in doc.ents
        if len(e) > 1 and e.label_ == "PERSON" and not CAPTION.search(e.sent.text)
    ]  # a photo caption's people are in the picture, not in the story's sentences: no one "he" refers to
    names = [
        (e.start_char, _unpossessed(e.text))
        for e in doc.ents
        if len(e) > 1 and (e.label_ == "PERSON" or (e.label_ == "ORG" and all(t.pos_ == "PROPN" for t in e)))
    ]
    earlier: list[Source] = []
    speakers: list[tuple[int, Source]] = []  # one speaker each, where named: "a spokesman for the palace"
    for attribution in attributions:
        described = []
        for span in attribution.source:
            tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is None:
                continue
            said = attribution.content  # a speaker is not named in their own words ("'Without us, Punta Loma does
            # not run,' he said": not Punta Loma)
            met = [(start, name) for start, name in people if start < span.start and not _within(start, said)]
            earlier_people = [name for _, name in met]
            earlier_names = [name for start, name in names if start < span.start and not _within(start, said)]
            last = speakers[-1] if speakers else None
            if tokens.text.lower() in ("he", "she") and last and last[0] > max((s for s, _ in met), default=-1):
                described.append(last[1])  # "A spokesman for the palace confirmed the find. '...,' he said"
                earlier.append(last[1])
                continue
            source = resolve_definite(describe_source(tokens, earlier_people, earlier_names), tokens, earlier)
            if source.type != PERSON and (person := described_earlier(tokens)):
                source = Source(person, source_key(person), PERSON)
            elif source.type in (UNKNOWN, ORGANISATION) and (person := named_next(tokens)):
                source = Source(person, source_key(person), PERSON, source.affiliation)
            described.append(source)
            earlier.append(source)
            if source.type in (PERSON, ANONYMOUS) and tokens.root.tag_ in ("NN", "NNP"):
                speakers.append((span.start, source))
        attribution.sources = tuple(described)
