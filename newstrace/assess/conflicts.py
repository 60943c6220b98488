"""Conflicts between claims of one story: different counts of one thing, opposite words about one event."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..models import (
    Claim,
)
from .counts import PEOPLE_EVENT_WORDS, PEOPLE_EVENTS, compatible, counts_of
from .grouping import Group
from .statements import Statement
from .words import WORD, asserted_words, content_words, stem, words_of

# Cosine between two claims' centroids for a contradiction signal to count as a conflict.
CONFLICT_SIMILARITY = 0.12
# The same for two statements saying opposite words (hit / missed): single words oppose each other by chance in
# any story ("the show was a global hit" / "Miss Smith"), so the statements must share more. On 15 antonym
# conflicts sampled from FNC-1 training stories, the 5 true ones had cosines 0.43-0.67, the 9 false ones
# 0.22-0.32 (and one unsure, 0.23); IDF-weighted cosines separated them less well.
OPPOSED_SIMILARITY = 0.35
# Words that say a count changed over time ("has risen to 16"): a newer figure does not dispute an older one.
UPDATE_WORDS = {"risen", "rose", "rises", "climbed", "increased", "grew", "jumped", "fallen", "dropped", "revised"}
# Pairs of words that say opposite things about one event.
ANTONYMS = [
    ({"hit", "struck"}, {"miss", "missed", "misses"}),  # not "crashed": a meteorite "crashed into" what it "hit"
    ({"alive", "survived", "rescued"}, {"dead", "died", "killed"}),
    ({"true", "accurate"}, {"false", "untrue", "fake", "hoax"}),
    ({"open", "opened", "reopened"}, {"closed", "shut"}),
    ({"blurred", "censored", "pixelated", "obscured"}, {"uncensored", "unblurred", "unedited"}),  # doctored footage
]


def contested(claim: Claim, carriers: dict[tuple[int, int], set[int]]) -> set[int]:
    """Indices of the claim's statements that carry a point another claim contradicts."""
    return set().union(*(carriers.get((other, claim.id), set()) for other in claim.conflicts))


def link_conflicts(claims: list[Claim], groups: list[Group]) -> dict[tuple[int, int], set[int]]:
    """Link conflicting claims; (claim, other) -> indices of the other's statements that carry the conflict.

    Only those statements dispute the claim: in "missiles were fired from the
    Caspian" grouped with "missiles fired from the Caspian hit their targets",
    the first says nothing against "four missiles crashed in Iran".
    """
    carriers: dict[tuple[int, int], set[int]] = {}
    for i, j in _sharing_pairs(groups):
        a, b = groups[i], groups[j]
        markers = conflict(a, b)
        if markers:
            claims[i].conflicts.append(j)
            claims[j].conflicts.append(i)
            carriers[(i, j)] = carrying(b, markers[1])
            carriers[(j, i)] = carrying(a, markers[0])
    return carriers


def carrying(group: Group, markers: set[str]) -> set[int]:
    """Indices of the group's statements holding one of the markers: a word, or "#unit" for a count of it."""
    units = {m[1:] for m in markers if m.startswith("#")}
    return {
        k
        for k, s in enumerate(group.statements)
        if asserted_words(s.span.text) & markers or any(u in units for u in counts_of(s.terms))
    }


def _sharing_pairs(groups: list[Group]) -> Iterable[tuple[int, int]]:
    """Pairs of claims whose statements share two or more terms besides counts, in order: only those can
    conflict (:func:`_about_one_thing`), and a story's claims mostly share fewer. Memory stays linear in the
    number of claims (one claim's partners counted at a time)."""
    terms = [{t for s in group.statements for t in s.terms if not t.startswith("#")} for group in groups]
    holding: dict[str, list[int]] = defaultdict(list)
    for i, own in enumerate(terms):
        for term in own:
            holding[term].append(i)
    for i, own in enumerate(terms):
        shared = Counter(j for term in own for j in holding[term] if j > i)
        yield from ((i, j) for j in sorted(shared) if shared[j] >= 2)


