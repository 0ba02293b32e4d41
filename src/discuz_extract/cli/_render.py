"""The readable formats, pure: a ``Thread`` in, a string out."""

from __future__ import annotations

from .._vocab import REPLY_WORDS, VIEWS_LABELS
from ..models import Thread


def to_markdown(thread: Thread) -> str:
    counters = f"- {VIEWS_LABELS[0]}: {thread.views} · {REPLY_WORDS[0]}: {thread.replies}"
    lines = [f"# {thread.title or ''}", "", f"- URL: {thread.url}", counters]
    if thread.missing_pages:
        lines.append(f"- missing pages: {thread.missing_pages}")
    for post in thread.posts:
        author = post.author.name if post.author else "-"
        when = post.posted_at.isoformat() if post.posted_at else (post.posted_at_text or "-")
        lines += ["", f"## #{post.floor} {author} · {when}", ""]
        lines += [f"> {q.author or ''}: {q.text}" for q in post.quotes]
        lines.append(post.text or f"*[{post.status.value}]*")
    return "\n".join(lines) + "\n"


def to_text(thread: Thread) -> str:
    parts = [thread.title or ""]
    for post in thread.posts:
        author = post.author.name if post.author else "-"
        parts.append(f"[{post.floor}] {author}\n{post.text}")
    return "\n\n".join(parts) + "\n"
