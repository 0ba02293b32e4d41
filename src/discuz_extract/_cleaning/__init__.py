"""The cleaner: a post's message element -> the author's words, plus what was pulled out.

Pure and in place on a selectolax node the caller owns. A pipeline of named steps, each
small (``steps``): drop noise (jammer, scripts, ads, tips), take out the edit note, quotes,
hidden-content notices and attachment chrome (each kept as data), then serialise what is
left to text with the author's line structure (``serialize``). Its words and selectors are
in ``vocab``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timezone

from selectolax.lexbor import LexborNode

from .._text import normalize_block
from ..models import Attachment, EditInfo, Image, Quote
from . import steps
from . import vocab as V
from .serialize import is_display_none, node_text
from .steps import drop_file_attachment_chrome, image_url, read_attachments


@dataclass
class CleanedMessage:
    """What the cleaner took out of one message, and the text left."""

    text: str = ""
    html: str = ""
    edit: EditInfo | None = None
    quotes: list[Quote] = field(default_factory=list)
    code_blocks: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    hidden_notices: list[str] = field(default_factory=list)


def clean_message(message: LexborNode, *, tz: timezone, base_url: str | None = None) -> CleanedMessage:
    """Run the pipeline on one message element (mutates it): the steps its markup needs."""
    result = CleanedMessage()
    markup = (message.inner_html or "").strip()
    plain = _plain_text(message)
    needed = _needed_steps(markup) if plain is None else set()
    if needed:
        _run_pipeline(message, result, tz, base_url, needed)
    else:
        result.html = markup
    text = plain if plain is not None and not needed else node_text(message)
    result.text = steps.drop_chrome_lines(text)
    return result


def _needed_steps(markup: str) -> set[str]:
    return {step for step, markers in V.STEP_MARKERS.items() if any(m in markup for m in markers)}


_PLAIN_CHILDREN = frozenset(("-text", "br", "strong", "b", "u", "a"))


def _plain_text(message: LexborNode) -> str | None:
    """The text of a message of text, line breaks and simple inline tags only (nothing for the
    cleaning steps to do), read in the one pass that checks it; ``None`` for any other message."""
    parts: list[str] = []
    child = message.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            parts.append((child.text_content or "").replace("\r", " ").replace("\n", " ").replace("\t", " "))
        elif tag == "br":
            parts.append("\n")
        elif tag not in _PLAIN_CHILDREN:
            return None
        else:
            inner = child.child  # an inline tag holding one text node and nothing else
            if inner is None or inner.tag != "-text" or inner.next is not None:
                return None
            parts.append((inner.text_content or "").replace("\r", " ").replace("\n", " ").replace("\t", " "))
        child = child.next
    return normalize_block("".join(parts))


def _run_pipeline(
    message: LexborNode, result: CleanedMessage, tz: timezone, base_url: str | None, needed: set[str]
) -> None:
    if "image_tips" in needed:
        result.attachments += steps.image_attachments(message, base_url)
    if "attachment_lists" in needed:
        result.attachments += read_attachments(message, base_url)
    if "noise" in needed:
        steps.drop_noise(message)
    if "edit_note" in needed:
        result.edit = steps.take_edit_note(message, tz)
    if "images" in needed:
        result.images = steps.take_images(message, base_url)
    if "code" in needed:
        result.code_blocks = steps.take_code_blocks(message)
    result.html = (message.inner_html or "").strip()
    if "quotes" in needed:
        result.quotes = steps.take_quotes(message, tz)
    if "hidden" in needed:
        result.hidden_notices = steps.take_hidden_notices(message)
    if "file_attachments" in needed:
        steps.drop_file_attachment_chrome(message)


__all__ = [
    "CleanedMessage",
    "clean_message",
    "drop_file_attachment_chrome",
    "image_url",
    "is_display_none",
    "node_text",
    "read_attachments",
]
