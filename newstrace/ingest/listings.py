"""What a watched source lists (``newstrace watch``): the pages of an RSS/Atom feed or a sitemap, the sitemaps of a
sitemap index, the feeds of an OPML file or of a file listing sources, and which listed pages to fetch.

Functions over bytes and lists; nothing here opens a connection. The watcher (:mod:`newstrace.watch`) fetches every
feed, sitemap and page through the Fetcher, so each request is polite and address-checked.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from ..errors import BadInput
from ..models import IngestFailure
from .archives import clip_message, feed_entries
from .meta import iso_date
from .urls import WEB_SCHEMES, is_url, url_list

# Sitemaps and OPML are parsed with no entity expanded, no DTD loaded and nothing fetched (XXE, billion laughs).
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
# Root elements of a sitemap index and of a sitemap (sitemaps.org), and of an OPML file, without namespaces.
SITEMAP_INDEX, SITEMAP, OPML = "sitemapindex", "urlset", "opml"
# Bytes at the start of a body or file looked at to tell a sitemap or OPML from a feed or a plain list.
SNIFF_BYTES = 4096
# Largest sitemap unpacked from a gzipped one (sitemap.xml.gz): sitemaps.org's own limit, 50 MB uncompressed.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Listed:
    """One page (or sitemap) a source lists: its URL, and the date the source gives it (ISO 8601) if any."""

    url: str
    date: str | None = None


@dataclass(frozen=True)
class Listing:
    """What one feed or sitemap lists: pages and, for a sitemap index, the sitemaps to read next."""

    pages: list[Listed] = field(default_factory=list)
    sitemaps: list[Listed] = field(default_factory=list)


@dataclass(frozen=True)
class Chosen:
    """The listed pages a round fetches (newest first), and how many of each source's it passes over."""

    pages: list[Listed]
    source_of: dict[str, str]  # page URL -> the source that listed it first
    old: dict[str, int]  # source -> pages dated before --since
    later: dict[str, int]  # source -> new pages left for the next round by --max


def listing(body: bytes, url: str) -> Listing:
    """The pages (or sitemaps) a fetched feed, sitemap or sitemap index at ``url`` lists, with their dates; only
    http(s) links, made absolute; a gzipped sitemap is unpacked first. Raises :class:`BadInput` when it is
    neither a feed nor a sitemap."""
    body = _gunzipped(body) if body.startswith(GZIP_MAGIC) else body
    if _looks_like(body, SITEMAP_INDEX, SITEMAP):
        return sitemap_listing(_xml_root(body, "sitemap"), url)
    try:
        _, entries = feed_entries(body)
    except BadInput:
        if _empty_feed(body):
            return Listing(pages=[])  # a feed with nothing in it yet lists nothing; it has not failed
        raise
    return Listing(pages=_web_only(((entry["url"], entry["published"]) for entry in entries if entry["url"]), url))


def _empty_feed(body: bytes) -> bool:
    """Is ``body`` a well-formed RSS or Atom feed with no entries?"""
    try:
        root = etree.fromstring(body, SAFE_XML)
    except etree.XMLSyntaxError:
        return False
    if root is None:
        return False
    name = etree.QName(root).localname.lower()
    return (name == "rss" and root.find("channel") is not None) or name == "feed"


