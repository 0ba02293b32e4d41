"""What every page kind shares: floor labels, status notices, times, messages (pure)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._cleaning import clean_message
from .._text import normalize_line, parse_int
from .._time import looks_relative, parse_absolute, parse_relative
from ..models import Attachment, Image, Post, PostStatus


class Strings:
    """UI strings in simplified and traditional Chinese."""

    FLOOR_WORDS = {"楼主": 1, "樓主": 1, "沙发": 2, "沙發": 2, "板凳": 3, "地板": 4}
    # the author's numbers card: label -> Author field ("帖子" in older X3.4 builds, "回帖" later)
    STAT_FIELDS = {
        "主题": "threads",
        "主題": "threads",
        "帖子": "posts",
        "回帖": "posts",
        "积分": "credits",
        "積分": "credits",
    }
    POSTED_PREFIX = re.compile(r"^\s*(?:发表于|發表於|发表时间|發表時間|时间|時間)\s*[:：]?\s*")
    NOTICE_STATUS: tuple[tuple[tuple[str, ...], PostStatus], ...] = (
        (
            (
                "作者被禁止或删除",
                "作者被禁止或刪除",
                "该帖被管理员或版主屏蔽",
                "該帖被管理員或版主屏蔽",
                "内容自动屏蔽",
                "內容自動屏蔽",
            ),
            PostStatus.BLOCKED,
        ),
        (("此帖仅作者可见", "此帖僅作者可見", "该帖仅作者可见", "該帖僅作者可見"), PostStatus.AUTHOR_ONLY),
        (("本帖为密码帖", "本帖為密碼帖"), PostStatus.PASSWORD),
        (("购买主题", "購買主題", "需向作者支付", "付费主题", "付費主題"), PostStatus.PAID),
        (("待审核", "待審核"), PostStatus.PENDING),
    )
    HIDDEN = ("隐藏内容", "隱藏內容", "积分高于", "積分高於", "Hidden Message")
    DELETED_FLOOR = ("无效楼层", "無效樓層")


def floor_from_label(label: str, number_text: str | None = None) -> int | None:
    """``楼主``/``沙发``/``板凳``/``地板`` or ``N#`` (the ``em`` holds N when present)."""
    if number_text is not None and (n := parse_int(number_text)) is not None:
        return n
    word = label.rstrip("#").strip()
    if word in Strings.FLOOR_WORDS:
        return Strings.FLOOR_WORDS[word]
    if "#" in label and (n := parse_int(label)) is not None:
        return n
    return None


def status_from_notice(text: str) -> PostStatus | None:
    for words, status in Strings.NOTICE_STATUS:
        if any(w in text for w in words):
            return status
    return None


def set_time(post: Post, shown: str, *, tz: timezone, exact: str | None, reference: datetime | None) -> None:
    """Fill ``posted_at`` from an exact title, an absolute text, or a relative text + reference."""
    shown = Strings.POSTED_PREFIX.sub("", normalize_line(shown))
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
        if any(w in notice for w in Strings.HIDDEN) or "回复" in notice or "回覆" in notice:
            post.status, post.status_text = PostStatus.HIDDEN, notice


ATTACH_TAG = re.compile(r"\[attach\](\d+)\[/attach\]", re.I)
BARE_IMAGE_LINE = re.compile(
    r"(?:(?<=>)|^)\s*(https?://[^\s<>\"']+?\.(?:jpe?g|png|gif|webp|bmp)(?:\?[^\s<>\"']*)?)\s*(?=<br|$)", re.I
)


def take_flat_media(html: str, post: Post) -> str:
    """Flat kinds (archiver, printable) keep ``[attach]N[/attach]`` and ``[img]`` URLs as text.

    Each becomes an attachment or image of the post and leaves the text.
    """
    for aid in ATTACH_TAG.findall(html):
        post.attachments.append(Attachment(aid=int(aid)))
        post.attachments_restricted = True
    html = ATTACH_TAG.sub("", html)
    for url in BARE_IMAGE_LINE.findall(html):
        post.images.append(Image(url=url))
    return BARE_IMAGE_LINE.sub("", html)


def fragment(html: str) -> LexborNode:
    """A detached container holding ``html`` (for flat pages that must be cut into posts)."""
    tree = LexborHTMLParser(f"<div id='dx-fragment'>{html}</div>")
    node = tree.css_first("#dx-fragment")
    if node is None:  # pragma: no cover - the wrapper is always there
        raise ValueError("fragment wrapper lost")
    return node


def own_text(node: LexborNode) -> str:
    """Only the text nodes directly inside ``node``."""
    parts = []
    child = node.child
    while child is not None:
        if child.tag == "-text":
            parts.append(child.text_content or "")
        child = child.next
    return normalize_line("".join(parts))
