"""Metadata clean-up: URLs, outlets, dates and authors into one shape."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import courlan
import tldextract

from ..settings import AUTO_DATE_ORDER, DATE_ORDERS, DEFAULT_DATE_ORDER

# Query parameters that track the reader and never change the article.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|cmpid|ocid|ns_\w+|_ga|ref|ref_src|smid|sr_share)$",
    re.IGNORECASE,
)
# Separators between names in an author field ("A; B", "A | B", "A and B").
AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|\||\band\b|&)\s*")
# Prefixes that bylines carry and names do not.
BYLINE_PREFIX = re.compile(r"^(?:by|written by|from)\s+", re.IGNORECASE)


@cache
def _domain_extractor() -> tldextract.TLDExtract:
    # The public-suffix snapshot that ships with tldextract: never fetch a fresh list.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str | None) -> str | None:
    """``https://www.foxnews.com/world/x`` -> ``foxnews.com``; None when there is no host."""
    if not url:
        return None
    parts = _domain_extractor()(url)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}".lower()
    return parts.domain.lower() or None


def url_key(url: str | None) -> str | None:
    """A URL reduced to what identifies the article: versions of one page share it.

    Scheme, ``www.``, fragment, trailing slash and tracking parameters are dropped;
    the remaining query parameters are sorted.
    """
    if not url or not url.strip():
        return None
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    try:
        url = courlan.normalize_url(url)
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if not TRACKING_PARAMS.match(k))
    path = parts.path.rstrip("/")
    return urlunsplit(("", host, path, urlencode(query), "")).removeprefix("//")


def is_web_url(url: str | None) -> bool:
    return bool(url) and urlsplit(url.strip()).scheme.lower() in ("http", "https")


_date_order: ContextVar[str] = ContextVar("date_order", default=DEFAULT_DATE_ORDER)
_locale: ContextVar[str | None] = ContextVar("locale", default=None)
# The order a document's ambiguous numeric dates are read in when its locale is unknown (see settings.DATE_ORDERS).
UNKNOWN_LOCALE_ORDER = "MDY"
# Where numeric dates are written month first (CLDR's short date patterns): the United States and the few
# places that follow it; everywhere else writes the day first, except the languages that write the year first.
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"})
YEAR_FIRST_LANGUAGES = frozenset({"zh", "ja", "ko", "hu", "lt", "mn", "eu", "si"})
LOCALE_PARTS = re.compile(r"^([a-z]{2,3})(?:[-_](?:[a-z]{4}[-_])?([a-z]{2}|\d{3}))?\b", re.IGNORECASE)


def iso_date(value: object) -> str | None:
    """Any date we meet in news metadata as ISO 8601, or None when it cannot be read.

    A value that carries a time keeps it (with its UTC offset when known); a bare
    date, or a midnight with no offset (what date extractors return for a day),
    stays a date: ``2015-10-08``.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    parsed = _parse_date_text(text)
    return _format_datetime(parsed) if parsed else None


# Dates an article can carry: none before the first newspapers we might meet in an archive, none more than a
# year after today (a date past it is a typo or a placeholder such as 9999-12-31, and breaks date arithmetic).
EARLIEST_DATE = date(1800, 1, 1)
LATEST_AHEAD_DAYS = 366


def date_problem(iso: str | None, today: date | None = None) -> str | None:
    """Why an ISO date stored on an article is impossible, or None when it is plausible (or absent)."""
    if not iso:
        return None
    latest = (today or datetime.now(UTC).date()) + timedelta(days=LATEST_AHEAD_DAYS)
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return f"{iso!r} is not a date"
    if not EARLIEST_DATE <= day <= latest:
        return f"{iso!r} is outside {EARLIEST_DATE.isoformat()} to {latest.isoformat()}"
    return None


def _parse_date_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)  # RFC 2822, as in RSS feeds
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import; only needed for unusual formats

    # Absolute dates only: "yesterday" in metadata would resolve against today.
    return dateparser.parse(
        text,
        languages=["en"],
        settings={
            "PARSERS": ["custom-formats", "absolute-time"],
            "STRICT_PARSING": True,
            "DATE_ORDER": _order_in_force(),
        },
    )


def order_for_locale(locale: str | None) -> str | None:
    """How a locale writes numeric dates (``en-US`` MDY, ``en-GB`` or ``fr`` DMY, ``zh`` YMD); None for a locale
    that does not say: English with no region is written both ways."""
    match = LOCALE_PARTS.match((locale or "").strip())
    if match is None:
        return None
    language, region = match.group(1).lower(), (match.group(2) or "").upper()
    if language in YEAR_FIRST_LANGUAGES:
        return "YMD"
    if region:
        return "MDY" if region in MONTH_FIRST_REGIONS else "DMY"
    return None if language == "en" else "DMY"


def _order_in_force() -> str:
    order = _date_order.get()
    if order != AUTO_DATE_ORDER:
        return order
    return order_for_locale(_locale.get()) or UNKNOWN_LOCALE_ORDER


@contextmanager
def document_locale(locale: str | None) -> Iterator[None]:
    """Read dates in this block as written in ``locale`` (a page's lang, a record's language) when the date
    order is "auto" (see settings.DATE_ORDERS)."""
    token = _locale.set(locale)
    try:
        yield
    finally:
        _locale.reset(token)


@contextmanager
def date_order(order: str) -> Iterator[None]:
    """Read numeric dates whose day and month could be swapped ("01/02/03") in ``order`` (auto, DMY, MDY or
    YMD) while in this block, whatever the format they come in."""
    if order not in DATE_ORDERS:
        raise ValueError(f"date order {order!r}: one of {', '.join(DATE_ORDERS)}")
    token = _date_order.set(order)
    try:
        yield
    finally:
        _date_order.reset(token)


def _format_datetime(moment: datetime) -> str:
    if moment.tzinfo is None and (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def split_authors(value: object) -> list[str]:
    """An author field (string or list) as a list of names, bylines' "By" removed."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else AUTHOR_SEPARATORS.split(str(value))
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        name = BYLINE_PREFIX.sub("", str(name or "")).strip(" ,")
        if name and name not in names:
            names.append(name)
    return names


def language_code(value: str | None) -> str | None:
    """``en-GB`` or ``en_US`` -> ``en``; None for empty values."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip())[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None
