"""Parsing: bytes or text in, models out. No I/O here, so it runs inside any engine."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from ..decoding import decode_html, normalize_charset
from ..errors import NotDiscuzPage, ParseError
from ..models import Thread, ThreadPage
from .desktop import parse_desktop
from .merge import merge_pages


def parse_page(
    content: bytes | str,
    *,
    url: str | None = None,
    encoding: str | None = None,
) -> ThreadPage:
    """Parse one page of a thread.

    ``content`` is the response body: bytes (decoded from ``encoding``, else the page's own
    charset declaration, else detected) or already-decoded text. Raises a ``DiscuzError``
    subclass for anything that is not a readable thread page.
    """
    charset: str | None
    if isinstance(content, bytes):
        decoded = decode_html(content, encoding)
        text, charset = decoded.text, decoded.charset
    elif isinstance(content, str):
        text, charset = content, normalize_charset(encoding)
    else:
        raise TypeError(f"parse_page takes bytes or str, not {type(content).__name__}")
    if not text.strip():
        raise NotDiscuzPage("empty page", url=url)
    try:
        tree = LexborHTMLParser(text)
    except Exception as exc:  # selectolax raises plain exceptions on pathological input
        raise ParseError(f"HTML parser failed: {exc}", url=url) from exc
    return parse_desktop(tree, text, url=url, charset=charset)


__all__ = ["Thread", "ThreadPage", "merge_pages", "parse_page"]
