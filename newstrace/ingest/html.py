"""HTML pages to articles: main text and metadata through trafilatura, dates via htmldate."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache

import htmldate
import trafilatura

from ..errors import BadInput
from ..models import GUESSED_DATE_METHOD
from .meta import document_locale, is_web_url, iso_date, language_code, split_authors
from .text import check_not_binary, drop_leading_title, normalize_text, word_count

logger = logging.getLogger(__name__)

# Fewer words than this after extraction and the page is not an article (an index
# page, a 404, a cookie wall); it is stored with a skipped_reason.
MIN_HTML_WORDS = 10
# Bound on the parsed tree trafilatura works on, and on its time per page (seconds),
# so a hostile page cannot make extraction run for minutes.
MAX_TREE_SIZE = 60_000
EXTRACTION_TIMEOUT = 20
# Characters of main text trafilatura must find before it tries its fallback extractors (see _trafilatura_config).
MIN_EXTRACTED_CHARS = 100
# trafilatura's own date search: metadata only (precise); htmldate's extensive
# search runs after it as the fallback.
DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
LANG_ATTRIBUTE = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)
OG_LOCALE = re.compile(
    rb"<meta\b[^>]*?\bproperty\s*=\s*[\"']og:locale[\"'][^>]*?\bcontent\s*=\s*[\"']?([A-Za-z_-]+)", re.I
)
HOST_NAME = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|p|div|article|title|meta)\b", re.IGNORECASE)
# The comment a browser writes at the top of a page it saves: the page's address when it links no canonical one.
SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
# Bytes at the top of a page searched for that comment (browsers write it first or just after the doctype).
SAVED_FROM_BYTES = 4096


@dataclass
class ExtractedPage:
    """What one HTML page yields before it becomes an Article."""

    text: str
    method: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    skipped_reason: str | None = None


def extract_page(raw: bytes | str, url: str | None = None) -> ExtractedPage:
    """Main text and metadata of one page.

    Raises :class:`BadInput` for input that is not HTML at all; a page that is
    HTML but holds no article comes back with ``skipped_reason`` set.
    """
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    check_not_binary(data)
    if not MARKUP.search(data[:65536]):
        raise BadInput("not HTML: no markup found")
    try:
        document = _extraction(data, url)
        if document is None or not (document.text or "").strip():
            # libxml2 stops at 256 levels of nesting and at 10 MB in one attribute or text node unless told
            # otherwise: a page past those limits is parsed again without them (its size is already capped).
            huge = _huge_tree(data)
            document = (_extraction(huge, url) if huge is not None else None) or document
    except (ValueError, TypeError) as exc:  # lxml rejects some malformed documents
        raise BadInput(f"malformed HTML ({exc})") from exc
    if document is None:
        return ExtractedPage("", "trafilatura", url=url, skipped_reason="no article text found")
    title = normalize_text(document.title or "") or None
    text = drop_leading_title(normalize_text(document.text or "", line_per_paragraph=True), title)
    method = "trafilatura"
    # The page's own metadata, read by newstrace's one rule for dates (see settings.DATE_ORDERS), is preferred
    # to the extractor's reading of it; the extractor's date stands when the metadata names none.
    with document_locale(_page_locale(data)):
        published = _meta_published(data) or iso_date(document.date)
    if published is None:
        published = iso_date(_fallback_date(data, url))
        method = f"{method}{GUESSED_DATE_METHOD}" if published else method
    page = ExtractedPage(
        text=text,
        method=method,
        title=title,
        url=document.url or url or _saved_from(data),
        outlet=_site_name(document.sitename) or _title_suffix(data, title),
        published=published,
        authors=split_authors(document.author),
        language=_page_language(data) or language_code(document.language),
    )
    words = word_count(text)
    if words < MIN_HTML_WORDS:
        page.skipped_reason = f"too little text for an article ({words} words)"
    return page


def _extraction(data, url: str | None):
    return trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        deduplicate=False,
        date_extraction_params=DATE_PARAMS,
        config=_trafilatura_config(),
    )


def _huge_tree(data: bytes):
    """The page parsed by lxml with libxml2's depth and size limits lifted; None if it cannot be parsed."""
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(huge_tree=True, remove_comments=True))
    except (ValueError, lxml.etree.LxmlError):
        return None


