"""Words of statements: content words, stems, negation scope, and the lexical similarity claims are grouped by."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Words that, in a statement, deny it or call it false.
DENIAL_WORDS = {"deny", "denied", "denies", "false", "hoax", "fake", "untrue", "debunked", "rejected", "dismissed"}
# A picture said to be old: the usual debunk of one offered as proof of news ("the cockpit photos were old
# images", "the pictures appear to be old and misleading").
MEDIA = r"(photos?|photographs?|images?|pictures?|footage|videos?|clips?|screenshots?)"
OLD = r"(old|outdated|recycled|years[- ]old)(?!\s+news)"
OLD_MEDIA = re.compile(
    rf"\b{MEDIA}\b[^.;:]{{0,60}}?\b(were|was|are|is|appears? to be|appeared to be|turned out to be)\s+"
    rf"(\w+\s+){{0,2}}{OLD}\b|\b(were|was|are|is)\s+(\w+\s+)?{OLD}\s+(\w+\s+)?{MEDIA}\b",
    re.IGNORECASE,
)
# What a statement calls a lie it denies ("The lie is this: that flooding in Gaza was caused by Israel"); the verb
# ("the town lies 20 km north") is not read: only the noun after a determiner or an adjective of degree.
CALLED_A_LIE = re.compile(
    r"\b(the|a|this|that|big|outright|blatant|pure|total|complete)\s+(lie|lies|libel|fabrication|myth)\b", re.I
)
# Words that flag a statement as unconfirmed.
UNCONFIRMED_WORDS = {
    "unconfirmed",
    "unclear",
    "unverified",
    "reportedly",
    "allegedly",
    "apparently",
    "rumor",
    "rumour",
    "speculation",
    "may",
    "might",
    "could",
    "possibly",
    "perhaps",
}
CONFIRM_WORDS = {"confirm", "confirmed", "confirms", "verify", "verified", "corroborated"}
NEGATION_WORDS = {"not", "no", "never", "neither", "nor", "none", "nobody", "n't", "didn't", "wasn't", "hadn't"}
# Verbs news uses for one event, folded so paraphrases meet ("crashed" / "landed" / "fell").
SYNONYMS = {
    "crash": "impact",
    "land": "impact",
    "fell": "impact",
    "fall": "impact",
    "strike": "impact",
    "struck": "impact",
    "kill": "die",
    "dead": "die",
    "death": "die",
    "slain": "die",
    "hit": "impact",
    "fire": "launch",
    "fired": "launch",
    "rescu": "rescue",
    "sank": "sink",
    "sunk": "sink",
    "sighting": "seen",  # "no shark sighting at the beach" / "a shark was seen off the beach"
    "sightings": "seen",
    "sighted": "seen",
    "spotted": "seen",
    "capsiz": "sink",
    "overturn": "sink",
    "keel": "sink",
    "blast": "explosion",
    "explod": "explosion",
    "detain": "arrest",
    "wound": "injur",
    "hurt": "injur",
    "unaccount": "missing",
    "probe": "investigation",
    "inquiry": "investigation",
    "investigat": "investigation",
    "vessel": "ship",
    "boat": "ship",
    "warship": "ship",
    "fataliti": "die",
    "fatality": "die",
    "injuri": "injur",
    "injury": "injur",
}
# How many words after a negation it reaches ("posed no danger to the planet": danger, planet).
NEGATION_SCOPE_WORDS = 6
# Where a negation's reach ends: a clause's punctuation, or a word opening another clause.
CLAUSE_BREAK = re.compile(
    r"[,;:()\u2013\u2014]|\s-\s|\b(?:as|because|since|while|but|although|though|whereas|which|who|when|after|before)\b",
    re.IGNORECASE,
)
# Negative words that do not negate what is said: "it is not the first time", "not only", "no doubt", "wasted no
# time sealing off the town", "in no time", "no fewer than 40".
NOT_NEGATING = re.compile(
    r"\bnot\s+(the\s+(first|only|last)|only|just|merely|least)\b|\bno\s+(doubt|wonder)\b"
    r"|\b(wast\w*|lost|lose|losing)\s+no\s+time\b|\bin\s+no\s+time\b|\bno\s+(fewer|less)\s+than\b",
    re.I,
)
# "Without" before a gerund: a negation of what the gerund says.
WITHOUT_DOING = re.compile(r"\bwithout\s+(?=\w+ing\b)", re.I)
# Verbs that say something was not done: "refrain from calling him a fighter pilot", "failed to reach their
# targets", "stopped short of naming the ministry".
NOT_DOING = re.compile(
    r"\b(?:refrain\w*|abstain\w*)\s+from\s+|\bfail(?:s|ed|ing)?\s+to\s+|\bstop\w*\s+short\s+of\s+", re.I
)
# "Unlike": what it compares with is not as the rest says ("unlike psilocybin mushrooms, fly agaric is legal to
# sell": they are not), or is, when the rest is negative ("unlike Saudi TV, Al Jazeera did not blur her face").
UNLIKE = re.compile(r"\bunlike\b", re.I)
# Words by which a sentence refutes what it is about (see newstrace.assess.judge).
REFUTING = re.compile(
    r"\b(hoax(es)?|fake|false(ly)?|untrue|debunk\w*|satir\w*|fabricat\w*|not true|no truth|"
    r"den(y|ied|ies|ial)|lie|lies|myth|bogus|baseless|unfounded|photoshop\w*|doctored|misleading|retract\w*|"
    r"unsubstantiated|no (\w+ )?evidence|without (\w+ )?evidence)\b"
    r"|(\bnot|n't|\bnever)( been)? (backed|supported) by (\w+ )?evidence\b"
    r"|\b(called|calls|calling|dismissed as|branded)\W+([\w'’]+\W+){0,4}?[\"“‘']?(rubbish|nonsense|baloney)\b"
    r"|\b(is|was|are|were)\s+((complete|total|utter)\s+)?[\"“‘']?(rubbish|nonsense|baloney)\b",
    re.IGNORECASE,
)
# A fact-check's rating of the claim it checks: the label opening its headline or a line ("FALSE: Viral photo was
# taken in South Africa"), or its verdict line ("VERDICT: FALSE.", "Our ruling: Pants on Fire", or the rating alone
# on its line under the claim: "Claim: ...", "FALSE", "Example: ..."); and the line that
# states the claim it checks ("CLAIM: A photo shared on Facebook shows ..."). A label refutes the checked claim, not
# the finding that follows it.
FALSE_RATING = r"(mostly false|false|fake|pants on fire|misleading|incorrect|untrue|wrong|fabricated|altered|baseless)"
TRUE_RATING = r"(mostly true|true|correct|accurate)"
RATING_LABEL = re.compile(rf"^\s*(?:(?P<false>{FALSE_RATING})|{TRUE_RATING})\s*[:—–]\s*", re.IGNORECASE)
VERDICT_LINE = re.compile(
    rf"^[ \t]*(?:(verdict|rating|our ruling|ruling|conclusion)\s*[:—–]\s*"
    rf"(?:(?P<false>{FALSE_RATING})|{TRUE_RATING})\b.*|(?:(?P<false_alone>{FALSE_RATING})|{TRUE_RATING})[ \t.!]*)$",
    re.IGNORECASE | re.MULTILINE,
)


def is_verdict(text: str) -> bool:
    """Is the text a fact-check's verdict line or rating ("VERDICT: FALSE. The picture was taken in South Africa",
    "FALSE: Viral photo was taken in 2019")? It is the outlet's own finding, whatever sources the check quotes."""
    return bool(VERDICT_LINE.match(text) or RATING_LABEL.match(text))


