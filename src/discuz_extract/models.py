"""Typed results. Everything a Discuz thread page shows lands in one of these models.

A field a page does not show is ``None`` (never guessed). Counts that the page only shows
rounded (``9909万``) are exact where the page also carries the exact value (a ``title``
attribute) and ``None`` otherwise; the text as shown is kept in ``Author.profile``.
"""

from __future__ import annotations

from datetime import date, datetime
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
    TRUNCATED = "truncated"  # the page was cut off inside this post: its body may be incomplete


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
    truncated: bool = Field(
        default=False,
        description="the page ends before the markup that closes every Discuz page: posts may be missing "
        "and the last post is marked truncated",
    )


class PostConflict(_Model):
    """Two copies of one pid that differ in what they say: the thread keeps one, this the other."""

    pid: int = Field(description="the pid both copies carry")
    kept_page: int = Field(description="the page whose copy the thread kept")
    page: int = Field(description="the page this other copy came from")
    post: Post = Field(description="the copy the thread did not keep")


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
    truncated_pages: list[int] = Field(default_factory=list, description="pages that ended before their closing markup")
    failures: list[PageFailure] = Field(default_factory=list)
    conflicts: list[PostConflict] = Field(
        default_factory=list, description="copies of a pid that differ from the copy kept (nothing dropped silently)"
    )
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
        return not (self.missing_pages or self.skipped_ranges or self.skipped_pages or self.truncated_pages)

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


# --- forum listings and the forum index ----------------------------------------------------
#
# What ``parse_forum_page`` (a forum's thread list, ``forum.php?mod=forumdisplay``) and
# ``parse_forum_index`` (``forum.php``, ``forum.php?gid=G``) return. As for threads: a field a
# rendering does not show is ``None``, never guessed; each rendering's gaps are in the README.


class ThreadSpecial(str, Enum):
    """The kind of a special thread (``thread.special`` 1 to 5)."""

    POLL = "poll"
    TRADE = "trade"
    REWARD = "reward"
    ACTIVITY = "activity"
    DEBATE = "debate"


class ThreadSummary(_Model):
    """One row of a forum's thread list."""

    tid: int | None = Field(
        default=None,
        description="the thread id; None for a moved-thread row on renderings that link only its target",
    )
    url: str | None = Field(default=None, description="the link the row gives (a moved row links the target)")
    title: str | None = Field(default=None, description="the subject as listed")
    type_id: int | None = Field(default=None, description="the thread type (主题分类) id")
    type_name: str | None = Field(default=None, description="the thread type (主题分类) name")
    author: str | None = Field(default=None, description="the author's name; None for anonymous threads")
    author_uid: int | None = Field(default=None, description="the author's uid")
    anonymous: bool | None = Field(default=None, description="posted anonymously or by a guest")
    created_at: datetime | None = Field(
        default=None, description="when the thread was started, where the rendering shows a time of day"
    )
    created_on: date | None = Field(default=None, description="the day the thread was started")
    replies: int | None = Field(default=None, description="the reply count shown")
    views: int | None = Field(default=None, description="the view count shown")
    last_post_at: datetime | None = Field(default=None, description="when the last post was made")
    last_poster: str | None = Field(default=None, description="who made the last post")
    sticky: int | None = Field(default=None, description="0 none, 1 forum, 2 category, 3 global (4 multi-forum) sticky")
    digest: int | None = Field(default=None, description="the digest (精华) level, 0 to 3")
    closed: bool | None = Field(default=None, description="closed to replies (moved rows show as closed too)")
    moved: bool | None = Field(default=None, description="a moved-thread redirect row")
    moved_to: int | None = Field(default=None, description="the target tid of a moved-thread row")
    special: ThreadSpecial | None = Field(
        default=None, description="the special kind; None for a normal thread or where not shown"
    )
    has_attachment: bool | None = Field(default=None, description="the thread has attachments")
    has_image: bool | None = Field(default=None, description="the thread's attachments include images")
    page_count: int | None = Field(default=None, description="the thread's page count, from the row's page links")
    price: int | None = Field(default=None, description="the sale price of a paid thread, in the shown credit")
    reward: int | None = Field(default=None, description="the reward of an unsolved reward thread")
    reward_solved: bool | None = Field(default=None, description="the reward thread is solved")
    read_permission: int | None = Field(default=None, description="the read permission level required")
    reply_credit: int | None = Field(default=None, description="credits paid per reply (回帖奖励)")
    heats: int | None = Field(default=None, description="the heat value, where its icon is shown")
    recommends: int | None = Field(default=None, description="the recommendation index, where its icon is shown")
    stamp: str | None = Field(default=None, description="the stamp icon's name (e.g. 精华, 热帖)")
    rush_reply: bool | None = Field(default=None, description="a rush-reply (抢楼) thread")


