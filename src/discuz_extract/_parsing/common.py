"""What every page kind shares: floor labels, status notices, times, messages (pure)."""

from __future__ import annotations

from datetime import datetime, timezone

from selectolax.lexbor import LexborNode

from .._cleaning import clean_message
from .._text import normalize_line, parse_int, to_int
from .._time import looks_relative, parse_absolute, parse_relative
from .._vocab import (
    AUTHOR_ONLY_NOTICES,
    BLOCKED_NOTICES,
    FLOOR_WORDS,
    HIDDEN_NOTICES,
    PAID_NOTICES,
    PASSWORD_NOTICES,
    PENDING_NOTICES,
    POSTED_PREFIX,
    REPLY_WORDS,
    Words,
    contains_any,
)
from ..models import Attachment, Author, Image, Post, PostStatus, ThreadPage
from . import vocab_flat as F
from .reading import html_tree

TRUNCATED_NOTE = "the page was cut off here: this post may be incomplete"

# a notice in place of (or inside) a post's body, and the status it means; first match wins
NOTICE_STATUS: tuple[tuple[Words, PostStatus], ...] = (
    (BLOCKED_NOTICES, PostStatus.BLOCKED),
    (AUTHOR_ONLY_NOTICES, PostStatus.AUTHOR_ONLY),
    (PASSWORD_NOTICES, PostStatus.PASSWORD),
    (PAID_NOTICES, PostStatus.PAID),
    (PENDING_NOTICES, PostStatus.PENDING),
)


def floor_from_label(label: str, number_text: str | None = None) -> int | None:
    """A floor word (``FLOOR_WORDS``) or ``N#`` (the ``em`` holds N when present)."""
    if number_text is not None and (n := parse_int(number_text)) is not None:
        return n
    word = label.rstrip("#").strip()
    if word in FLOOR_WORDS:
        return FLOOR_WORDS[word]
    if "#" in label and (n := parse_int(label)) is not None:
        return n
    return None


def mark_truncated(page: ThreadPage) -> None:
    """A page cut short: it says so, and its last post (where the cut fell) says so too."""
    page.truncated = True
    last = page.posts[-1] if page.posts else None
    if last is not None and last.status is PostStatus.NORMAL:
        last.status, last.status_text = PostStatus.TRUNCATED, TRUNCATED_NOTE


def complete_counts(author: Author) -> None:
    """Pages that print replies (posts minus threads) give the total as replies + threads."""
    if author.posts is None and author.replies is not None and author.threads is not None:
        author.posts = author.replies + author.threads


def status_from_notice(text: str) -> PostStatus | None:
    for notices, status in NOTICE_STATUS:
        if contains_any(text, notices):
            return status
    return None


def set_time(post: Post, shown: str, *, tz: timezone, exact: str | None, reference: datetime | None) -> None:
    """Fill ``posted_at`` from an exact title, an absolute text, or a relative text + reference."""
    shown = POSTED_PREFIX.sub("", normalize_line(shown))
    post.posted_at_text = shown or None
    if exact:
        post.posted_at = parse_absolute(exact, tz)
    if post.posted_at is None:
        post.posted_at = parse_absolute(shown, tz)
    if post.posted_at is None and reference is not None and looks_relative(shown):
        post.posted_at = parse_relative(shown, reference.astimezone(tz))
        post.posted_at_approximate = post.posted_at is not None


def apply_message(post: Post, message: LexborNode, *, tz: timezone, base: str | None) -> None:
    """Clean ``message`` into the post; a ``[hide]`` notice makes the status ``hidden``."""
    cleaned = clean_message(message, tz=tz, base_url=base)
    post.text, post.html, post.edit = cleaned.text, cleaned.html, cleaned.edit
    post.quotes, post.code_blocks = cleaned.quotes, cleaned.code_blocks
    post.images.extend(cleaned.images)
    post.attachments.extend(cleaned.attachments)
    if cleaned.hidden_notices and post.status is PostStatus.NORMAL:
        notice = cleaned.hidden_notices[0]
        if contains_any(notice, HIDDEN_NOTICES) or contains_any(notice, REPLY_WORDS):
            post.status, post.status_text = PostStatus.HIDDEN, notice


def take_flat_media(html: str, post: Post) -> str:
    """Flat kinds (archiver, printable) keep ``[attach]N[/attach]`` and ``[img]`` URLs as text.

    Each becomes an attachment or image of the post and leaves the text.
    """
    for aid in F.ATTACH_TAG.findall(html):
        post.attachments.append(Attachment(aid=to_int(aid)))
        post.attachments_restricted = True
    html = F.ATTACH_TAG.sub("", html)
    for url in F.BARE_IMAGE_LINE.findall(html):
        post.images.append(Image(url=url))
    return F.BARE_IMAGE_LINE.sub("", html)


def fragment(html: str) -> LexborNode:
    """A detached container holding ``html`` (for flat pages that must be cut into posts)."""
    tree = html_tree(f"<div id='{F.FRAGMENT_ID}'>{html}</div>")
    node = tree.css_first(f"#{F.FRAGMENT_ID}")
    if node is None:  # pragma: no cover - the wrapper is always there
        raise ValueError("fragment wrapper lost")
    return node


def own_text(node: LexborNode) -> str:
    """Only the text nodes directly inside ``node``."""
    return normalize_line(node.text(deep=False))
