"""What every parse function does with its input before its own work (pure): the refusals that
need no decoding, the decoding, and the one way an HTML tree is built.

Every tree goes through ``html_tree``, so the nesting bound (``limits.check_nesting``) holds for
thread pages, listings, the index, gate pages and the message fragments of flat pages and of
the mobile API alike.
"""

from __future__ import annotations

import os

from selectolax.lexbor import LexborHTMLParser

from .._decoding import decode_html, normalize_charset, reject_binary
from ..errors import NotDiscuzPage, ParseError
from .limits import check_nesting


def refuse_what_is_no_page(content: bytes | str, url: str | None, caller: str) -> None:
    """``TypeError`` for what is not bytes or str, ``NotDiscuzPage`` for an empty page,
    ``DecodeError`` for binary bytes, ``ParseError`` for a path or a URL given as the page."""
    if not isinstance(content, (bytes, str)):
        hint = " (read the file first: Path(...).read_bytes())" if isinstance(content, os.PathLike) else ""
        raise TypeError(f"{caller} takes the page's bytes or str, not {type(content).__name__}{hint}")
    if not content.strip():
        raise NotDiscuzPage("empty page", url=url)
    if isinstance(content, bytes):
        reject_binary(content)
    elif _looks_like_a_location(content):
        raise ParseError(
            f"{caller} takes a page's content, and {content.strip()[:80]!r} looks like a file path or a URL: "
            "read the file first (Path(p).read_bytes()), or fetch the URL",
            url=url,
        )


def _looks_like_a_location(text: str) -> bool:
    """One short line with no markup: a path or a URL given where the page was expected."""
    stripped = text.strip()
    return len(stripped) < 2048 and "\n" not in stripped and "<" not in stripped and "{" not in stripped


def page_text(content: bytes | str, encoding: str | None) -> tuple[str, str | None]:
    """The page's text and charset: bytes decoded (``encoding``, the page's own, detected)."""
    if isinstance(content, bytes):
        decoded = decode_html(content, encoding)
        return decoded.text, decoded.charset
    return content, normalize_charset(encoding)


def html_tree(text: str, *, url: str | None = None) -> LexborHTMLParser:
    """lexbor's tree of ``text``, once its nesting is known to be bounded."""
    check_nesting(text, url=url)
    try:
        return LexborHTMLParser(text)
    except Exception as exc:  # selectolax raises plain exceptions on pathological input
        raise ParseError(f"HTML parser failed: {exc}", url=url) from exc
