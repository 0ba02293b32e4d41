"""Typed results. Everything a Discuz thread page shows lands in one of these models.

A field a page does not show is ``None`` (never guessed). Counts that the page only shows
rounded (``9909万``) are exact where the page also carries the exact value (a ``title``
attribute) and ``None`` otherwise; the text as shown is kept in ``Author.profile``.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urljoin, urlsplit

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

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
    """A link as the page shows it: its text and its target."""

    title: str | None = Field(default=None, description="the link text")
    url: str | None = Field(default=None, description="the link target, absolute where the page's URL was known")


class ForumRef(_Model):
    """The forum a thread belongs to."""

    fid: int | None = Field(default=None, description="the forum id")
    name: str | None = Field(default=None, description="the forum's name")
    url: str | None = Field(default=None, description="the link to the forum's listing")


class SiteInfo(_Model):
    """The page chrome: which site and software served the page, and the footer's figures."""

    name: str | None = Field(default=None, description="the site's name")
    url: str | None = Field(default=None, description="the site's base URL (the page's <base href>, where it has one)")
    software: str | None = Field(default=None, description="the software the footer names (Discuz!)")
    version: str | None = Field(default=None, description="the Discuz version, e.g. X3.4")
    charset: str | None = Field(default=None, description="the charset the page was decoded from")
    utc_offset: float | None = Field(default=None, description="hours east of UTC, from the footer's GMT+N")
    generated_at: datetime | None = Field(default=None, description="when the server made the page (footer), aware")
    processing_seconds: float | None = Field(default=None, description="the footer's 'Processed in N second(s)'")
    queries: int | None = Field(default=None, description="the footer's database query count")
    copyright: str | None = Field(default=None, description="the footer's copyright line")


class Author(_Model):
    """Who wrote a post, with the numbers card the page shows beside it."""

    uid: int | None = Field(default=None, description="the member's uid; None for guests and pid-less renderings")
    name: str | None = Field(default=None, description="the member's name as shown; None where not shown")
    group: str | None = Field(default=None, description="the user group's title (e.g. 论坛元老)")
    group_id: int | None = Field(default=None, description="the user group's id, where the page shows it")
    rank: int | None = Field(default=None, description="star level, from the Rank: N images")
    avatar_url: str | None = Field(default=None, description="the avatar image URL")
    threads: int | None = Field(default=None, description="threads started (主题)")
    posts: int | None = Field(
        default=None,
        description="total posts: the 帖子 figure, or 回帖 + 主题 where the page shows 回帖 (as Discuz computes it)",
    )
    replies: int | None = Field(
        default=None, description="the 回帖 figure (posts minus threads) where the page shows it"
    )
    credits: int | None = Field(
        default=None, description="credits (积分), exact where the page carries the exact value"
    )
    profile: dict[str, str] = Field(default_factory=dict, description="every label/value pair as shown")
    is_guest: bool = Field(default=False, description="a guest (not logged in) wrote the post")
    is_anonymous: bool = Field(default=False, description="the post was made anonymously (匿名)")


class EditInfo(_Model):
    """The edit note Discuz prints on an edited post (本帖最后由 ... 于 ... 编辑)."""

    editor: str | None = Field(default=None, description="who edited the post")
    edited_at: datetime | None = Field(default=None, description="when, aware")
    edited_at_text: str | None = Field(default=None, description="when, as shown")


class Quote(_Model):
    """A quote of another post at the top of a reply (taken out of ``Post.text``)."""

    author: str | None = Field(default=None, description="the quoted author's name")
    posted_at: datetime | None = Field(default=None, description="when the quoted post was made, aware")
    posted_at_text: str | None = Field(default=None, description="that time as shown")
    pid: int | None = Field(default=None, description="the quoted post's pid, where the quote links it")
    text: str = Field(default="", description="the quoted words, one line per line")


class Image(_Model):
    """An image in a post (an attached image or an external one)."""

    url: str = Field(description="the image URL (the real file, not the lazy-load placeholder)")
    aid: int | None = Field(default=None, description="the attachment id of an attached image")
    alt: str | None = Field(default=None, description="the alt text or file name")


class Attachment(_Model):
    """A file attached to a post."""

    name: str | None = Field(default=None, description="the file name")
    url: str | None = Field(default=None, description="the download link")
    size: str | None = Field(default=None, description="the size as shown (e.g. 1.2 MB)")
    aid: int | None = Field(default=None, description="the attachment id")
    downloads: int | None = Field(default=None, description="the download count shown")


