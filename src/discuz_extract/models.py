"""Typed results. Everything a Discuz thread page shows lands in one of these models.

A field a page does not show is ``None`` (never guessed). Counts that the page only shows
rounded (``9909万``) are exact where the page also carries the exact value (a ``title``
attribute) and ``None`` otherwise; the text as shown is kept in ``Author.profile``.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

if TYPE_CHECKING:
    from ._documents import CorpusDocument


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
    posts: int | None = None
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


class PageSource(_Model):
    """Where one page merged into a thread came from (a WARC record, for ``assemble_threads``)."""

    kind: PageKind
    page: int
    url: str | None = None
    record_id: str | None = None
    fetched_at: datetime | None = None


class Thread(_ThreadHeader):
    """A whole thread: every page merged, posts in floor order, each pid once."""

    posts: list[Post] = Field(default_factory=list)
    missing_pages: list[int] = Field(default_factory=list, description="pages that failed after retries")
    skipped_pages: list[int] = Field(default_factory=list, description="pages left out by max_pages")
    failures: list[PageFailure] = Field(default_factory=list)
    # provenance, set by assemble_threads; left out of dumps (the JSON of a thread is unchanged)
    sources: list[PageSource] = Field(default_factory=list, exclude=True, repr=False)
    post_sources: list[int | None] = Field(
        default_factory=list, exclude=True, repr=False, description="per post: its index in sources"
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def article(self) -> str:
        """The cleaned text of floor 1 (the opening post), or ``""`` when it was not read."""
        first = next((p for p in self.posts if p.is_first), None)
        return first.text if first is not None else ""

    @property
    def complete(self) -> bool:
        """Every page of the thread was read."""
        return not self.missing_pages and not self.skipped_pages

    @property
    def reply_texts(self) -> list[str]:
        """The clean text of every reply, in floor order."""
        return [p.text for p in self.posts if not p.is_first]

    def to_document(
        self, granularity: Literal["thread", "page", "post"] = "thread", *, source: str = "discuz"
    ) -> list[CorpusDocument]:
        """Corpus rows in the shape dolma and datatrove use (``id``, ``text``, ``source``, ``added``,
        ``created``, ``metadata``): one for the thread, one per source page, or one per post."""
        from ._documents import thread_documents

        return thread_documents(self, granularity, source=source)

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
