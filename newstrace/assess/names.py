"""Names of sources: variants folded so that they meet, the author a document speaks for, how a state is named.

"U.N." and "United Nations", "FOX News" and "Fox News", "Defence Ministry" and
"Defense Ministry" fold to one key; "a statement attributed to the Islamic
State group" speaks for the Islamic State; Russia's government reads as "the
Russian government". Used by :mod:`.entities`.
"""

from __future__ import annotations

import re

from ..analyze.sources import COUNTRY_FORMS, country_of, source_key

# Spelling variants folded so that names meet ("Defence Ministry" / "Defense Ministry").
SPELLINGS = {"defence": "defense", "organisation": "organization", "centre": "center", "programme": "program"}
# Names that are one organisation however the press writes them (folded keys).
ALIASES = {
    "isis": "islamic state",
    "isil": "islamic state",
    "daesh": "islamic state",
    "islamic state group": "islamic state",
    "islamic state of iraq and the levant": "islamic state",
    "islamic state of iraq and syria": "islamic state",
    "islamic state militants": "islamic state",
    "al qaida": "al qaeda",
    "alqaeda": "al qaeda",
    "nato alliance": "nato",
    "north atlantic treaty organization": "nato",
    "un": "united nations",
}
# Organisations that the aliases above name: never a government, whatever words their names share with one.
KNOWN_ORGANISATIONS = frozenset(ALIASES.values())
# A document's name as words before it, the document word, and words after it ("a statement attributed to the
# Islamic State group", "Interior Ministry report", "U.N. figures", "a statement posted on a website used by Isis
# fighters"); who it speaks for is named before or after.
DOCUMENT_NAME = re.compile(
    r"^(?:an?|the|its|their)?\s*(.*?)\s*\b(?:statements?|reports?|documents?|letters?|memos?|releases?|videos?|"
    r"messages?|posts?|postings?|tweets?|figures|data|study|studies|survey|filings?|records?)\b\s*"
    r"(?:(attributed to|from|by|issued by|released by|posted by|of|posted (?:on|to) [^,]*?\bused by)\s+(.*)|(.*))$",
    re.IGNORECASE,
)
# Words that join a name's parts and take no initial in its acronym ("Islamic Republic of Iran" -> "IRI").
ACRONYM_FILLERS = {"of", "the", "and", "for", "&", "de", "del", "la", "los", "las", "des", "du", "di", "da", "y", "e"}
# Words that name a role, not a person or body: a source named by them alone speaks for the body just named.
ROLE_WORDS = {
    "director", "general", "chief", "head", "spokesman", "spokeswoman", "spokesperson", "minister", "secretary",
    "official", "officials", "president", "chairman", "chairwoman", "chair", "executive", "ceo", "commissioner",
    "deputy", "manager", "inspector", "commander", "governor", "ambassador", "representative", "agency",
}  # fmt: skip
# Nouns by which articles refer back to an organisation they named ("the company", "the union").
ORGANISATION_NOUNS = {
    "company", "firm", "union", "operator", "owner", "group", "airline", "carrier", "manufacturer", "charity",
    "bank", "club", "university", "hospital", "organisation", "organization", "employer", "insurer", "retailer",
}  # fmt: skip


def role_noun(name: str) -> str | None:
    """The noun of a definite description of an organisation ("the company", "the plant's owner"), if the name
    is one."""
    words = [w for w in name_key(name).split() if w not in ("the", "its", "their", "a", "an")]
    return words[-1] if words and words[-1] in ORGANISATION_NOUNS and len(words) <= 3 else None


def role_only(name: str) -> bool:
    """A name made of role words alone: "director general", "the spokesman", "a senior official"."""
    words = [w for w in name_key(name).split() if w not in ("the", "a", "an", "its", "their", "senior", "top")]
    return bool(words) and all(w in ROLE_WORDS for w in words)