class Post(_Model):
    """One post (floor) of a thread: who, when, and the author's words, cleaned."""

    pid: int | None = Field(default=None, description="the post id; None on renderings without pids")
    floor: int | None = Field(default=None, description="the floor number (1 is the opening post)")
    floor_label: str | None = Field(default=None, description="the floor as shown (楼主, 沙发, 5#)")
    is_first: bool = Field(default=False, description="the opening post of the thread")
    subject: str | None = Field(default=None, description="the post's own subject line, where it has one")
    author: Author | None = Field(default=None, description="who wrote it; None where not shown")
    posted_at: datetime | None = Field(default=None, description="when it was posted, aware (the site's UTC offset)")
    posted_at_text: str | None = Field(default=None, description="the time as shown (may be relative: 3 天前)")
    posted_at_approximate: bool = Field(
        default=False, description="posted_at was resolved from a relative time against the response Date"
    )
    edit: EditInfo | None = Field(default=None, description="the edit note, taken out of the text")
    text: str = Field(default="", description="the author's words, cleaned: one line per line, code included")
    html: str = Field(default="", description="the message's HTML after cleaning (as the page had it: untrusted)")
    quotes: list[Quote] = Field(default_factory=list, description="quotes of other posts, taken out of the text")
    code_blocks: list[str] = Field(
        default_factory=list, description="each code block verbatim, indentation included (also in text)"
    )
    images: list[Image] = Field(default_factory=list, description="the images in the post")
    attachments: list[Attachment] = Field(default_factory=list, description="the files attached")
    attachments_restricted: bool = Field(
        default=False, description="the page said attachments need a login or permission"
    )
    signature: str | None = Field(default=None, description="the author's signature under the post")
    status: PostStatus = Field(default=PostStatus.NORMAL, description="what the body shows (see PostStatus)")
    status_text: str | None = Field(default=None, description="the notice Discuz showed for a non-normal status")


class _ThreadHeader(_Model):
    tid: int | None = Field(default=None, description="the thread id")
    url: str | None = Field(default=None, description="the URL the thread or page was read from")
    title: str | None = Field(default=None, description="the thread's title")
    forum: ForumRef | None = Field(default=None, description="the forum the thread is in")
    breadcrumb: list[Link] = Field(default_factory=list, description="the navigation links above the thread")
    views: int | None = Field(default=None, description="the view count (查看)")
    replies: int | None = Field(default=None, description="the reply count (回复)")
    page_count: int | None = Field(default=None, description="how many pages the thread has")
    site: SiteInfo = Field(default_factory=SiteInfo, description="the page chrome")
    prev_thread: Link | None = Field(default=None, description="the previous thread's link (上一主题)")
    next_thread: Link | None = Field(default=None, description="the next thread's link (下一主题)")


class ThreadPage(_ThreadHeader):
    """What one page of a thread shows."""

    kind: PageKind = Field(default=PageKind.DESKTOP, description="which rendering the page is")
    page: int = Field(default=1, description="the page number")
    posts: list[Post] = Field(default_factory=list, description="the posts on the page, in page order")
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
    """A page of a thread that could not be read, and why."""

    page: int = Field(description="the page number")
    url: str | None = Field(default=None, description="the URL requested")
    error: str = Field(description="the error's message")
    error_type: str = Field(description="the error's class name (FetchError, ChallengePage, LimitExceeded ...)")


_THREAD_COMPUTED = ("article", "complete", "reply_texts")


class PageSource(_Model):
    """Where one page merged into a thread came from (a WARC record, for ``assemble_threads``)."""

    kind: PageKind = Field(description="the rendering the page was in")
    page: int = Field(description="its page number")
    url: str | None = Field(default=None, description="the URL it was fetched from (WARC-Target-URI)")
    record_id: str | None = Field(default=None, description="the WARC-Record-ID of its response record")
    fetched_at: datetime | None = Field(default=None, description="when it was fetched (WARC-Date)")


class PageRange(_Model):
    """Pages ``first`` to ``last`` (both included) left out, and the limit that left them out:
    ``max_pages`` (the caller's) or ``max_page_count`` (a pager claiming too many pages)."""

    first: int = Field(description="the first page left out")
    last: int = Field(description="the last page left out (included)")
    reason: str = Field(description="the setting that left them out: max_pages or max_page_count")

    @property
    def count(self) -> int:
        return self.last - self.first + 1


SKIPPED_PAGES_LISTED = 1000  # Thread.skipped_pages lists at most this many; skipped_ranges has them all


