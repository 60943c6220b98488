"""Bytes to clean text: binary sniffing, charset detection, whitespace normalisation."""

from __future__ import annotations

import re
import unicodedata

import charset_normalizer

from ..errors import BadInput

# Leading bytes of formats that are never article text, so the error can say what it is.
BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "gzip data",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}
# How much of a file to look at when deciding whether it is binary.
SNIFF_BYTES = 8192
# Zero-width characters and the soft hyphen: invisible, and they break matching across copies.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Control characters other than tab and newline; they only come from broken scrapes.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Horizontal white space of every kind, no-break and typographic spaces included.
HORIZONTAL_SPACE = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


# Share of the bytes between characters that are NUL in UTF-16 text written without a byte order mark.
UTF16_NUL_SHARE = 0.9


def check_not_binary(raw: bytes) -> None:
    """Raise :class:`BadInput` if ``raw`` is empty or looks like binary data."""
    if not raw.strip():
        raise BadInput("empty file" if not raw else "holds only white space")
    for signature, what in BINARY_SIGNATURES.items():
        if raw.startswith(signature):
            raise BadInput(f"binary content ({what}), not text")
    head = raw[:SNIFF_BYTES]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")) and not utf16_without_bom(head):
        raise BadInput("binary content (NUL bytes), not text")


def utf16_without_bom(head: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when ``head`` reads as UTF-16 text with no byte order mark: nearly every
    other byte NUL (Latin-script text), the bytes between them not; else None."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 8:
        return None
    for codec, nuls, chars in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls.count(0) >= UTF16_NUL_SHARE * len(nuls) and chars.count(0) <= (1 - UTF16_NUL_SHARE) * len(chars):
            try:
                head[: len(head) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def decode(raw: bytes) -> str:
    """Decode bytes of unknown encoding: UTF-8 first, then charset detection.

    Raises :class:`BadInput` when no encoding gives readable text.
    """
    check_not_binary(raw)
    if codec := utf16_without_bom(raw[:SNIFF_BYTES]):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError as exc:
            raise BadInput(f"cannot decode: reads as {codec} but breaks at byte {exc.start}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise BadInput("cannot decode: not UTF-8 and no other text encoding fits")
    return str(best)


def normalize_text(text: str, *, line_per_paragraph: bool = False) -> str:
    """Unicode NFC, white space folded, paragraphs separated by one blank line.

    With ``line_per_paragraph`` every non-empty line is a paragraph (extractors
    such as trafilatura emit one paragraph per line); otherwise blank lines
    separate paragraphs and single line breaks inside a paragraph are kept.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(INVISIBLE)
    text = CONTROL.sub("", text)
    lines = [HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    if line_per_paragraph:
        return "\n\n".join(line for line in lines if line)
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def split_title(text: str) -> tuple[str | None, str]:
    """``(first non-empty line, the rest)`` of a plain-text article."""
    stripped = text.lstrip("\n")
    if not stripped:
        return None, ""
    first, _, rest = stripped.partition("\n")
    return first.strip() or None, rest.strip("\n")


def drop_leading_title(text: str, title: str | None) -> str:
    """Remove the first paragraph when it repeats the title (extractors often keep the h1), then a byline
    paragraph ("By Olga Ivanova and Sergei Petrov"): the authors are metadata, not what the article says."""
    first, _, rest = text.partition("\n\n")
    if title and first.strip().casefold() == title.strip().casefold():
        text = rest
        first, _, rest = text.partition("\n\n")
    return rest if rest and BYLINE.fullmatch(first.strip()) else text


# A paragraph that is only a byline: "By" and two to eight capitalised names joined by "and" or commas.
BYLINE = re.compile(
    r"(?:By|Photos? and text:|Text and photos?:)\s+[A-Z][\w.'-]*(?:(?:\s+|,\s*|\s+and\s+)[A-Z][\w.'-]*){1,7}"
)


def word_count(text: str) -> int:
    return len(text.split())


def clip(text: str, limit: int, *, at_word: bool = False) -> str:
    """``text`` on one line, cut to at most ``limit`` characters with "…" (at a word break with ``at_word``)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if at_word else cut) + "…"