class ForumThread(_Model):
    """A thread as a crawl of a forum's listing finds it: each thread once, moved rows resolved
    to their target (``iter_forum``)."""

    tid: int = Field(description="the thread id (a moved row's target)")
    url: str = Field(description="page 1 of the thread, in the URL form of the listing")
    listing_page: int = Field(description="the listing page the row was first found on")
    listing_url: str = Field(description="that listing page's URL")
    moved_from: int | None = Field(
        default=None, description="the tid of the moved-thread row that pointed here, where the row shows it"
    )
    summary: ThreadSummary = Field(description="the row as listed")


class ForumLastPost(_Model):
    """The last post of a forum, as a forum list shows it."""

    tid: int | None = Field(default=None, description="the thread of the last post")
    title: str | None = Field(default=None, description="its subject, as shown (Discuz cuts it to 30 bytes)")
    url: str | None = Field(default=None, description="the link to it")
    posted_at: datetime | None = Field(default=None, description="when it was posted")
    author: str | None = Field(default=None, description="who posted it")


class ForumSummary(_Model):
    """A forum or sub-forum as a list of forums shows it."""

    fid: int | None = Field(default=None, description="the forum id")
    name: str | None = Field(default=None, description="the forum's name")
    url: str | None = Field(default=None, description="the link to its listing")
    description: str | None = Field(default=None, description="the forum's description")
    threads: int | None = Field(default=None, description="threads (the index adds its sub-forums' in)")
    posts: int | None = Field(default=None, description="posts (the index adds its sub-forums' in)")
    today_posts: int | None = Field(default=None, description="posts made today")
    last_post: ForumLastPost | None = Field(default=None, description="the last post, where shown")
    moderators: list[str] | None = Field(default=None, description="moderator names, where the rendering shows them")
    sub_forums: list[ForumSummary] = Field(default_factory=list, description="its sub-forums, where listed")


class ForumPage(_Model):
    """One page of a forum's thread list."""

    kind: PageKind = Field(default=PageKind.DESKTOP, description="which rendering the page is")
    url: str | None = Field(default=None, description="the URL it was read from")
    fid: int | None = Field(default=None, description="the forum id")
    name: str | None = Field(default=None, description="the forum's name")
    description: str | None = Field(default=None, description="the forum's description, where shown")
    breadcrumb: list[Link] = Field(default_factory=list, description="the navigation links above the list")
    page: int = Field(default=1, description="the page number")
    page_count: int | None = Field(default=None, description="how many pages the list has")
    thread_count: int | None = Field(default=None, description="the forum's thread count, where shown")
    today_posts: int | None = Field(default=None, description="posts made today, where shown")
    thread_types: dict[int, str] | None = Field(default=None, description="thread type id -> name, where shown")
    moderators: list[str] | None = Field(default=None, description="moderator names, where shown")
    sub_forums: list[ForumSummary] = Field(default_factory=list, description="the sub-forums listed above the threads")
    threads: list[ThreadSummary] = Field(default_factory=list, description="the rows, in page order")
    site: SiteInfo = Field(default_factory=SiteInfo, description="the page chrome")


class ForumCategory(_Model):
    """A category (分区) of the forum index and its forums."""

    gid: int | None = Field(default=None, description="the category's id")
    name: str | None = Field(default=None, description="the category's name")
    url: str | None = Field(default=None, description="the link to the category page")
    forums: list[ForumSummary] = Field(default_factory=list, description="its forums, in order")


class ForumIndex(_Model):
    """The forum index (``forum.php``) or one category's page (``forum.php?gid=G``)."""

    kind: PageKind = Field(default=PageKind.DESKTOP, description="which rendering the page is")
    url: str | None = Field(default=None, description="the URL it was read from")
    breadcrumb: list[Link] = Field(default_factory=list, description="the navigation links")
    categories: list[ForumCategory] = Field(default_factory=list, description="the categories, in order")
    threads: int | None = Field(default=None, description="the site's thread count, where shown")
    posts: int | None = Field(default=None, description="the site's post count, where shown")
    members: int | None = Field(default=None, description="the site's member count, where shown")
    today_posts: int | None = Field(default=None, description="posts made today, where shown")
    yesterday_posts: int | None = Field(default=None, description="posts made yesterday, where shown")
    newest_member: str | None = Field(default=None, description="the newest member's name, where shown")
    site: SiteInfo = Field(default_factory=SiteInfo, description="the page chrome")