# Metadata that states the publication time to the second, most trusted first.
PUBLISHED_XPATHS = (
    '//meta[@property="article:published_time" or @name="article:published_time"]/@content',
    '//meta[@property="og:article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//meta[@name="pubdate" or @name="publishdate" or @name="DC.date.issued" or @name="dcterms.created"]/@content',
)
JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def _meta_published(data: bytes) -> str | None:
    """The publication time stated in the page's metadata, to the second, if any."""
    import lxml.html

    try:
        root = lxml.html.fromstring(data[:200_000])
    except (ValueError, lxml.etree.ParserError):
        return None
    for xpath in PUBLISHED_XPATHS:
        for value in root.xpath(xpath):
            if moment := iso_date(value):
                return moment
    for script in root.xpath('//script[@type="application/ld+json"]/text()'):
        if (match := JSON_LD_PUBLISHED.search(script)) and (moment := iso_date(match.group(1))):
            return moment
    return None


@cache
def _trafilatura_config():
    config = trafilatura.settings.use_config()
    config.set("DEFAULT", "max_tree_size", str(MAX_TREE_SIZE))
    config.set("DEFAULT", "extraction_timeout", str(EXTRACTION_TIMEOUT))
    config.set("DEFAULT", "max_file_size", str(2**40))  # our own --max-bytes cap applies before
    # Below this many characters trafilatura falls back to other extractors, which run a short article's
    # headline, byline, captions and paywall prompt into one line (bench/extraction.py: at its default of 250,
    # text similarity mean 95.3 and lowest 61.6; at 100, 99.3 and 86.1).
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_EXTRACTED_CHARS))
    return config


def _saved_from(data: bytes) -> str | None:
    """The address in the browser's ``<!-- saved from url=(0042)https://... -->`` comment, if it is a web URL."""
    match = SAVED_FROM.search(data[:SAVED_FROM_BYTES])
    url = match.group(1).decode("utf-8", errors="replace") if match else None
    return url if is_web_url(url) else None


def _site_name(name: str | None) -> str | None:
    """The site's stated name; None when the extractor only echoed a host name."""
    if not name or HOST_NAME.fullmatch(name.strip()):
        return None  # the caller falls back to the URL's registered domain
    return name.strip()


# A page title's suffix naming the site: "Narva bridge to close — Narva Herald".
TITLE_SUFFIX = re.compile(rb"<title[^>]*>([^<]{1,300})</title>", re.IGNORECASE)
TITLE_SEPARATORS = (" | ", " — ", " – ", " - ")


def _title_suffix(data: bytes, title: str | None) -> str | None:
    """The site's name as the page's <title> ends with it, after a separator, when the page states no site
    name: two to five capitalised words that are not the article's own title."""
    match = TITLE_SUFFIX.search(data[:65536])
    if match is None:
        return None
    full = normalize_text(match.group(1).decode("utf-8", errors="replace"))
    for separator in TITLE_SEPARATORS:
        head, found, suffix = full.rpartition(separator)
        words = suffix.split()
        if found and head and 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and suffix != title:
            return suffix.strip()
    return None


def _fallback_date(data: bytes, url: str | None) -> str | None:
    try:
        return htmldate.find_date(
            data,
            url=url,
            extensive_search=True,
            original_date=True,
            outputformat=DATE_PARAMS["outputformat"],
        )
    except (ValueError, TypeError) as exc:
        logger.debug("htmldate failed: %s", exc)
        return None


def _page_language(data: bytes) -> str | None:
    return language_code(_page_locale(data))


def _page_locale(data: bytes) -> str | None:
    """The locale a page says it is written in: its ``<html lang>``, else its ``og:locale`` ("en_GB")."""
    match = LANG_ATTRIBUTE.search(data[:16384]) or OG_LOCALE.search(data[:65536])
    return match.group(1).decode("ascii") if match else None


# Elements that end a paragraph when an HTML fragment is flattened to text.
BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed entry's content), one paragraph per block."""
    import lxml.html

    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return normalize_text(fragment)
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return normalize_text(root.text_content(), line_per_paragraph=True)
