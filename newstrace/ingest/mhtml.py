"""MHTML (``.mhtml``/``.mht``): a page a browser saved as one file, read as the HTML it carries.

Chrome and Edge "Save as single file" write a MIME ``multipart/related`` message: the page's HTML in one part
(quoted-printable or base64, in its own charset) and its images and styles in the others. Only the HTML part is
read; its ``Content-Location`` is the page's URL.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
from dataclasses import dataclass

from ..errors import BadInput

# The header Chrome writes for the page's address on the message itself: used when the HTML part names none.
SNAPSHOT_LOCATION = "Snapshot-Content-Location"
# How a MIME archive starts: what format sniffing looks for in a nameless stream's first bytes.
MHTML_STARTS = (b"from: <saved by", b"mime-version:")


@dataclass
class SavedPage:
    """The HTML a saved page carries and the address it was saved from."""

    html: bytes
    url: str | None


def saved_page(raw: bytes) -> SavedPage:
    """The text/html part of an MHTML file, decoded from its transfer encoding and charset to UTF-8 bytes.

    Raises :class:`BadInput` when the file holds no HTML part.
    """
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    if part is None:
        raise BadInput("MHTML file holds no text/html part")
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    if charset:
        with contextlib.suppress(LookupError):  # an unknown charset's name: the HTML reader finds the encoding
            payload = payload.decode(charset, errors="replace").encode("utf-8")
    url = part.get("Content-Location") or message.get(SNAPSHOT_LOCATION)
    return SavedPage(payload, str(url).strip() if url else None)


def looks_like_mhtml(head: bytes) -> bool:
    """Do these first bytes of a stream begin a MIME archive (a saved page)?"""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(MHTML_STARTS) and b"multipart/related" in text
