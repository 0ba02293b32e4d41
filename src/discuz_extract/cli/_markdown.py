"""``--format markdown``: valid CommonMark in which nothing the author wrote is markup; pure.

- Every text from the page (title, names, lines, notices) is escaped: the characters that
  open inline markup (``\\ ` * _ [ ] < > & | ~ #``) everywhere and the ones that open a block
  (``- + =``, ``1.``) at the start of a line, so raw HTML never passes and a line starting
  ``#`` stays a line.
- One line of a post is one line of output: lines are joined with hard breaks (a backslash
  at the end of the line), never merged into one paragraph.
- Code blocks are fenced, verbatim from ``Post.code_blocks`` (indentation kept), with a fence
  longer than any run of backticks inside.
- Quotes are blockquotes closed by a blank line before the reply's own text.
- Unknown values are written as unknown (``unknown author``, ``views: unknown``).
"""

from __future__ import annotations

import re

from ..models import Attachment, Image, Post, Quote, Thread
from ._render import Lines, body, post_heading, status_note, thread_facts

_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
_BLOCK_START = re.compile(r"^([-+=])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_WEB_URL = re.compile(r"https?://[^\s<>\x00-\x1f\x7f]+", re.ASCII)
_BACKTICKS = re.compile(r"`+")
_HARD_BREAK = "\\"  # a backslash at the end of a line


def escape(text: str, *, line_start: bool = True) -> str:
    """One line of text as literal CommonMark inline content (``line_start``: it may begin a line)."""
    text = _INLINE.sub(r"\\\1", " ".join(text.splitlines()).strip())
    if not line_start:
        return text
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


def link(url: str | None) -> str:
    """An autolink for an http(s) URL; any other value as escaped text."""
    if url and _WEB_URL.fullmatch(url):
        return f"<{url}>"
    return escape(url) if url else "unknown"


def paragraph(lines: list[str], prefix: str = "") -> list[str]:
    """Lines as one paragraph with a hard break after each but the last."""
    escaped = [escape(line) for line in lines if line.strip()]
    return [prefix + line + (_HARD_BREAK if i < len(escaped) - 1 else "") for i, line in enumerate(escaped)]


def fence(code: str) -> list[str]:
    """A fenced code block holding ``code`` verbatim."""
    code = code.replace("\r\n", "\n").replace("\r", "\n")
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    marks = "`" * max(3, longest + 1)
    return [marks, *(code.split("\n") if code else []), marks]


def quote_block(quote: Quote) -> list[str]:
    when = quote.posted_at.isoformat() if quote.posted_at else quote.posted_at_text
    header = (quote.author or "unknown author") + (f" · {when}" if when else "") + ":"
    return paragraph([header, *quote.text.split("\n")], prefix="> ")


def file_list(images: list[Image], attachments: list[Attachment]) -> list[str]:
    items = [
        f"- image: {link(image.url)}" + (f" {escape(image.alt, line_start=False)}" if image.alt else "")
        for image in images
    ]
    for item in attachments:
        about = ", ".join(
            x for x in (item.size, f"{item.downloads} downloads" if item.downloads is not None else None) if x
        )
        label = escape(item.name or "unnamed file") + (f" ({escape(about, line_start=False)})" if about else "")
        items.append(f"- attachment: {label} {link(item.url)}")
    return items


def post_blocks(post: Post) -> list[list[str]]:
    blocks = [[f"## {escape(post_heading(post))}"]]
    blocks += [quote_block(q) for q in post.quotes]
    for part in body(post):
        blocks.append(paragraph(list(part.lines)) if isinstance(part, Lines) else fence(part.code))
    if (note := status_note(post)) is not None:
        blocks.append(paragraph([note]))
    if post.images or post.attachments:
        blocks.append(file_list(post.images, post.attachments))
    return [b for b in blocks if b]


def to_markdown(thread: Thread) -> str:
    facts = [f"- {escape(fact)}" for fact in thread_facts(thread)]
    facts[0] = f"- URL: {link(thread.url)}"
    blocks = [[f"# {escape(thread.title or 'untitled thread')}"], facts]
    for post in thread.posts:
        blocks += post_blocks(post)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"
