"""Typed results. Everything a Discuz thread page shows lands in one of these models.

A field a page does not show is ``None`` (never guessed). Counts that the page only shows
rounded (``9909万``) are exact where the page also carries the exact value (a ``title``
attribute) and ``None`` otherwise; the text as shown is kept in ``Author.profile``.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, computed_field, model_serializer


class _Model(BaseModel):
    model_config = ConfigDict(frozen=False, extra="forbid")


class PageKind(str, Enum):
    """Which of Discuz's renderings a page is."""

    DESKTOP = "desktop"
    TOUCH = "touch"
    ARCHIVER = "archiver"
    PRINTABLE = "printable"
    API = "api"
    TEXT = "text"


class PostStatus(str, Enum):
    """What a post's body shows to the viewer the page was fetched as."""

    NORMAL = "normal"
    BLOCKED = "blocked"  # author banned/deleted, or the post blocked by a moderator
    HIDDEN = "hidden"  # part of the body is hidden until the viewer replies or has credits
    DELETED = "deleted"  # an empty floor (无效楼层)
    PAID = "paid"  # the body must be bought
    PASSWORD = "password"  # the body needs a password
    PENDING = "pending"  # waiting for moderation
    AUTHOR_ONLY = "author_only"  # replies visible to the thread author only


class Link(_Model):
    title: str | None = None
    url: str | None = None


class ForumRef(_Model):
    fid: int | None = None
    name: str | None = None
    url: str | None = None


class SiteInfo(_Model):
    name: str | None = None
    url: str | None = None
    software: str | None = None
    version: str | None = None
    charset: str | None = None
    utc_offset: float | None = Field(default=None, description="hours east of UTC, from the footer's GMT+N")
    generated_at: datetime | None = None
    processing_seconds: float | None = None
    queries: int | None = None
    copyright: str | None = None


class Author(_Model):
    uid: int | None = None
    name: str | None = None
    group: str | None = None
    group_id: int | None = None
    rank: int | None = Field(default=None, description="star level, from the Rank: N images")
    avatar_url: str | None = None
    threads: int | None = None
    posts: int | None = Field(
        default=None,
        description="total posts: the 帖子 figure, or 回帖 + 主题 where the page shows 回帖 (as Discuz computes it)",
    )
    replies: int | None = Field(
        default=None, description="the 回帖 figure (posts minus threads) where the page shows it"
    )
    credits: int | None = None
    profile: dict[str, str] = Field(default_factory=dict, description="every label/value pair as shown")
    is_guest: bool = False
    is_anonymous: bool = False


class EditInfo(_Model):
    editor: str | None = None
    edited_at: datetime | None = None
    edited_at_text: str | None = None


class Quote(_Model):
    author: str | None = None
    posted_at: datetime | None = None
    posted_at_text: str | None = None
    pid: int | None = None
    text: str = ""


class Image(_Model):
    url: str
    aid: int | None = None
    alt: str | None = None


class Attachment(_Model):
    name: str | None = None
    url: str | None = None
    size: str | None = None
    aid: int | None = None
    downloads: int | None = None


class Post(_Model):
    pid: int | None = None
    floor: int | None = None
    floor_label: str | None = None
    is_first: bool = False
    subject: str | None = None
    author: Author | None = None
    posted_at: datetime | None = None
    posted_at_text: str | None = None
    posted_at_approximate: bool = False
    edit: EditInfo | None = None
    text: str = ""
    html: str = ""
    quotes: list[Quote] = Field(default_factory=list)
    code_blocks: list[str] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    attachments_restricted: bool = Field(
        default=False, description="the page said attachments need a login or permission"
    )
    signature: str | None = None
    status: PostStatus = PostStatus.NORMAL
    status_text: str | None = Field(default=None, description="the notice Discuz showed for a non-normal status")


class _ThreadHeader(_Model):
    tid: int | None = None
    url: str | None = None
    title: str | None = None
    forum: ForumRef | None = None
    breadcrumb: list[Link] = Field(default_factory=list)
    views: int | None = None
    replies: int | None = None
    page_count: int | None = None
    site: SiteInfo = Field(default_factory=SiteInfo)
    prev_thread: Link | None = None
    next_thread: Link | None = None


class ThreadPage(_ThreadHeader):
    """What one page of a thread shows."""

    kind: PageKind = PageKind.DESKTOP
    page: int = 1
    posts: list[Post] = Field(default_factory=list)


class PageFailure(_Model):
    page: int
    url: str | None = None
    error: str
    error_type: str


class PageRange(_Model):
    """Pages ``first`` to ``last`` (both included) left out, and the limit that left them out:
    ``max_pages`` (the caller's) or ``max_page_count`` (a pager claiming too many pages)."""

    first: int
    last: int
    reason: str

    @property
    def count(self) -> int:
        return self.last - self.first + 1


SKIPPED_PAGES_LISTED = 1000  # Thread.skipped_pages lists at most this many; skipped_ranges has them all


class Thread(_ThreadHeader):
    """A whole thread: every page merged, posts in floor order, each pid once."""

    posts: list[Post] = Field(default_factory=list)
    missing_pages: list[int] = Field(default_factory=list, description="pages that failed after retries")
    skipped_pages: list[int] = Field(
        default_factory=list,
        description="pages left out by max_pages or max_page_count: the first 1,000 (skipped_ranges has all)",
    )
    skipped_ranges: list[PageRange] = Field(
        default_factory=list, description="every page left out, as ranges with the limit that left them out"
    )
    failures: list[PageFailure] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _without_empty_ranges(self, handler: SerializerFunctionWrapHandler) -> Any:
        """``skipped_ranges`` is written only when pages were left out, so the output of a
        thread read whole is what it was before the field existed."""
        data = handler(self)
        if isinstance(data, dict) and not self.skipped_ranges:
            data.pop("skipped_ranges", None)
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def article(self) -> str:
        """The cleaned text of floor 1 (the opening post), or ``""`` when it was not read."""
        first = next((p for p in self.posts if p.is_first), None)
        return first.text if first is not None else ""

    @property
    def complete(self) -> bool:
        """Every page of the thread was read."""
        return not self.missing_pages and not self.skipped_pages and not self.skipped_ranges

    @property
    def reply_texts(self) -> list[str]:
        """The clean text of every reply, in floor order."""
        return [p.text for p in self.posts if not p.is_first]

    def rows(self) -> list[dict[str, object]]:
        """One flat row per post (thread fields repeated), for data frames and CSV."""
        rows: list[dict[str, object]] = []
        for post in self.posts:
            author = post.author
            rows.append(
                {
                    "tid": self.tid,
                    "title": self.title,
                    "forum": self.forum.name if self.forum else None,
                    "pid": post.pid,
                    "floor": post.floor,
                    "is_first": post.is_first,
                    "author": author.name if author else None,
                    "uid": author.uid if author else None,
                    "group": author.group if author else None,
                    "posted_at": post.posted_at.isoformat() if post.posted_at else None,
                    "status": post.status.value,
                    "quotes": len(post.quotes),
                    "images": len(post.images),
                    "attachments": len(post.attachments),
                    "text": post.text,
                }
            )
        return rows