CHECKED_CLAIM = re.compile(r"^\W*(the )?claims?\s*[:—–]", re.IGNORECASE)
# Speculation a sentence dismisses ("playing down speculation over his health", "denied the rumours"): no hedge
# of what the sentence says.
DISMISSED = re.compile(
    r"\b(play\w* down|dismiss\w*|den(y|ies|ied|ying)|quash\w*|rebuff\w*|refut\w*|reject\w*|scotch\w*|quell\w*|"
    r"put to rest|la(id|y) to rest)\s+((the|such|these|those|recent|media|growing|widespread|persistent|any)\s+){0,2}"
    r"(speculation|rumou?rs?|reports?|claims?)\b",
    re.IGNORECASE,
)
# The hedges DISMISSED can dismiss, as the analysis names them.
DISMISSIBLE_HEDGES = {"speculation", "rumor", "rumour"}
# Verbs of opinion: "some have suggested it was a stunt, while others are convinced it was proof" hedges both.
_OPINION = r"(say|said|suggest\w*|believe\w*|think|thought|claim\w*|argu\w*|specul\w*|insist\w*|doubt\w*|dismiss\w*)"
# Words that hedge what a sentence reports.
HEDGING = re.compile(
    r"\b(reportedly|allegedly|purportedly|supposedly|rumou?r(s|ed)?|unconfirmed|unverified|claim(s|ed|ing)?|"
    r"alleged|apparently|may|might|could|possibly|if true|said to (be|have|show|depict|contain)|believed to|"
    r"appears? to|appeared to|seems? to|it (appears|appeared|seems|seemed)|(will|would|is|was|are|were) likely|"
    r"seemed to|unclear|unsure|uncertain|speculat\w*|whether|questionable|not clear|not known)\b|\?"
    r"|\baccording to ((?-i:[a-z]\w*) ){0,4}reports?\b(?! (from|by) (the )?(?-i:[A-Z]))"  # not "a report by Reuters"
    r"|\b(a|the|media|news|local) reports? (said|says|suggest\w*)\b"
    r"|\breports (are|were|have been) (beginning to |starting to )?circulat\w*"
    r"|\b(have|has) reported that\b"
    r"|\b(not|n't|cannot|never)\s+(be\s+)?(rul(e|es|ed|ing)\s+out|exclud\w*)\b"  # "not ruling out that it was arson"
    r"|\bsome\s+(\w+\s+){0,3}?"
    + _OPINION
    + r"\b[^.;]{0,150}\bothers?\s+(\w+\s+){0,3}?(are\s+)?(convinced\b|"
    + _OPINION
    + ")",
    re.IGNORECASE,
)
# Sentences that tell the reader a report could not be checked: they hedge what the article attributes.
UNVERIFIED_REPORT = re.compile(
    r"\b(could|can|has|have|had|was|were|is|are|would|will|did|does|do)( ?not|n't)( yet)?( been)?( be)? "
    r"(independently )?"
    r"(verif|confirm|corroborat)\w*"
    r"|\bnot (been )?(independently )?(verified|confirmed)\b|\bno (independent )?(confirmation|verification)\b",
    re.IGNORECASE,
)
# Words by which a claim says that something is not confirmed, or was dismissed ("Jordanian officials dismissed
# ISIS's claim as a propaganda trick"): hedges are then what it says (a claim that only reports a claim, "ISIS
# claimed ...", is about what was claimed, as FNC-1's headlines are).
ABOUT_CONFIRMATION = re.compile(
    r"\b(no|not|never|without|cannot|(can|could)n['’]t)\b.{0,30}?\b(evidence|confirm\w*|verif\w*|corroborat\w*|proof)\b"
    r"|\b(doubts?|unconfirmed|unverified|dismiss\w*)\b",
    re.IGNORECASE,
)
# scikit-learn's English stop words, less the words of its list that say what happened in news ("a fire", "the
# bill", "found dead", "moved"): they are content here.
NEWS_WORDS = {
    "fire", "bill", "call", "cry", "detail", "fill", "find", "found", "interest", "mill", "move", "side", "system",
    "top", "front", "back", "part", "full", "amount", "empty", "serious", "show", "take", "give", "put", "thick",
    "thin", "describe", "bottom", "become", "became", "keep", "made", "name", "see", "seem", "seemed",
}  # fmt: skip
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) - NEWS_WORDS
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")

