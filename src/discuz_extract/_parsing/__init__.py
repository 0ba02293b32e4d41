"""Parsing: bytes or text in, models out. No I/O here, so it runs inside any engine.

``parse_page`` recognises the page kind (desktop, touch, archiver, printable, mobile API
JSON) and dispatches to the module for that kind; each returns the same ``ThreadPage``.
"""

from __future__ import annotations

from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from .._decoding import decode_html, normalize_charset
from ..errors import NotDiscuzPage, ParseError
from ..models import PageKind, Thread, ThreadPage
from .api import looks_json, parse_api
from .archiver import parse_archiver
from .desktop import parse_desktop
from .merge import merge_pages
from .printable import looks_printable, parse_printable
from .sniff import Sniff, SniffKind, sniff, sniff_content
from .text import clean_text, parse_text
from .touch import parse_touch


def detect_kind(raw: str) -> PageKind:
    """Which rendering this is, from markers each template alone has (string tests: no tree walk)."""
    head = raw[:4096]
    if 'id="postlist"' in raw or "id='postlist'" in raw:
        return PageKind.DESKTOP
    if head.lstrip().startswith("<?xml") or ('class="postlist"' in raw and 'class="plc cl" id="pid' in raw):
        return PageKind.TOUCH
    if "Discuz! Archiver" in head or ("Archiver" in head and 'class="author"' in raw):
        return PageKind.ARCHIVER
    if looks_printable(raw):
        return PageKind.PRINTABLE
    return PageKind.DESKTOP


def parse_page(
    content: bytes | str,
    *,
    url: str | None = None,
    encoding: str | None = None,
    fetched_at: datetime | None = None,
) -> ThreadPage:
    """Parse one page of a thread.

    ``content`` is the response body: bytes (decoded from ``encoding``, else the page's own
    charset declaration, else detected) or already-decoded text. ``fetched_at`` (the HTTP
    ``Date``) resolves relative times on pages that print no footer time (touch). Raises a
    ``DiscuzError`` subclass for anything that is not a readable thread page.
    """
    charset: str | None
    if isinstance(content, (bytes, str)) and sniff_content(content, url=url) is None:  # before any decoding
        raise NotDiscuzPage("no Discuz markers on this page" if content.strip() else "empty page", url=url)
    if isinstance(content, bytes):
        decoded = decode_html(content, encoding)
        text, charset = decoded.text, decoded.charset
    elif isinstance(content, str):
        text, charset = content, normalize_charset(encoding)
    else:
        raise TypeError(f"parse_page takes bytes or str, not {type(content).__name__}")
    if not text.strip():
        raise NotDiscuzPage("empty page", url=url)
    if looks_json(text):
        return parse_api(text, url=url)
    try:
        tree = LexborHTMLParser(text)
    except Exception as exc:  # selectolax raises plain exceptions on pathological input
        raise ParseError(f"HTML parser failed: {exc}", url=url) from exc
    kind = detect_kind(text)
    if kind is PageKind.TOUCH:
        return parse_touch(tree, text, url=url, reference=fetched_at)
    if kind is PageKind.ARCHIVER:
        return parse_archiver(tree, text, url=url, charset=charset)
    if kind is PageKind.PRINTABLE:
        return parse_printable(tree, text, url=url, charset=charset)
    return parse_desktop(tree, text, url=url, charset=charset, fetched_at=fetched_at)


__all__ = [
    "Sniff",
    "SniffKind",
    "Thread",
    "ThreadPage",
    "clean_text",
    "detect_kind",
    "merge_pages",
    "parse_page",
    "parse_text",
    "sniff",
]
