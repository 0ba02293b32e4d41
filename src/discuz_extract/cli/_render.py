"""The readable formats' common ground, and ``--format text``; pure: models in, strings out.

A post's body is its text with each code block put back verbatim: ``Post.text`` keeps code
lines (whitespace normalised, indentation lost) and ``Post.code_blocks`` has them verbatim, so
the run of text lines that is a code block is replaced by the block itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .._text import normalize_line
from ..models import Author, Post, PostStatus, Thread

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Lines:
    """Lines of the author's text (each a line of the post)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Code:
    """A code block, verbatim."""

    code: str


def body(post: Post) -> list[Lines | Code]:
    """The post's text as runs of lines and verbatim code blocks, in order."""
    lines = [line for line in post.text.split("\n") if line.strip()]
    out: list[Lines | Code] = []
    unplaced: list[Code] = []
    pos = 0
    for block in post.code_blocks:
        needle = [n for n in (normalize_line(x) for x in block.split("\n")) if n]
        at = _find(lines, needle, pos)
        if at is None:
            unplaced.append(Code(block))
            continue
        if at > pos:
            out.append(Lines(tuple(lines[pos:at])))
        out.append(Code(block))
        pos = at + len(needle)
    if pos < len(lines):
        out.append(Lines(tuple(lines[pos:])))
    return out + unplaced


def _find(lines: list[str], needle: list[str], start: int) -> int | None:
    if not needle:
        return start
    for at in range(start, len(lines) - len(needle) + 1):
        if [normalize_line(x) for x in lines[at : at + len(needle)]] == needle:
            return at
    return None


def page_ranges(pages: Iterable[int]) -> str:
    """``[2, 3, 4, 7]`` -> ``2-4, 7``."""
    ordered = sorted(set(pages))
    spans: list[str] = []
    start = previous = None
    for page in [*ordered, None]:
        if start is not None and (page is None or previous is None or page != previous + 1):
            spans.append(str(start) if start == previous else f"{start}-{previous}")
            start = None
        if page is not None and start is None:
            start = page
        previous = page
    return ", ".join(spans)


def gaps(thread: Thread) -> list[str]:
    """What keeps the thread from being complete, one phrase per kind of gap."""
    phrases = []
    for pages, what in (
        (thread.missing_pages, "missing"),
        (thread.truncated_pages, "truncated"),
        (thread.skipped_pages, "skipped (max pages)"),
    ):
        if pages:
            phrases.append(f"{'page' if len(pages) == 1 else 'pages'} {page_ranges(pages)} {what}")
    return phrases


def known(value: object) -> str:
    return UNKNOWN if value is None else str(value)


def author_name(author: Author | None) -> str:
    if author is not None and author.name:
        return author.name
    if author is not None and author.is_anonymous:
        return "anonymous"
    return "guest" if author is not None and author.is_guest else "unknown author"


def post_heading(post: Post) -> str:
    """``#floor · author · time`` with every unknown value said to be unknown."""
    floor = f"#{post.floor}" if post.floor is not None else "#?"
    if post.posted_at is not None:
        when = post.posted_at.isoformat() + (" (approximate)" if post.posted_at_approximate else "")
    else:
        when = post.posted_at_text or "unknown time"
    return f"{floor} · {author_name(post.author)} · {when}"


def status_note(post: Post) -> str | None:
    if post.status is PostStatus.NORMAL:
        return None
    return f"[{post.status.value}]" + (f" {post.status_text}" if post.status_text else "")


def thread_facts(thread: Thread) -> list[str]:
    facts = [f"URL: {known(thread.url)}"]
    if thread.forum is not None and thread.forum.name:
        facts.append(f"forum: {thread.forum.name}")
    facts.append(f"views: {known(thread.views)} · replies: {known(thread.replies)} · pages: {known(thread.page_count)}")
    if not thread.complete:
        facts.append("incomplete: " + "; ".join(gaps(thread)))
    return facts


def to_text(thread: Thread) -> str:
    """Plain text: the title, the facts, then each post: heading, quotes, body (code verbatim)."""
    parts = ["\n".join([thread.title or "untitled thread", *thread_facts(thread)])]
    for post in thread.posts:
        lines = [f"[{post_heading(post)}]"]
        for quote in post.quotes:
            lines.append(f"> {quote.author or 'unknown author'}:")
            lines += [f"> {line}" for line in quote.text.split("\n") if line.strip()]
        for part in body(post):
            lines += part.lines if isinstance(part, Lines) else part.code.split("\n")
        if (note := status_note(post)) is not None:
            lines.append(note)
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
