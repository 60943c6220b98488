"""Origin counting rules on hand-made mentions: own voice of unknown outlets, published statements, unnamed sources.

Mentions and sources are built by hand (as the earlier stages give them), so these tests need no language model.
"""

from __future__ import annotations

from collections import Counter

from newstrace.assess.entities import name_key, resolve_entities
from newstrace.assess.origins import merged_anonymous, origin_of
from newstrace.assess.statements import Statement
from newstrace.assess.status import count_and_judge, origin_names
from newstrace.assess.trail import describe_origin
from newstrace.models import Article, Claim, ClaimMention, Origin, Source, TextSpan

SPAN = TextSpan(0, 10, "The statem")


def own_voice(article: str, outlet: str | None, published: str) -> ClaimMention:
    return ClaimMention(
        article, SPAN, SPAN, "supports", outlet=outlet, published=published, origin=_own(article, outlet)
    )


def _own(article: str, outlet: str | None) -> str:
    return f"outlet:{name_key(outlet)}" if outlet else f"article:{article}"


def judged(mentions: list[ClaimMention]) -> Claim:
    claim = Claim(id=1, story=1, text="A claim.", status="unverified", mentions=mentions)
    count_and_judge(claim, [], {}, resolve_entities([]))
    return claim


def test_articles_of_unknown_outlets_stating_a_claim_in_their_own_voice_count_once():
    claim = judged([own_voice(f"a{i}", None, f"2015-10-0{i + 1}T10:00:00") for i in range(3)])
    assert claim.supporting == 1 and claim.status == "single_source"
    assert [m.collapsed is None for m in claim.mentions] == [True, False, False]


def test_beside_a_named_outlet_articles_of_unknown_outlets_add_no_origin():
    mentions = [own_voice("a1", None, "2015-10-01T10:00:00"), own_voice("wsj", "Wall Street Journal", "2015-10-02")]
    mentions.append(own_voice("ft", "Financial Times", "2015-10-03"))
    claim = judged(mentions)
    assert claim.supporting == 2
    assert {o.name for o in claim.origins["supporting"]} == {
        "Wall Street Journal (own reporting)",
        "Financial Times (own reporting)",
    }


def _statement(article: str, outlet: str | None, source: Source) -> Statement:
    text = "The statement said four people died."
    return Statement(
        Article(article, text, f"{article}.txt", "text", "0", outlet=outlet),
        SPAN,
        SPAN,
        0,
        (source,),
        "supports",
        Counter(),
        voice="attributed",
    )


def test_the_statement_a_story_reports_counts_for_the_author_the_story_names():
    statement = Source("The statement", "statement", "document")
    named = Source("A statement attributed to the Islamic State group", "x", "document")
    entities = resolve_entities([("a", statement), ("b", named)])
    origin = origin_of(_statement("a", "Outlet A", statement), {}, entities)[0]
    assert origin == "organisation:islamic state"
    alone = resolve_entities([("a", statement)])
    other = Source("the statement", "statement", "document")
    assert origin_of(_statement("a", "Outlet A", statement), {}, alone)[0] == "document:statement@story"
    assert origin_of(_statement("c", "Outlet C", other), {}, resolve_entities([("c", other)]))[0] == (
        "document:statement@story"
    )


def test_an_outlet_named_by_a_word_that_is_also_a_published_kind_is_that_outlet():
    """In "the Post reported", the Post is the New York Post its article named, not a post the story reports."""
    full, short = Source("New York Post", "new york post", "news_outlet"), Source("Post", "post", "news_outlet")
    entities = resolve_entities([("a", full), ("a", short)])
    assert origin_of(_statement("a", "Outlet A", short), {}, entities)[0] == "outlet:new york post"
    post = Source("the post", "post", "document")  # a post no one is named for
    assert origin_of(_statement("b", "Outlet B", post), {}, resolve_entities([("b", post)]))[0] != "outlet:post"