# Personal and demonstrative pronouns that point back to what came before ("they", "this"): a sentence opening
# with one leans on the sentence before it.
REFERRING_PRONOUNS = ("he", "she", "it", "they", "this", "these", "those")


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def words_of(text: str) -> set[str]:
    return {w.lower().replace("’", "'") for w in WORD.findall(text)}


def negates(text: str) -> bool:
    """A negation that says something did not happen, not an idiom ("not the first time", "not only")."""
    return any(_negating(w) for w in WORD.findall(_negations_of(text)))


def negated_terms(text: str) -> frozenset[str]:
    """The terms within NEGATION_SCOPE_WORDS words after each negation of the text: what a negative statement
    says did not happen ("never received any letter from Nordvik about the valve")."""
    return frozenset(t for window in _negation_windows(text) for t in statement_words(" ".join(window)))


def negated_predicates(text: str) -> frozenset[str]:
    """The first term after each negation: what a negative claim denies at its core ("no one was injured in the
    fire": injured). A report contradicts the claim only by saying that, not by sharing the rest ("a fire")."""
    return frozenset(terms[0] for window in _negation_windows(text) if (terms := statement_words(" ".join(window))))


@lru_cache(maxsize=1 << 16)
def asserted_words(text: str) -> frozenset[str]:
    """The text's words but those a negation reaches: "Axl Rose is NOT dead" does not say "dead"."""
    return frozenset(
        words_of(text) - {w.lower().replace("’", "'") for window in _negation_windows(text) for w in window}
    )


