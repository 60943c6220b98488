"""Dates as a reader reads them: "8 Oct 2015, 17:21 UTC", with the ISO 8601 form kept in the markup."""

from __future__ import annotations

from datetime import UTC, date, datetime

from markupsafe import Markup, escape


def readable_date(iso: str | None) -> str:
    """``2015-10-08T20:21:00+03:00`` -> ``8 Oct 2015, 17:21 UTC``; a date alone -> ``8 Oct 2015``; a time with
    no offset is shown as given, without "UTC"; what does not read as ISO 8601 is shown as it is."""
    if not iso:
        return ""
    try:
        if "T" not in iso:
            day = date.fromisoformat(iso)
            return f"{day.day} {day:%b %Y}"
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        return f"{moment.day} {moment:%b %Y, %H:%M}"
    moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def time_element(iso: str | None) -> Markup:
    """A ``<time>`` element showing :func:`readable_date`, its ISO form as ``datetime`` and ``title`` (escaped)."""
    if not iso:
        return Markup("")
    return Markup('<time datetime="{0}" title="{0}">{1}</time>').format(escape(iso), readable_date(iso))
