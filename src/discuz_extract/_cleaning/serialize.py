"""A message element to text with the author's line structure (pure, no recursion)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from .._text import normalize_block

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_CELL_TAGS = frozenset(("td", "th"))
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "head", "title", "-comment", "_comment"))
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)


def node_text(node: LexborNode, *, keep_blank_lines: bool = False) -> str:
    """Text of ``node`` with line breaks where ``<br>`` and block elements put them."""
    parts: list[str] = []
    _collect_text(node, parts)
    return normalize_block("".join(parts), keep_blank_lines=keep_blank_lines)


def _collect_text(root: LexborNode, out: list[str]) -> None:
    """Depth-first, with an explicit stack: hostile pages nest thousands of elements deep."""
    stack: list[LexborNode | str] = []
    _push_children(root, stack)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        tag = item.tag
        if tag == "-text":
            raw = item.text_content or ""
            out.append(raw.replace("\r", " ").replace("\n", " ").replace("\t", " "))
        elif tag == "br":
            out.append("\n")
        elif tag in _SKIP_TAGS:
            continue
        elif tag in _BLOCK_TAGS:
            out.append("\n")
            stack.append("\n")
            _push_children(item, stack)
        elif tag in _CELL_TAGS:
            stack.append("\t")
            _push_children(item, stack)
        else:
            _push_children(item, stack)


def _push_children(node: LexborNode, stack: list[LexborNode | str]) -> None:
    child = node.last_child
    while child is not None:
        stack.append(child)
        child = child.prev


def is_display_none(node: LexborNode) -> bool:
    style = node.attributes.get("style")
    return bool(style and _DISPLAY_NONE.search(style))