def _negation_windows(text: str) -> list[list[str]]:
    """The words each negation reaches: up to NEGATION_SCOPE_WORDS, within its clause ("couldn't be identified,
    as doctors lacked the equipment" does not deny that doctors lacked it)."""
    windows = []
    for clause in CLAUSE_BREAK.split(_negations_of(text)):
        words = WORD.findall(clause)
        windows += [words[i + 1 : i + 1 + NEGATION_SCOPE_WORDS] for i, w in enumerate(words) if _negating(w)]
    return windows


def _negations_of(text: str) -> str:
    """The text with its idioms of negative words left out, "without" before a gerund read as "not" ("aired
    the meeting without blurring her face": her face was not blurred), and "unlike" as "not" where nothing else
    negates (see UNLIKE)."""
    text = NOT_DOING.sub("not ", WITHOUT_DOING.sub("not ", NOT_NEGATING.sub(" ", text)))
    if not UNLIKE.search(text):
        return text
    plain = UNLIKE.sub(" ", text)
    negative = any(_negating(w) for w in WORD.findall(plain))
    return plain if negative else UNLIKE.sub("not", text)


def _negating(word: str) -> bool:
    """A negation word, "not" contracted included ("doesn’t", "isn't", "can't")."""
    word = word.lower().replace("’", "'")
    return word in NEGATION_WORDS or word.endswith("n't")


def content_words(text: str) -> list[str]:
    """Words that carry the claim: not stop words, not reporting furniture."""
    furniture = CONFIRM_WORDS | {"information", "report", "reports", "claim", "claims", "it", "this", "that"}
    return [
        w
        for w in (w.lower() for w in WORD.findall(text))
        if w not in STOP_WORDS and w not in furniture and not w[0].isdigit() and len(w) > 2
    ]


def stem(word: str) -> str:
    """A crude suffix stripper, with news verbs folded (SYNONYMS): "passed" and "pass" meet, "virus" stays,
    "require", "requires" and "required" meet."""
    stripped = _stripped(word)
    return FOLDED.get(stripped, stripped)


def _stripped(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break  # "pass", "virus", "crisis": no plural to strip
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) >= 4 else word  # "require" as "requir(ed)"


FOLDED = {_stripped(word): folded for word, folded in SYNONYMS.items()}


def statement_words(text: str) -> list[str]:
    """The terms of ``text`` in reading order (stemmed content words, news verbs folded; no quantities)."""
    return [term for term, _ in statement_terms(text)]


def statement_terms(text: str) -> list[tuple[str, str]]:
    """(term, the word it was written as) for each term of ``text``, in reading order."""
    words = (w.replace("’", "'").split("'")[0] for w in content_words(text))
    return [(stem(w), w) for w in words]


def term_weights(terms: Counter, document_frequency: Counter | None = None, documents: int = 1) -> dict[str, float]:
    """L2-normalised TF-IDF weights of ``terms`` as claims are grouped: (1 + log tf) * log(1 + N / df).

    Without ``document_frequency`` every term has the same IDF (plain log-TF cosine).
    """
    df = document_frequency or {}
    vector = {t: (1 + math.log(c)) * math.log(1 + documents / (df.get(t) or 1)) for t, c in terms.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def statement_similarity(
    a_text: str, b_text: str, document_frequency: Counter | None = None, documents: int = 1
) -> float:
    """Lexical similarity of two statements, in [0, 1]: the cosine claims are grouped by (see group_statements).

    TF-IDF over :func:`statement_words` (Salton and Buckley, 1988), the IDF taken from ``document_frequency``
    over ``documents`` statements; compare with CLAIM_SIMILARITY. Empty text gives 0.0.
    """
    a = term_weights(Counter(statement_words(a_text)), document_frequency, documents)
    b = term_weights(Counter(statement_words(b_text)), document_frequency, documents)
    return cosine(a, b)