class Thread(_ThreadHeader):
    """A whole thread: every page merged, posts in floor order, each pid once.

    Its JSON also carries ``article``, ``complete`` and ``reply_texts`` (computed from the
    rest); ``Thread.model_validate`` accepts that JSON back and recomputes them.
    """

    posts: list[Post] = Field(default_factory=list, description="every post read, in floor order, each pid once")
    missing_pages: list[int] = Field(
        default_factory=list,
        description="pages up to the page count that were not read: failed after retries, or not given to merge_pages",
    )
    skipped_pages: list[int] = Field(
        default_factory=list,
        description="pages left out by max_pages or max_page_count: the first 1,000 (skipped_ranges has all)",
    )
    skipped_ranges: list[PageRange] = Field(
        default_factory=list, description="every page left out, as ranges with the limit that left them out"
    )
    truncated_pages: list[int] = Field(default_factory=list, description="pages that ended before their closing markup")
    failures: list[PageFailure] = Field(default_factory=list, description="why each failed page failed")
    conflicts: list[PostConflict] = Field(
        default_factory=list, description="copies of a pid that differ from the copy kept (nothing dropped silently)"
    )
    # provenance, set by assemble_threads; left out of dumps (the JSON of a thread is unchanged)
    sources: list[PageSource] = Field(
        default_factory=list,
        exclude=True,
        repr=False,
        description="where each merged page came from (assemble_threads)",
    )
    post_sources: list[int | None] = Field(
        default_factory=list, exclude=True, repr=False, description="per post: its index in sources"
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        """The computed fields of a Thread's own JSON are not inputs: they are recomputed."""
        if isinstance(data, dict) and any(name in data for name in _THREAD_COMPUTED):
            return {k: v for k, v in data.items() if k not in _THREAD_COMPUTED}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def article(self) -> str:
        """The cleaned text of floor 1 (the opening post), or ``""`` when it was not read."""
        first = next((p for p in self.posts if p.is_first), None)
        return first.text if first is not None else ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def complete(self) -> bool:
        """Every page of the thread was read, whole: no page missing, skipped or truncated."""
        return not (self.missing_pages or self.skipped_ranges or self.skipped_pages or self.truncated_pages)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reply_texts(self) -> list[str]:
        """The clean text of every reply (every post but the opening one), in floor order."""
        return [p.text for p in self.posts if not p.is_first]

    def to_document(
        self, granularity: Literal["thread", "page", "post"] = "thread", *, source: str = "discuz"
    ) -> list[CorpusDocument]:
        """Corpus rows in the shape dolma and datatrove use (``id``, ``text``, ``source``, ``added``,
        ``created``, ``metadata``): one for the thread, one per source page, or one per post."""
        from ._documents import thread_documents

        return thread_documents(self, granularity, source=source)

    def rows(self) -> list[dict[str, object]]:
        """One flat row per post (thread fields repeated), typed, for data frames and CSV.

        The columns are ``ROW_COLUMNS``: ints are ints (``None`` where unknown), ``posted_at``
        an aware datetime in UTC, ``is_first`` a bool. ``site`` and ``tid`` together name a
        thread (a tid is unique only within its site). ``ROW_DTYPES`` gives the pandas dtypes.
        """
        site = self._site_root()
        return [self._row(post, site) for post in self.posts]

    def _row(self, post: Post, site: str | None) -> dict[str, object]:
        author = post.author
        posted_at = post.posted_at
        return {
            "site": site,
            "url": self.url,
            "tid": self.tid,
            "title": self.title,
            "forum": self.forum.name if self.forum else None,
            "pid": post.pid,
            "floor": post.floor,
            "is_first": post.is_first,
            "author": author.name if author else None,
            "uid": author.uid if author else None,
            "group": author.group if author else None,
            "posted_at": posted_at.astimezone(timezone.utc) if posted_at and posted_at.tzinfo else posted_at,
            "status": post.status.value,
            "quotes": len(post.quotes),
            "images": len(post.images),
            "attachments": len(post.attachments),
            "text": post.text,
        }

    def _site_root(self) -> str | None:
        """The site's root URL: from the thread URL, else the page's ``<base href>``; None for a file."""
        from ._urls import parse_thread_url  # pure URL logic; imported late (it imports errors)

        for url in (self.url, self.site.url):
            if url:
                try:
                    return parse_thread_url(url).site
                except ValueError:  # InvalidThreadURL: a file, a site root
                    pass
        base = self.site.url
        parts = urlsplit(base) if base else None
        if base and parts is not None and parts.scheme in ("http", "https") and parts.netloc:
            return urljoin(base, ".")
        return None


# The columns of ``Thread.rows()`` and ``--format csv``, in order.
ROW_COLUMNS: tuple[str, ...] = (
    "site",
    "url",
    "tid",
    "title",
    "forum",
    "pid",
    "floor",
    "is_first",
    "author",
    "uid",
    "group",
    "posted_at",
    "status",
    "quotes",
    "images",
    "attachments",
    "text",
)
# The columns to give ``pandas.read_csv(parse_dates=...)``: ISO 8601 times in UTC.
ROW_DATE_COLUMNS: tuple[str, ...] = ("posted_at",)
# ``pandas.read_csv(path, dtype=ROW_DTYPES, parse_dates=list(ROW_DATE_COLUMNS))`` reads
# ``--format csv`` with nullable integers (an unknown uid stays <NA>, not a float).
ROW_DTYPES: dict[str, str] = {
    "site": "string",
    "url": "string",
    "tid": "Int64",
    "title": "string",
    "forum": "string",
    "pid": "Int64",
    "floor": "Int64",
    "is_first": "boolean",
    "author": "string",
    "uid": "Int64",
    "group": "string",
    "status": "string",
    "quotes": "Int64",
    "images": "Int64",
    "attachments": "Int64",
    "text": "string",
}


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