def test_unnamed_sources_of_an_article_of_no_known_outlet_are_those_the_one_named_outlet_heard():
    def unnamed(article: str, origin: str) -> ClaimMention:
        return ClaimMention(article, SPAN, SPAN, "supports", origin=origin)

    merged = merged_anonymous([unnamed("r", "anonymous:@outlet:reuters"), unnamed("x", "anonymous:@article:x")])
    assert {m.origin for m in merged} == {"anonymous:@outlet:reuters"}
    two_outlets = [unnamed("r", "anonymous:@outlet:reuters"), unnamed("a", "anonymous:@outlet:ap")]
    kept = merged_anonymous([*two_outlets, unnamed("x", "anonymous:@article:x")])
    assert len({m.origin for m in kept}) == 3


def test_an_outlet_cited_for_a_claim_and_the_unnamed_sources_it_heard_are_one_origin():
    def mention(article: str, origin: str) -> ClaimMention:
        return ClaimMention(article, SPAN, SPAN, "supports", origin=origin)

    cited = mention("b", "outlet:wall street journal")  # "the Wall Street Journal reported"
    heard = mention("w", "anonymous:@outlet:wall street journal")  # "people familiar with the plans", in the Journal
    other = mention("c", "outlet:cnbc")
    merged = merged_anonymous([cited, heard, other])
    assert [m.origin for m in merged] == ["anonymous:@outlet:wall street journal"] * 2 + ["outlet:cnbc"]
    assert merged_anonymous([cited, other]) == [cited, other]  # no unnamed sources heard: the outlet's own report


def test_a_copy_of_an_outlets_reporting_is_named_for_that_outlet_not_the_copier():
    def own_voice(article: str, outlet: str) -> ClaimMention:
        return ClaimMention(article, SPAN, SPAN, "denies", outlet=outlet, origin="outlet:deepdotweb")

    copy = own_voice("ars", "Ars Technica")  # Ars Technica's passage copied from DeepDotWeb's article
    entities = resolve_entities([])
    assert origin_names([copy, own_voice("ddw", "DeepDotWeb")], entities) == {
        "outlet:deepdotweb": "DeepDotWeb (own reporting)"
    }
    assert origin_names([copy], entities) == {"outlet:deepdotweb": "Deepdotweb (own reporting)"}


def test_an_outlets_own_reporting_is_not_named_again_as_its_entity_or_its_relay():
    reuters = ClaimMention("r", SPAN, SPAN, "supports", outlet="Reuters", origin="outlet:reuters")
    origin = Origin("outlet:reuters", "Reuters (own reporting)", ("Reuters",), ("r",))
    assert describe_origin(origin, [reuters]) == "Reuters (own reporting)"
    relayed = ClaimMention("y", SPAN, SPAN, "supports", outlet="Yahoo News", origin="outlet:reuters")
    assert describe_origin(origin, [reuters, relayed]) == "Reuters (own reporting), via Reuters and Yahoo News"


def test_an_origin_first_met_as_an_own_voice_relay_is_named_as_its_entity():
    lill = Source("Kertu Lill", "kertu lill", "person")
    entities = resolve_entities([("quoted", lill)])
    origin = entities.entity("quoted", lill).principal
    relay = ClaimMention("retold", SPAN, SPAN, "supports", origin=origin, collapsed="relay of Kertu Lill")
    quoted = ClaimMention("quoted", SPAN, SPAN, "supports", chain=(lill,), origin=origin, entity=origin)
    assert origin_names([relay, quoted], entities) == {origin: "Kertu Lill"}


def test_documents_are_named_as_a_source_named_them_and_not_listed_again():
    origin_key = "document:documents@baltic courier"
    own = ClaimMention("retold", SPAN, SPAN, "supports", outlet="Baltic Courier", origin=origin_key)
    documents = Source("internal company documents", "internal company documents", "document")
    cited = ClaimMention("cited", SPAN, SPAN, "supports", chain=(documents,), origin=origin_key)
    name = origin_names([own, cited], resolve_entities([]))[origin_key]
    assert name == "internal company documents (as seen by Baltic Courier)"
    origin = Origin(origin_key, name, ("internal company documents", "internal documents"), ("retold", "cited"))
    assert describe_origin(origin, [own]) == f"{name} (internal documents), via Baltic Courier"