def _gunzipped(body: bytes) -> bytes:
    """A gzipped listing unpacked, refused past MAX_SITEMAP_BYTES before more is unpacked."""
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        unpacked = inflater.decompress(body, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise BadInput(f"damaged gzip data ({exc})") from exc
    if len(unpacked) > MAX_SITEMAP_BYTES:
        raise BadInput(f"a gzipped sitemap unpacks past {MAX_SITEMAP_BYTES // 2**20} MB, sitemaps.org's limit")
    return unpacked


def sitemap_listing(root: etree._Element, url: str) -> Listing:
    """The pages of a sitemap (``<urlset>``: each ``<loc>``, dated by its Google News publication date, else its
    ``<lastmod>``) or the sitemaps of a sitemap index."""
    kind = _local_name(root)
    if kind not in (SITEMAP_INDEX, SITEMAP):
        raise BadInput(f"not a sitemap: its root element is <{kind}>")
    items = []
    for element in root:
        fields = {_local_name(child): (child.text or "").strip() for child in element}  # not an image's <loc>
        news_date = next((d.text for d in element.iter() if _local_name(d) == "publication_date"), None)
        if fields.get("loc"):
            items.append((fields["loc"], (news_date or "").strip() or fields.get("lastmod")))
    listed = _web_only(items, url)
    return Listing(sitemaps=listed) if kind == SITEMAP_INDEX else Listing(pages=listed)


def opml_feeds(body: bytes) -> list[str]:
    """The feed URLs (``xmlUrl``) of an OPML file's outlines, nested ones too. Raises :class:`BadInput`."""
    root = _xml_root(body, "OPML")
    if _local_name(root) != OPML:
        raise BadInput(f"not an OPML file: its root element is <{_local_name(root)}>")
    outlines = (element for element in root.iter() if _local_name(element) == "outline")
    found = (outline.get("xmlUrl") or outline.get("xmlurl") for outline in outlines)
    return list(dict.fromkeys(url.strip() for url in found if url and url.strip()))


def source_urls(arg: str, max_bytes: int) -> Iterator[str | IngestFailure]:
    """The URLs a SOURCE argument stands for: itself when it is a URL, the feeds of an OPML file, or the URLs of
    a file listing one per line; a file that cannot be read is one failure naming it."""
    if is_url(arg):
        yield arg
        return
    try:
        with open(arg, "rb") as stream:
            body = stream.read(max_bytes + 1)
    except OSError as exc:
        yield IngestFailure(arg, f"cannot read it ({exc.strerror or exc})")
        return
    if len(body) > max_bytes:
        yield IngestFailure(arg, "over the --max-bytes cap")
    elif _looks_like(body, OPML):
        try:
            yield from opml_feeds(body)
        except BadInput as exc:
            yield IngestFailure(arg, exc.reason)
    else:
        yield from url_list(arg)


def is_before(listed_date: str | None, since: str | None) -> bool:
    """Is a page dated before the day ``since`` (both ISO 8601, compared by day)? An undated page never is."""
    return bool(since and listed_date and listed_date[:10] < since[:10])


def choose_pages(
    listings: dict[str, list[Listed]], fetched_before: set[str], since: str | None, limit: int | None
) -> Chosen:
    """The pages to fetch of each source's listing: those never fetched before (a page two sources list counts for
    the first), not dated before ``since``; newest first (undated last), at most ``limit``."""
    source_of: dict[str, str] = {}
    old = dict.fromkeys(listings, 0)
    candidates: list[Listed] = []
    for source, pages in listings.items():
        for page in pages:
            if page.url in fetched_before or page.url in source_of:
                continue
            source_of[page.url] = source
            if is_before(page.date, since):
                old[source] += 1
            else:
                candidates.append(page)
    candidates.sort(key=lambda page: page.date or "", reverse=True)  # stable: undated pages keep their order
    chosen = candidates if limit is None else candidates[:limit]
    later = dict.fromkeys(listings, 0)
    for page in candidates[len(chosen) :]:
        later[source_of[page.url]] += 1
    return Chosen(chosen, source_of, old, later)


def _web_only(items: Iterable[tuple[str, str | None]], base: str) -> list[Listed]:
    """(link, date) pairs as Listed pages, links made absolute against ``base``, only http(s) ones, once each."""
    listed: dict[str, Listed] = {}
    for link, when in items:
        url = urljoin(base, link.strip())
        if urlsplit(url).scheme.lower() in WEB_SCHEMES and url not in listed:
            listed[url] = Listed(url, iso_date(when) if when else None)
    return list(listed.values())


def _looks_like(body: bytes, *roots: str) -> bool:
    head = body[:SNIFF_BYTES].lower()
    return any(f"<{root}".encode() in head for root in roots)


def _xml_root(body: bytes, what: str) -> etree._Element:
    try:
        root = etree.fromstring(body, SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise BadInput(f"not a readable {what} ({clip_message(exc)})") from exc
    if root is None:
        raise BadInput(f"not a readable {what} (empty)")
    return root


def _local_name(element: etree._Element) -> str:
    """An element's tag without its namespace ("" for comments and processing instructions)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
