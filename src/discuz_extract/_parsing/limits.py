"""Bounds on what a page may cost to parse, checked in linear time before the tree is built.

lexbor spends time quadratic in the nesting depth of block elements (each opening ``div``
looks down the stack of open elements for a ``p`` to close), so a page of a million nested
``div`` runs for minutes. Real Discuz pages nest a few dozen deep; a page nested deeper than
``MAX_BLOCK_DEPTH`` is refused with a ``ParseError`` before lexbor sees it.
"""

from __future__ import annotations

import re

from ..errors import ParseError

MAX_BLOCK_DEPTH = 5_000
# below this many tags, the worst nesting costs lexbor well under a tenth of a second
_TAGS_BEFORE_CHECK = 8_000
# the block elements whose start tag closes a p in button scope (the HTML parsing algorithm)
_BLOCK_TAG = re.compile(
    r"<(/?)(?:address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset|figcaption|figure|"
    r"footer|header|hgroup|main|menu|nav|ol|search|section|summary|ul)[\s/>]",
    re.I,
)


def check_nesting(text: str, *, url: str | None = None) -> None:
    """Raise ``ParseError`` when block elements nest deeper than ``MAX_BLOCK_DEPTH``."""
    if text.count("<") <= _TAGS_BEFORE_CHECK:
        return
    depth = 0
    for match in _BLOCK_TAG.finditer(text):
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > MAX_BLOCK_DEPTH:
                raise ParseError(f"block elements nested deeper than {MAX_BLOCK_DEPTH}: not a page to parse", url=url)


def is_truncated(text: str, closing_tags: tuple[str, ...]) -> bool:
    """True when the document ends before its closing markup (a saved page cut short)."""
    tail = text[-4096:]
    if any(tag in tail for tag in closing_tags):  # the usual lower-case markup: no case folding
        return False
    return not any(tag in tail.lower() for tag in closing_tags)