def conflict(a: Group, b: Group) -> tuple[set[str], set[str]] | None:
    """Two claims about one thing that say different things: a different count of the same
    unit, or opposite words (hit / missed), with at least two other terms in common.

    Returns what marks the conflict on each side (the words, or "#unit" for the counts), or None.
    """
    counts_a, counts_b = group_counts(a), group_counts(b)
    differing = {u for u in set(counts_a) & set(counts_b) if u and not compatible(counts_a[u], counts_b[u])}
    if differing and not _updates(a, b) and (_predicates(a) & _predicates(b)) - differing:
        units = {f"#{u}" for u in differing}
        # The statements giving the counts must be about one thing: a claim that grew large has a diluted
        # centroid, so its counting statements are compared one by one.
        pairs = ((a.statements[x], b.statements[y]) for x in carrying(a, units) for y in carrying(b, units))
        if any(_about_one_thing(x.terms, y.terms) and _counted_alike(x, y, differing) for x, y in pairs):
            return units, units
    if not _about_one_thing(a.centroid, b.centroid):
        return None
    words_a = {w for s in a.statements for w in asserted_words(s.span.text)}
    words_b = {w for s in b.statements for w in asserted_words(s.span.text)}
    if set(counts_a) & PEOPLE_EVENTS and set(counts_b) & PEOPLE_EVENTS:
        words_a, words_b = words_a - PEOPLE_EVENT_WORDS, words_b - PEOPLE_EVENT_WORDS  # "185 rescued", "16 dead"
    for left, right in ANTONYMS:  # one side says the first word and not the second, the other the second
        for first, second in ((left, right), (right, left)):
            says_left, says_right = (words_a, words_b) if first is left else (words_b, words_a)
            if says_left & left and says_right & right and not says_left & right:
                markers = words_a & first, words_b & second
                if _opposed(a, b, *markers):
                    return markers
    return None


def _opposed(a: Group, b: Group, words_a: set[str], words_b: set[str]) -> bool:
    """Some statement saying one word and some statement saying its opposite are about one thing, as the counting
    statements must be: "the spider survived for three days" / "the spider was dead when removed", not "the
    show was a global hit" / "Miss Smith, a student"."""
    pairs = ((a.statements[x], b.statements[y]) for x in carrying(a, words_a) for y in carrying(b, words_b))
    return any(_about_one_thing(x.terms, y.terms, OPPOSED_SIMILARITY) for x, y in pairs)


def _counted_alike(a: Statement, b: Statement, units: set[str]) -> bool:
    """Two counts of a unit tell of one thing when a word around them is the same ("killed seven leaders" /
    "three leaders were killed"; not "500 Britons fighting in Syria" / "two Britons suspected of the crime"),
    and two measures when they measure the same ("40 feet wide" / "19 feet deep" do not)."""
    for unit in units:
        mine, theirs = a.count_contexts.get(unit, frozenset()), b.count_contexts.get(unit, frozenset())
        dimensions = {w for w in mine | theirs if w.startswith(">")}
        if mine & theirs and (not dimensions or mine & theirs & dimensions):
            return True
    return False


def _about_one_thing(a: Counter, b: Counter, similarity: float = CONFLICT_SIMILARITY) -> bool:
    """At least two shared terms besides counts, and a cosine of at least ``similarity`` over them."""
    words = [t for t in set(a) & set(b) if not t.startswith("#")]
    if len(words) < 2:
        return False
    norm_a = math.sqrt(sum(v * v for v in a.values())) or 1.0
    norm_b = math.sqrt(sum(v * v for v in b.values())) or 1.0
    return sum(a[t] * b[t] for t in words) / (norm_a * norm_b) >= similarity


def _predicates(group: Group) -> set[str]:
    """Stems of the claim's common (lower-case) content words: what is said of the names, not the names.

    Two counts of one unit conflict only if something is said of both alike
    ("carrying 186" / "carrying more than 200"): "four vessels" in a fleet and
    "eight vessels" in a rescue are different things.
    """
    common = " ".join(w for s in group.statements for w in WORD.findall(s.span.text) if w[:1].islower())
    return {stem(w) for w in content_words(common)}


def _updates(a: Group, b: Group) -> bool:
    """One of the claims reports a count that changed ("the toll has risen to 16"): a later figure, not a dispute."""
    return any(words_of(s.span.text) & UPDATE_WORDS for s in a.statements + b.statements)


def group_counts(group: Group) -> dict[str, set[str]]:
    return counts_of(group.centroid)