# Common nouns that describe what a named body is: "terror group ISIS", "retail company Amazon", "Amazon.com",
# "its operator Baltic Ferries Group".
DESCRIPTOR_NOUNS = (
    "group|company|firm|giant|retailer|network|agency|outlet|newspaper|paper|website|site|channel|broadcaster|"
    "station|party|movement|organi[sz]ation|militants|fighters|members|operator|owner|manufacturer|maker|carrier|"
    "airline|insurer|employer|developer|producer|supplier|contractor|lender|charity"
)
# A name after the words that describe it ("the militant group Islamic State", "the ship's owner Nordvik"): the
# name alone is kept.
DESCRIBED_BEFORE = re.compile(rf"^(?:[\w'’-]+\s+){{0,3}}?(?:{DESCRIPTOR_NOUNS})\s+(?=[A-Z@])", re.IGNORECASE)
# People who speak for a body they belong to or back, before its name ("Supporters of Islamic State", "members of
# the Free Syrian Army"): the body's name alone.
MEMBERS_OF = re.compile(
    r"^(?:the\s+|some\s+)?(?:supporters|members|fighters|militants|followers|loyalists)\s+of\s+(?:the\s+)?(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)
# A name before a lower-case word that describes it ("Islamic State militants", "Amazon.com"): the name alone.
DESCRIBED_AFTER = re.compile(rf"(?<=[A-Za-z])(?:\s+(?:{DESCRIPTOR_NOUNS})|\.com)$")


def bare_name(name: str) -> str:
    """A name without the common nouns that describe it: "terror group ISIS" -> "ISIS", "Digital retail company
    Amazon" -> "Amazon", "Islamic State militants" -> "Islamic State", "Amazon.com" -> "Amazon", "Supporters of
    Islamic State" -> "Islamic State". A name of common nouns only ("the militant group") is kept as it is."""
    text = MEMBERS_OF.sub("", " ".join(name.split()), count=1)
    before = DESCRIBED_BEFORE.sub("", text, count=1)
    if before != text and before[:1].isupper():
        text = before
    after = re.sub(DESCRIBED_AFTER, "", text) if not text.split()[-1:][0][:1].isupper() or ".com" in text else text
    return after if any(w[:1].isupper() for w in after.split()) else text


def name_key(name: str) -> str:
    """A name folded so that its variants meet: "U.N." and "United Nations", "FOX News" and "Fox News",
    "Defence Ministry" and "Defense Ministry", "terror group ISIS" and "Islamic State"."""
    words = []
    for word in bare_name(name.replace("’", "'")).split():
        bare = word.strip(",;:()'\"").removesuffix("'s")
        expanded = COUNTRY_FORMS.get(bare.casefold()) if "." in bare or (bare.isupper() and len(bare) > 1) else None
        words.append(expanded or word)
    folded = " ".join(SPELLINGS.get(w, w) for w in source_key(" ".join(words)).split())
    return ALIASES.get(folded, folded)


# Where the name of a document's author ends: "Isis and posted online", "a representative of her family on Friday".
AUTHOR_ENDS = re.compile(r",|\s+and(?=\s+[a-z])|\s+(?:on|in|at|after|urging|who|which|that|posted|released|saying)\b")


def document_author(name: str) -> str | None:
    """Who a document speaks for, when its name says: "a statement attributed to the Islamic State group" ->
    "the Islamic State group", "Isis statement" -> "Isis", "U.N. figures" -> "U.N."; None for "internal
    documents" or "documents seen by the Baltic Courier" (known only through the outlet that saw them)."""
    match = DOCUMENT_NAME.match(name.strip())
    if match is None or (match.group(4) or "").strip():
        return None
    author = AUTHOR_ENDS.split(match.group(3) or match.group(1) or "", maxsplit=1)[0].strip(" ,")
    return author if any(word[:1].isupper() for word in author.split()) else None


def state_name(country: str) -> str:
    """How a reader names a state as an origin: "the Russian government"."""
    country = country_of(country) or country.title()
    return f"the {demonym(country)} government"


def demonym(country: str) -> str:
    """ "Russia" -> "Russian", "United States" -> "U.S."; the country itself when no adjective is known."""
    if country == "United States":
        return "U.S."
    forms = [
        f for f, named in COUNTRY_FORMS.items() if named == country and f.replace(" ", "").isalpha() and len(f) > 3
    ]
    adjectives = [f for f in forms if f.endswith(("an", "ish", "ese", "ch", "i"))]
    return adjectives[0].title() if adjectives else country
