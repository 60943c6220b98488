"""Stories: articles reporting one event or claim, grouped incrementally.

Single-pass (online) clustering after Miranda, Znotiņš, Cohen and Barzdins
(2018), "Multilingual clustering of streaming news", EMNLP: each arriving
article is compared with the centroid of every candidate story and joins the
most similar one when the similarity clears a threshold; otherwise it starts a
new story. Similarity is the cosine of TF-IDF vectors (sublinear term
frequency; word stems; IDF from document frequencies counted as articles
arrive, so nothing is fitted up front), blended with the cosines of entity and
place vectors when the caller supplies them.

Two repairs for what single-pass clustering gets wrong by arriving order:

* IDF refresh: early articles are weighed with an IDF counted over few
  documents. Whenever the number of documents reaches a power of two, every
  member is re-weighed with the current IDF and the centroids rebuilt, so the
  total refresh work stays linear in the number of articles (amortised O(1)).
* Story merging: a story that started as two fragments is made whole when the
  article that just joined one brings it close to another: the grown story is
  compared with the article's other candidate stories by average link (mean
  cosine over member pairs, as in agglomerative clustering: Manning, Raghavan
  and Schütze (2008), Introduction to Information Retrieval, ch. 17), and the
  pair merges when it reaches ``merge_threshold``; the older story keeps its id.
  A story of one article among the candidates is also re-examined as that
  article would be on arrival: it joins the grown story when its similarity
  now clears the join ``threshold`` (the article came too early for a story
  that has since filled in: a re-homing step, bounded to the candidates at
  hand). The caller reads the merges from ``merges_`` (the store must move members).

When both the article and a story carry dates, a story whose span lies more than
``window_days`` away is no candidate, and stories whose span ended more than a
window before the latest date seen leave the candidate index (kept aside for
undated or late articles), and ``keep_days`` after that they leave memory: a
stream of any length holds the stories of a few weeks, not all it has seen
(their final records are handed over in ``forgotten_``). Candidates come from an inverted index over the
article's heaviest terms and at most ``MAX_CANDIDATES`` (those sharing most
term weight) are compared, so adding an article costs a bounded number of
centroid comparisons, not one per story.

Works on text alone: no dates, no outlets, no spaCy (plain tokenisation, stop
words, light suffix stripping).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..models import Analysis, Article, Story, StoryDoc

# Cosine a story's centroid must reach for an article to join it, and the
# average-link similarity two stories must reach to merge. Chosen together on
# one seeded half of the FNC-1 training stories (`python bench/stories_fnc1.py
# --tune`; median B-cubed F1 over 5 orders, joins 0.26/0.28/0.30/0.32/0.34,
# with one-article stories adopted): merge 0.18 -> 0.934/0.938/0.939/0.931/
# 0.928; 0.20 -> 0.940/0.941/0.940/0.933/0.933; 0.22 -> 0.941/0.949/0.946/
# 0.938/0.938; 0.24 -> 0.946/0.947/0.942/0.935/0.928; 0.26 -> 0.942/0.945/
# 0.938/0.932/0.926. Without adoption 0.28/0.22 reads 0.946 (0.941 at the
# former 0.30/0.22). Merging by centroid cosine instead of average link peaked
# lower (0.938 at 0.5). Adopting stories of up to two articles fell to 0.932.
# Names found in the text (capitalised words not opening a sentence, with their
# own IDF) were tried as a fourth space and did not help on this half: blended
# in the mean at weight 0.15/0.3/0.6 at best 0.934/0.934/0.929 (joins 0.30-0.42,
# merges 0.22-0.30), as a boost of name terms in the text vector (x1.5) 0.934,
# as an additive bonus of rare names only (df <= 1% of articles) 0.944/0.947
# against 0.944/0.950 without (3 orders): FNC-1 stories are claims, and claims
# about one person or company share the names. The other half checks.
THRESHOLD = 0.28
MERGE_THRESHOLD = 0.22
# Reports of one event rarely arrive more than a fortnight after the last one;
# a longer gap is usually a new event of the same kind (untuned: FNC-1 has no dates).
WINDOW_DAYS = 14.0
# Days a story that left the window stays in memory for late reports (an article dated
# inside its window that arrives after it expired: a crawl of an archive, a feed caught
# up); after that it is forgotten and a report later still starts a story of its own.
# A bound on memory: 100,000 articles over a year keep about 20,000 in memory.
KEEP_DAYS = 60.0
# The article's heaviest terms used to look up candidate stories: enough that
# the right story is almost always among them (recall of the lookup), few
# enough to keep common words out. Chosen on the tuning half: 20 and 40 score
# the same, 10 loses 0.003; 20 keeps the lookup cheaper.
QUERY_TERMS = 20
# Most candidate stories compared per article: those sharing most of the
# article's query-term weight. Bounds the cost per article as stories pile up;
# on FNC-1 the joined story is almost always among the first few. Chosen on the
# tuning half (3 orders): 5 -> 0.947, 10, 15 and 30 -> 0.949 (held half 0.936,
# 0.935, 0.934 with 10, 15, 30); 10 compares 11 stories per article where 30
# compared 28, and scoring candidates was what grew most with the corpus
# (bench/pipeline_scale.py).
MAX_CANDIDATES = 10
# The IDF refresh starts once this many documents are in (a power of two).
REFRESH_FROM = 16
# Weights of the entity and place cosines relative to the text cosine, used
# only when both the article and the story have such features. Modest and
# untuned: FNC-1 has no analysis, so text dominates.
ENTITY_WEIGHT = 0.3
PLACE_WEIGHT = 0.2
# Titles made from a leading sentence are cut at a word boundary near this length.
TITLE_CHARS = 120

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(\[]?[A-Z0-9])")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "according", "reported", "reports", "told"}
SPACES = ("text", "entities", "places")


def stem(word: str) -> str:
    """Light English suffix stripping: possessives and plurals ("missiles" -> "missile")."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Stems of the words of ``text`` that are not stop words or single characters.

    Word bigrams were tried and dropped: they lowered B-cubed F1 on the FNC-1
    tuning half (rarely shared, they dilute the cosine) and triple the vocabulary.
    """
    return [stem(w) for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1]


# The parts of an article's analysis story_doc reads (a store reads only these for linking).
STORY_PARTS = ("attributions", "places")


def story_doc(article: Article, analysis: Analysis | None = None) -> StoryDoc:
    """The clustering input for an article, with source keys and places from its analysis."""
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    if analysis is not None:
        entities = tuple(s.key for a in analysis.attributions for s in a.sources if s.type != "anonymous")
        places = tuple(p.name for p in analysis.places)
    return StoryDoc(article.external_id, article.text, article.title, article.published, entities, places)


def parse_day(published: str | None) -> float | None:
    """ISO 8601 date or date-time -> days since 0001-01-01 UTC (naive times read as UTC)."""
    if published is None:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        raise ValueError(f"published={published!r}: expected ISO 8601 ('2015-10-08' or with a time)") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.toordinal() + (moment.hour * 3600 + moment.minute * 60 + moment.second) / 86400


def lead_title(text: str) -> str:
    """The leading sentence of ``text``, cut at a word boundary near TITLE_CHARS."""
    first = SENTENCE_END.split(text.strip(), maxsplit=1)[0].split()
    title = ""
    for word in first:
        if len(title) + len(word) + 1 > TITLE_CHARS:
            return title + " …"
        title = f"{title} {word}" if title else word
    return title


@dataclass
class _Member:
    key: str
    story: int
    features: dict[str, Counter[str]] | None  # raw counts per space, re-weighed when the IDF is refreshed
    vectors: dict[str, dict[str, float]] | None  # None once compacted (see StoryClusterer._compact)
    title: str | None
    lead: str | None  # the text's leading sentence when there is no title (the text itself is not kept)
    published: str | None
    day: float | None
    centrality: float = 0.0  # its text cosine with the story's centroid when compacted


@dataclass
class _Cluster:
    id: int
    keys: list[str] = field(default_factory=list)
    centroids: dict[str, dict[str, float]] = field(default_factory=lambda: {s: {} for s in SPACES})
    squared_norms: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SPACES, 0.0))
    first: tuple[float, str] | None = None
    last: tuple[float, str] | None = None
    expired: bool = False  # out of the candidate index: its span ended a window before the latest date
    frozen: dict[str, dict[str, float]] = field(default_factory=lambda: {s: {} for s in SPACES})  # compacted sums


class StoryClusterer:
    """Online story clustering: each added article joins the most similar story or starts one.

    Parameters are stored as given (scikit-learn convention); learned state
    ends in an underscore. There is no randomness: the result depends only on
    the order articles arrive in.

    Args:
        threshold: cosine in (0, 1) a story must reach for an article to join it.
        merge_threshold: average-link similarity in (0, 1) two stories must reach
            to merge; None switches merging off.
        adopt: whether a one-article candidate story joins the story the article
            grew when it now clears ``threshold`` (only with merging on).
        window_days: largest gap in days between an article's date and a story's
            span for the article to join it; None switches the window off.
        keep_days: days a story that left the window stays in memory for late
            articles before it is forgotten (see ``forgotten_``); None keeps it.
        query_terms: how many of an article's heaviest terms look up candidate stories.
        entity_weight, place_weight: weights of the entity and place cosines
            against the text cosine (1), used when article and story both have them.
    """

    def __init__(
        self,
        threshold: float = THRESHOLD,
        window_days: float | None = WINDOW_DAYS,
        query_terms: int = QUERY_TERMS,
        entity_weight: float = ENTITY_WEIGHT,
        place_weight: float = PLACE_WEIGHT,
        merge_threshold: float | None = MERGE_THRESHOLD,
        adopt: bool = True,
        keep_days: float | None = KEEP_DAYS,
    ) -> None:
        self.threshold = threshold
        self.window_days = window_days
        self.query_terms = query_terms
        self.entity_weight = entity_weight
        self.place_weight = place_weight
        self.merge_threshold = merge_threshold
        self.adopt = adopt
        self.keep_days = keep_days

    # -- public API ---------------------------------------------------------

    def add(self, doc: StoryDoc, story: int | None = None) -> int:
        """Assign ``doc`` to a story and return the story's id.

        With ``story`` given, the article joins that story (created if new)
        without comparison: how stored assignments are replayed. Otherwise the
        story it joins may absorb other stories: see ``merges_``.
        """
        self._check()
        if doc.key in self.members_:
            raise ValueError(f"doc.key={doc.key!r} is already in story {self.members_[doc.key].story}")
        day = parse_day(doc.published)
        features, vectors = self._vectors(doc)
        if self.documents_ >= REFRESH_FROM and self.documents_ & (self.documents_ - 1) == 0:
            self._refresh()
            vectors = self._weigh(features)
        scores: dict[int, float] = {}
        if story is None:
            scores = self._scores(vectors, self._candidates(vectors, day))
            story = self._best_story(scores)
        if story is None:
            story = self.next_id_
        self.next_id_ = max(self.next_id_, story + 1)
        lead = None if doc.title else lead_title(doc.text)
        member = _Member(doc.key, story, features, vectors, doc.title, lead, doc.published, day)
        self._join(self.clusters_.setdefault(story, _Cluster(story)), member)
        if self.merge_threshold is not None and story in scores:
            # Only stories the article itself comes near can have been brought near by it: a bound on the work.
            bridged = [other for other, score in scores.items() if score >= self.merge_threshold]
            story = self._merge_around(story, bridged)
            if self.adopt:
                story = self._adopt(story, scores)
        if day is not None:
            self._expire(day)
        return story

    def add_many(self, docs: Iterable[StoryDoc]) -> list[int]:
        """``add`` each doc in turn; the story ids in the same order (an id may since have merged)."""
        return [self.add(doc) for doc in docs]

    def restore(self, assignments: Iterable[tuple[StoryDoc, int]]) -> StoryClusterer:
        """Replay stored (doc, story id) pairs, in joining order, so later adds continue them."""
        self._check()
        for doc, story in assignments:
            self.add(doc, story=story)
        return self

    def take_forgotten(self) -> list[Story]:
        """The stories forgotten since the last call (see ``keep_days``), as :meth:`stories` gave them then."""
        forgotten, self.forgotten_ = getattr(self, "forgotten_", []), []
        return forgotten

    def story_of(self, key: str) -> int | None:
        """The id of the story holding article ``key`` now, or None when it was never added or is forgotten."""
        member = getattr(self, "members_", {}).get(key)
        return member.story if member else None

    def stories(self) -> list[Story]:
        """All stories in memory by id, each titled after its most central member that has a title.

        When no member has a title, the most central member's leading sentence
        serves. The span runs from the earliest to the latest known publication date.
        """
        self._check()
        return [self._story(cluster) for _, cluster in sorted(self.clusters_.items())]

    # -- learned state --------------------------------------------------------

    def _check(self) -> None:
        """Validate parameters and create the learned state on first use."""
        if hasattr(self, "clusters_"):
            return
        if not 0 < self.threshold < 1:
            raise ValueError(f"threshold={self.threshold!r}: expected a cosine between 0 and 1 (exclusive)")
        if self.merge_threshold is not None and not 0 < self.merge_threshold < 1:
            raise ValueError(f"merge_threshold={self.merge_threshold!r}: expected a similarity in (0, 1), or None")
        for name in ("window_days", "keep_days"):
            if getattr(self, name) is not None and getattr(self, name) < 0:
                raise ValueError(f"{name}={getattr(self, name)!r}: expected days >= 0, or None for no bound")
        if self.query_terms < 1:
            raise ValueError(f"query_terms={self.query_terms!r}: expected a positive count")
        for name in ("entity_weight", "place_weight"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name}={getattr(self, name)!r}: expected a weight >= 0")
        self.clusters_: dict[int, _Cluster] = {}
        self.members_: dict[str, _Member] = {}
        self.document_frequencies_: dict[str, Counter[str]] = {s: Counter() for s in SPACES}
        # text or entity term -> story ids, for stories in the window, and for those that left it
        self.postings_: dict[str, set[int]] = defaultdict(set)
        self.expired_postings_: dict[str, set[int]] = defaultdict(set)
        self.endings_: list[tuple[float, int]] = []  # heap of (last day, story id), to expire stories
        self.aging_: list[tuple[float, str]] = []  # heap of (day, key) of members with vectors, to compact
        self.retiring_: list[tuple[float, int]] = []  # heap of (last day, story id) of expired stories, to forget
        self.forgotten_: list[Story] = []  # stories forgotten, until take_forgotten hands them over
        self.latest_day_: float | None = None  # the latest publication date seen
        self.documents_ = 0  # articles counted into the document frequencies
        self.next_id_ = 1
        self.comparisons_ = 0  # centroid comparisons so far: the cost the inverted index keeps down
        self.merges_: list[tuple[int, int]] = []  # (absorbed story id, id of the story absorbing it), in order

    def _idf(self, space: str, term: str) -> float:
        """Smoothed inverse document frequency, as scikit-learn's TfidfVectorizer computes it."""
        n = self.documents_
        return math.log((1 + n) / (1 + self.document_frequencies_[space][term])) + 1

    def _vectors(self, doc: StoryDoc) -> tuple[dict[str, Counter[str]], dict[str, dict[str, float]]]:
        """Count the doc's features into the document frequencies; the counts and unit TF-IDF vectors."""
        features = {
            "text": Counter(terms(f"{doc.title}\n{doc.text}" if doc.title else doc.text)),
            "entities": Counter(e.casefold() for e in doc.entities),
            "places": Counter(p.casefold() for p in doc.places),
        }
        self.documents_ += 1
        for space, counts in features.items():
            self.document_frequencies_[space].update(counts.keys())
        return features, self._weigh(features)

    def _weigh(self, features: dict[str, Counter[str]]) -> dict[str, dict[str, float]]:
        """Unit TF-IDF vector per space (sublinear term frequency, the IDF as it stands)."""
        vectors = {}
        for space, counts in features.items():
            weights = {t: (1.0 + math.log(c)) * self._idf(space, t) for t, c in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values()))
            vectors[space] = {t: w / norm for t, w in weights.items()} if norm else {}
        return vectors

    def _refresh(self) -> None:
        """Re-weigh every member with the current IDF and rebuild the story centroids."""
        for cluster in self.clusters_.values():
            cluster.centroids = {s: {} for s in SPACES}
            cluster.squared_norms = dict.fromkeys(SPACES, 0.0)
            self._add_vectors(cluster, cluster.frozen)  # compacted members keep the weights they had
            for key in cluster.keys:
                member = self.members_[key]
                if member.features is not None:
                    member.vectors = self._weigh(member.features)
                    self._add_vectors(cluster, member.vectors)

    @staticmethod
    def _cosine(vector: dict[str, float], centroid: dict[str, float], squared_norm: float) -> float:
        """Cosine between a unit vector and a centroid (sparse dicts) whose squared norm the story keeps up to date
        (summing it again would cost the centroid's length, which grows with a long-running story)."""
        dot = sum(w * centroid[t] for t, w in vector.items() if t in centroid)
        return dot / math.sqrt(squared_norm) if dot and squared_norm > 0 else 0.0

    def _weights(self) -> dict[str, float]:
        return {"text": 1.0, "entities": self.entity_weight, "places": self.place_weight}

    def similarity(self, vectors: dict[str, dict[str, float]], cluster: _Cluster) -> float:
        """Weighted mean of the text, entity and place cosines present on both sides."""
        total, weight = 0.0, 0.0
        for space, w in self._weights().items():
            if w and vectors[space] and cluster.centroids[space]:
                total += w * self._cosine(vectors[space], cluster.centroids[space], cluster.squared_norms[space])
                weight += w
        return total / weight if weight else 0.0

    def linkage(self, a: _Cluster, b: _Cluster) -> float:
        """Average link of two stories: the weighted mean, over spaces both have, of the mean member cosine.

        With unit member vectors the mean of the pairwise cosines is the dot
        product of the centroid sums over the product of the sizes.
        """
        total, weight = 0.0, 0.0
        for space, w in self._weights().items():
            ca, cb = a.centroids[space], b.centroids[space]
            if w and ca and cb:
                small, large = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
                total += w * sum(x * large[t] for t, x in small.items() if t in large) / (len(a.keys) * len(b.keys))
                weight += w
        return total / weight if weight else 0.0

    def _candidates(self, vectors: dict[str, dict[str, float]], day: float | None) -> list[int]:
        """Up to MAX_CANDIDATES stories in the window sharing most weight of the article's heaviest terms.

        Stories that left the window are looked up too for an undated article,
        or one dated before the latest date seen.
        """
        text = vectors["text"]
        heaviest = sorted(text, key=lambda t: text[t] * self._idf("text", t), reverse=True)[: self.query_terms]
        keys = [(t, text[t]) for t in heaviest] + [(f"entity:{e}", w) for e, w in vectors["entities"].items()]
        indexes = [self.postings_]
        if day is None or (self.latest_day_ is not None and day < self.latest_day_):
            indexes.append(self.expired_postings_)
        shared: Counter[int] = Counter()
        for index in indexes:
            for key, w in keys:
                for story in index.get(key, ()):
                    shared[story] += w
        found: list[int] = []
        for story, _ in shared.most_common():  # the window is checked until enough are found, not for every story
            if self._in_window(self.clusters_[story], day):
                found.append(story)
                if len(found) == MAX_CANDIDATES:
                    break
        return sorted(found)

    def _in_window(self, cluster: _Cluster, day: float | None) -> bool:
        if self.window_days is None or day is None or cluster.first is None or cluster.last is None:
            return True
        return cluster.first[0] - self.window_days <= day <= cluster.last[0] + self.window_days

    def _scores(self, vectors: dict[str, dict[str, float]], candidates: list[int]) -> dict[int, float]:
        """The article's similarity to each candidate story."""
        self.comparisons_ += len(candidates)
        return {story: self.similarity(vectors, self.clusters_[story]) for story in candidates}

    def _best_story(self, scores: dict[int, float]) -> int | None:
        """The most similar candidate story reaching the threshold (the newest on a tie), or None."""
        best, best_score = None, self.threshold
        for story, score in sorted(scores.items()):
            if score >= best_score:
                best, best_score = story, score
        return best

    def _merge_around(self, story: int, candidates: list[int]) -> int:
        """Merge the story that just grew with its most similar candidate while that reaches merge_threshold."""
        others = set(candidates) - {story}
        while others:
            cluster = self.clusters_[story]
            self.comparisons_ += len(others)
            score, other = max((self.linkage(cluster, self.clusters_[o]), -o) for o in others)
            if score < self.merge_threshold:
                break
            others.discard(-other)
            story = self._merge(story, -other)
        return story

    def _adopt(self, story: int, candidates: Iterable[int]) -> int:
        """Fold each one-article candidate story whose article now clears the join threshold into ``story``."""
        for other in sorted(candidates):
            single = self.clusters_.get(other)
            if other == story or single is None or len(single.keys) != 1:
                continue  # the story itself, merged away already, or more than one article
            member = self.members_[single.keys[0]]
            grown = self.clusters_[story]
            self.comparisons_ += 1
            if member.vectors is None or not self._in_window(grown, member.day):
                continue
            if self.similarity(member.vectors, grown) >= self.threshold:
                story = self._merge(story, other)
        return story

    def _merge(self, a: int, b: int) -> int:
        """Fold the younger (higher id) of stories a and b into the older; the surviving id."""
        keep, gone = self.clusters_[min(a, b)], self.clusters_.pop(max(a, b))
        self._index(keep, add=False)
        self._index(gone, add=False)
        self._add_vectors(keep, gone.centroids)
        for space, sums in gone.frozen.items():
            for t, w in sums.items():
                keep.frozen[space][t] = keep.frozen[space].get(t, 0.0) + w
        for key in gone.keys:
            self.members_[key].story = keep.id
        keep.keys.extend(gone.keys)
        for bound in (gone.first, gone.last):
            if bound is not None:
                self._stretch(keep, bound)
        keep.expired = keep.expired and gone.expired
        if keep.last is not None:  # an expired story revived by the merge must be able to leave again
            heapq.heappush(self.endings_, (keep.last[0], keep.id))
        self._index(keep)
        self.merges_.append((gone.id, keep.id))
        return keep.id

    def _index(self, cluster: _Cluster, *, add: bool = True) -> None:
        """Enter a story's text terms and entities in its index (live or expired), or take them out."""
        index = self.expired_postings_ if cluster.expired else self.postings_
        keys = [*cluster.centroids["text"], *(f"entity:{e}" for e in cluster.centroids["entities"])]
        for key in keys:
            if add:
                index[key].add(cluster.id)
            else:
                index[key].discard(cluster.id)

    def _expire(self, day: float) -> None:
        """Move stories whose span ended more than a window before the latest date out of the live index."""
        if self.latest_day_ is None or day > self.latest_day_:
            self.latest_day_ = day
        if self.window_days is None:
            return
        self._compact()
        while self.endings_ and self.endings_[0][0] < self.latest_day_ - self.window_days:
            last, story = heapq.heappop(self.endings_)
            cluster = self.clusters_.get(story)
            if cluster is None or cluster.expired or cluster.last is None or cluster.last[0] != last:
                continue  # merged away, or its span has grown since (a newer entry stands for it)
            self._index(cluster, add=False)
            cluster.expired = True
            self._index(cluster)
            heapq.heappush(self.retiring_, (last, story))
        if self.keep_days is None:
            return
        while self.retiring_ and self.retiring_[0][0] < self.latest_day_ - self.window_days - self.keep_days:
            last, story = heapq.heappop(self.retiring_)
            cluster = self.clusters_.get(story)
            if cluster is None or not cluster.expired or cluster.last is None or cluster.last[0] != last:
                continue  # merged away, revived by a late article, or grown since
            self._forget(cluster)

    def _compact(self) -> None:
        """Drop the term counts and vectors of members a window older than the latest date, in stories of more
        than one article: no article is compared with them any more (a story is, through its centroid, which
        keeps their sums), so a story that runs for months holds a few numbers per old member, not its words.
        A refresh of the IDF leaves their share of the centroid as it was."""
        while self.aging_ and self.aging_[0][0] < self.latest_day_ - self.window_days:
            _, key = heapq.heappop(self.aging_)
            member = self.members_.get(key)
            cluster = self.clusters_.get(member.story) if member is not None else None
            if cluster is None or member.vectors is None or len(cluster.keys) < 2:
                continue  # forgotten, compacted, or alone in its story (it may yet be adopted by another)
            member.centrality = self._centrality(member, cluster)
            for space, vector in member.vectors.items():
                sums = cluster.frozen[space]
                for t, w in vector.items():
                    sums[t] = sums.get(t, 0.0) + w
            member.features = member.vectors = None

    def _centrality(self, member: _Member, cluster: _Cluster) -> float:
        if member.vectors is None:
            return member.centrality
        return self._cosine(member.vectors["text"], cluster.centroids["text"], cluster.squared_norms["text"])

    def _forget(self, cluster: _Cluster) -> None:
        """Take an expired story out of memory, its final record kept in ``forgotten_``."""
        self.forgotten_.append(self._story(cluster))
        self._index(cluster, add=False)
        for key in cluster.keys:
            del self.members_[key]
        del self.clusters_[cluster.id]

    def _stretch(self, cluster: _Cluster, bound: tuple[float, str]) -> None:
        """Widen a story's span to include a dated member or span end."""
        if cluster.first is None or bound[0] < cluster.first[0]:
            cluster.first = bound
        if cluster.last is None or bound[0] > cluster.last[0]:
            cluster.last = bound
            heapq.heappush(self.endings_, (bound[0], cluster.id))

    def _join(self, cluster: _Cluster, member: _Member) -> None:
        """Add a member to a story: centroid sums, index entries, span."""
        self.members_[member.key] = member
        cluster.keys.append(member.key)
        self._add_vectors(cluster, member.vectors)
        if cluster.expired:  # a late article revives the story: back to the live index
            self._index(cluster, add=False)
            cluster.expired = False
            self._index(cluster)
            heapq.heappush(self.endings_, (cluster.last[0], cluster.id))  # to leave it again
        for t in member.vectors["text"]:
            self.postings_[t].add(cluster.id)
        for e in member.vectors["entities"]:
            self.postings_[f"entity:{e}"].add(cluster.id)
        if member.day is not None:
            self._stretch(cluster, (member.day, member.published))
            heapq.heappush(self.aging_, (member.day, member.key))

    @staticmethod
    def _add_vectors(cluster: _Cluster, vectors: dict[str, dict[str, float]]) -> None:
        """Add vectors (a member's, or another story's centroid sums) to a story's centroid sums."""
        for space, vector in vectors.items():
            centroid = cluster.centroids[space]
            # |C + v|^2 = |C|^2 + 2 C.v + |v|^2: the norm follows the centroid in O(len(v))
            dot = sum(w * centroid[t] for t, w in vector.items() if t in centroid)
            cluster.squared_norms[space] += 2 * dot + sum(w * w for w in vector.values())
            for t, w in vector.items():
                centroid[t] = centroid.get(t, 0.0) + w

    def _story(self, cluster: _Cluster) -> Story:
        members = [self.members_[k] for k in cluster.keys]
        central = sorted(members, key=lambda m: -self._centrality(m, cluster))
        titled = [m for m in central if m.title]
        title = titled[0].title if titled else central[0].lead
        return Story(
            id=cluster.id,
            title=title,
            articles=list(cluster.keys),
            first_published=cluster.first[1] if cluster.first else None,
            last_published=cluster.last[1] if cluster.last else None,
        )
