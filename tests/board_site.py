"""A generated Discuz! X3.4 board on loopback, mutable between requests: for crawl tests.

``Board`` serves a GBK site the way X3.4 does, from a real HTTP server on 127.0.0.1
(``discuz_extract.testing.LoopbackSite``): the forum index (``forum.php``, two categories), a
board of 55 threads over three listing pages (``forum.php?mod=forumdisplay&fid=2&page=P`` and
``forum-2-P.html``) whose three stickies repeat on every page, a second small board, every
thread page (``forum.php?mod=viewthread&tid=T&page=P`` and ``thread-T-P-1.html``; several
threads have two to four pages) and ``robots.txt`` (Discuz's default). Every page is rendered
on request by the fixture generators (``fixtures/generate.py`` for thread pages and message
pages, ``fixtures/generate_forum.py`` for listings and the index) from the data the board
holds, so a change between two requests shows on the next one:

    with Board() as board:
        board.add_replies(1010, 3)       # new posts; the row goes to the top of page 1
        board.delete_thread(1011)         # the row goes; the thread answers "not found"

The data is the truth a test compares with, field by field: ``threads`` (``BoardThread`` with
its ``BoardPost``s), ``forums``, ``listing_rows(fid, page)`` (the rows a listing page shows, as
``generate_forum.Row``), ``listing_page_count(fid)``, ``thread_page_posts(tid, page)``. Every
request is recorded (``hits``, ``hit_counts()``).
"""

from __future__ import annotations

import dataclasses
import html
import math
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from discuz_extract.testing import Hit, LoopbackSite, Reply

from .fixtures import generate as GT
from .fixtures import generate_forum as GF

NOW = GF.NOW  # the time every page's footer prints
PPP = 10  # posts per thread page
TPP = 20  # rows per listing page, stickies aside
CHARSET = "gbk"
BBNAME = GT.BBNAME
TYPES = {1: "讨论", 2: "求助", 3: "分享"}
COOKIE_PREFIX = "Fx2p_2132_"
MAIN_FID, SMALL_FID = 2, 7
# Discuz X3.4's robots.txt as it ships
ROBOTS = """#
# robots.txt for Discuz! X3
#

User-agent: *
Disallow: /api/
Disallow: /data/
Disallow: /source/
Disallow: /install/
Disallow: /template/
Disallow: /config/
Disallow: /uc_client/
Disallow: /uc_server/
Disallow: /static/
Disallow: /admin.php
Disallow: /search.php
Disallow: /member.php
Disallow: /api.php
Disallow: /misc.php
Disallow: /connect.php
Disallow: /forum.php?mod=redirect*
Disallow: /forum.php?mod=post*
Disallow: /home.php?mod=spacecp*
Disallow: /userapp.php?mod=app&*
Disallow: /*?mod=misc*
Disallow: /*?mod=attachment*
Disallow: /*mobile=yes*
"""
# what a gated thread answers (generate.py's message pages), by name
GATES = {
    "login": lambda: GT.showmessage("抱歉，您尚未登录，没有权限访问该版块", CHARSET, login=True, kind="alert_info"),
    "readperm": lambda: GT.showmessage("抱歉，本帖要求阅读权限高于 50 才能浏览", CHARSET, kind="alert_info"),
    "forumperm": lambda: GT.showmessage("抱歉，您没有权限访问该版块", CHARSET, kind="alert_info"),
    "cc-refresh": lambda: GT.cc_page(
        CHARSET, "频繁刷新限制", "您访问本站速度过快或者刷新间隔时间小于两秒！请等待页面自动跳转 ..."
    ),
}
# gates that answer with a redirect (Discuz sends guests to the login page)
REDIRECT_GATES = {"login-redirect": "member.php?mod=logging&action=login"}
NOT_FOUND_THREAD = "抱歉，指定的主题不存在或已被删除或正在被审核"
NOT_FOUND_FORUM = "抱歉，指定的版块不存在"

_SUBJECT_HEADS = ["求助", "分享", "讨论", "心得", "评测", "吐槽", "科普", "晒单"]
_SUBJECT_TOPICS = ["手机续航", "降噪耳机", "机械键盘", "路由器", "平板电脑", "智能手表", "移动电源", "显示器",
                   "固态硬盘", "相机镜头", "蓝牙音箱", "电纸书", "投影仪", "扫地机器人"]  # fmt: skip
_SUBJECT_TAILS = ["怎么选", "一周体验", "有没有推荐", "避坑指南", "值不值得买", "长期使用报告", "对比"]
_SENTENCES = [
    "用了一段时间，整体感觉还不错。",
    "价格有点高，等活动再入手比较划算。",
    "续航比宣传的要短一些，不过够用。",
    "做工扎实，细节处理得很到位。",
    "说明书写得太简单，很多功能要自己摸索。",
    "客服回复很快，问题当天就解决了。",
    "同价位里算是第一梯队的选择。",
    "楼主说得对，我也遇到过同样的情况。",
    "顶一下，期待后续更新。",
    "请问在哪里买的？有链接吗？",
]


def _users() -> list[GT.User]:
    names = ["数码老张", "极客小王", "果粉小李", "摄影师阿明", "旅行者", "潜水员", "安卓控", "路人甲",
             "新人小白", "版主大刘", "副版主", "键盘侠", "夜猫子", "老司机"]  # fmt: skip
    rng = random.Random(7)
    return [
        GT.User(100 + i, name, rng.randint(1, 400), rng.randint(10, 30000), rng.randint(0, 60000), "中级会员", 12, 3)
        for i, name in enumerate(names)
    ]


USERS = _users()


@dataclass
class BoardPost:
    """One post: the floor it has, who wrote it, when, and its text (one line a paragraph)."""

    pid: int
    floor: int
    user: GT.User
    at: datetime
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The text the parser gives back (``Post.text``)."""
        return "\n".join(self.lines)

    @property
    def message(self) -> str:
        return "<br />\r\n".join(html.escape(line, quote=False) for line in self.lines)


@dataclass
class BoardThread:
    """A thread of the board: its listing fields and its posts (floor 1 first)."""

    tid: int
    fid: int
    subject: str
    views: int
    posts: list[BoardPost]
    sticky: int = 0  # displayorder: 1 forum, 2 category, 3 global
    digest: int = 0
    typeid: int = 0

    @property
    def author(self) -> GT.User:
        return self.posts[0].user

    @property
    def replies(self) -> int:
        return len(self.posts) - 1

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(len(self.posts) / PPP))

    def page_posts(self, page: int) -> list[BoardPost]:
        return self.posts[(page - 1) * PPP : page * PPP]

    def row(self) -> GF.Row:
        """The ``forum_thread`` row a listing reads (times to the minute, as it prints them)."""
        first, last = self.posts[0], self.posts[-1]
        return GF.Row(
            self.tid, self.subject, first.user.name, first.user.uid, _minute(first.at), _minute(last.at),
            last.user.name, self.views, self.replies, self.sticky, digest=self.digest, typeid=self.typeid,
        )  # fmt: skip


@dataclass(frozen=True)
class BoardForum:
    fid: int
    name: str
    gid: int
    category: str
    description: str
    moderators: tuple[str, ...] = ()


FORUMS = (
    BoardForum(MAIN_FID, "数码广场", 1, "综合讨论区", "手机、电脑、耳机等数码产品交流", ("版主大刘", "副版主")),
    BoardForum(SMALL_FID, "灌水乐园", 10, "生活休闲", "随便聊聊"),
)


@dataclass
class _ListingSite(GF.Site):
    """generate_forum's site, with the stickies on every page (the board's setting)."""

    def _ordered(self) -> tuple[list[GF.Row], list[GF.Row]]:
        ordered = sorted(self.rows, key=lambda r: (-r.displayorder, -r.lastpost.timestamp(), -r.tid))
        return [r for r in ordered if r.displayorder], [r for r in ordered if not r.displayorder]

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(len(self._ordered()[1]) / self.tpp))

    def page_rows(self, page: int) -> list[GF.Row]:
        stickies, normal = self._ordered()
        return stickies + normal[(page - 1) * self.tpp : page * self.tpp]


def _minute(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0)


class _Server(LoopbackSite):
    """A LoopbackSite whose replies come from the board at the time of each request (a path
    given a ``route`` answers that instead)."""

    def __init__(self, board: Board, max_requests: int) -> None:
        super().__init__(max_requests=max_requests)
        self.board = board

    def _next_reply(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.hits.append(Hit(path, headers, time.monotonic()))
            over = len(self.hits) > self.max_requests
            routed = self.routes.get(path)
        if over:
            return Reply(status=503, body=b"request budget of the test server used up")
        return routed[0] if routed else self.board.reply_for(path)


class Board:
    """The board; a context manager that serves it (see the module's docstring).

    ``not_found_status`` is what a missing or deleted thread answers with its message page:
    404 (X3.5) or 200 (X3.4). ``robots`` is the robots.txt served (``None``: a 404).
    """

    def __init__(
        self,
        *,
        not_found_status: int = 404,
        robots: str | None = ROBOTS,
        main_threads: int = 55,
        seed: int = 34,
        max_requests: int = 20_000,
    ) -> None:
        self.not_found_status = not_found_status
        self.robots = robots
        self.forums = {f.fid: f for f in FORUMS}
        self.threads: dict[int, BoardThread] = {}
        self.deleted: set[int] = set()
        self.gates: dict[int, tuple[str, frozenset[int] | None]] = {}
        self.faults: dict[tuple[int, int], int] = {}
        self.listing_faults: dict[tuple[int, int], int] = {}
        self.redirect_rows: dict[int, tuple[int, GF.Row]] = {}  # redirect tid -> (its forum, the row)
        self._lock = threading.RLock()
        self._rng = random.Random(seed)
        self._next_pid = 70001
        self._clock = NOW - timedelta(days=2)  # new posts are made from here on, a minute apart
        self._build(main_threads)
        self.server = _Server(self, max_requests)

    # --- serving ---------------------------------------------------------------------------------

    def __enter__(self) -> Board:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.server.__exit__(*exc)

    @property
    def base(self) -> str:
        return self.server.base

    def url(self, path: str) -> str:
        return self.server.url(path)

    def thread_url(self, tid: int, page: int = 1, *, rewrite: bool = True) -> str:
        if rewrite:
            return self.url(f"thread-{tid}-{page}-1.html")
        return self.url(f"forum.php?mod=viewthread&tid={tid}&page={page}")

    def listing_url(self, fid: int = MAIN_FID, page: int = 1, *, rewrite: bool = True) -> str:
        if rewrite:
            return self.url(f"forum-{fid}-{page}.html")
        return self.url(f"forum.php?mod=forumdisplay&fid={fid}&page={page}")

    @property
    def index_url(self) -> str:
        return self.url("forum.php")

    @property
    def hits(self) -> list[Hit]:
        return self.server.hits

    def hits_for(self, path: str) -> list[Hit]:
        return self.server.hits_for(path)

    def hit_counts(self) -> Counter[str]:
        """Requests per path (with its query), as the server saw them."""
        with self.server._lock:
            return Counter(h.path for h in self.server.hits)

    # --- the truth --------------------------------------------------------------------------------

    def forum_threads(self, fid: int) -> list[BoardThread]:
        with self._lock:
            return [t for t in self.threads.values() if t.fid == fid]

    def listing_rows(self, fid: int, page: int) -> list[GF.Row]:
        """The rows listing page ``page`` of forum ``fid`` shows, in order (stickies first)."""
        with self._lock:
            return self._site(self.forums[fid]).page_rows(page)

    def listing_page_count(self, fid: int) -> int:
        with self._lock:
            return self._site(self.forums[fid]).page_count

    def thread_page_posts(self, tid: int, page: int) -> list[BoardPost]:
        with self._lock:
            return list(self.threads[tid].page_posts(page))

    def multi_page_threads(self, fid: int = MAIN_FID) -> list[BoardThread]:
        return [t for t in self.forum_threads(fid) if t.page_count > 1]

    # --- changes between requests -------------------------------------------------------------------

    def add_replies(self, tid: int, n: int, *, user: GT.User | None = None) -> list[BoardPost]:
        """``n`` new replies, a minute apart: the thread's pages, its row (replies, last post, last
        poster; it moves to the top, as Discuz lists by last post) and the index change."""
        with self._lock:
            thread = self.threads[tid]
            added = [self._post(thread, user or USERS[(tid + i) % len(USERS)], self._tick()) for i in range(n)]
            thread.posts.extend(added)
            thread.views += n
            return added

    def add_thread(
        self, subject: str, *, fid: int = MAIN_FID, user: GT.User | None = None, replies: int = 0, sticky: int = 0
    ) -> BoardThread:
        """A new thread (the next tid), started now, with ``replies`` replies after it."""
        with self._lock:
            tid = max([*self.threads, *self.deleted, *self.redirect_rows]) + 1
            thread = BoardThread(tid, fid, subject, views=1 + 3 * replies, posts=[], sticky=sticky)
            thread.posts.append(self._post(thread, user or USERS[tid % len(USERS)], self._tick()))
            self.threads[tid] = thread
        self.add_replies(tid, replies)
        return thread

    def delete_thread(self, tid: int) -> BoardThread:
        """The row disappears; the thread's URLs answer Discuz's not-found message page."""
        with self._lock:
            self.deleted.add(tid)
            return self.threads.pop(tid)

    def gate(self, tid: int, kind: str, pages: Iterable[int] | None = None) -> None:
        """Thread ``tid`` (or only these pages of it) answers the gate page ``kind`` (``GATES``), or
        redirects to where ``REDIRECT_GATES`` says."""
        if kind not in GATES and kind not in REDIRECT_GATES:
            raise ValueError(f"unknown gate {kind!r}: one of {sorted([*GATES, *REDIRECT_GATES])}")
        with self._lock:
            self.gates[tid] = (kind, frozenset(pages) if pages is not None else None)

    def fail_listing(self, fid: int, page: int, status: int = 503) -> None:
        """Listing page ``page`` of forum ``fid`` answers ``status`` with no Discuz page, every time."""
        with self._lock:
            self.listing_faults[(fid, page)] = status

    def move_thread(self, tid: int, fid: int, *, redirect: bool = True) -> int | None:
        """Thread ``tid`` moves to forum ``fid``. With ``redirect`` (Discuz's "leave a redirect"),
        the old forum keeps a moved-thread row of its own tid pointing to it, a copy of the row
        at the move (it does not follow the thread's new replies); returns that row's tid."""
        with self._lock:
            thread = self.threads[tid]
            old, thread.fid = thread.fid, fid
            if not redirect:
                return None
            rid = max([*self.threads, *self.deleted, *self.redirect_rows]) + 1
            self.redirect_rows[rid] = (old, dataclasses.replace(thread.row(), tid=rid, closed=tid, displayorder=0))
            return rid

    def fail(self, tid: int, page: int, status: int = 503) -> None:
        """Page ``page`` of thread ``tid`` answers ``status`` with no Discuz page, every time."""
        with self._lock:
            self.faults[(tid, page)] = status

    # --- building the data ----------------------------------------------------------------------------

    def _tick(self) -> datetime:
        self._clock += timedelta(minutes=1, seconds=7)
        return min(self._clock, NOW - timedelta(seconds=30))

    def _post(self, thread: BoardThread, user: GT.User, at: datetime) -> BoardPost:
        self._next_pid += 1
        count = self._rng.randint(1, 3)
        lines = tuple(
            "".join(self._rng.choice(_SENTENCES) for _ in range(self._rng.randint(1, 3))) for _ in range(count)
        )
        return BoardPost(self._next_pid, len(thread.posts) + 1, user, at, lines)

    def _build(self, main_threads: int) -> None:
        """The main board: three stickies, then threads of 0 to 8 replies, every fifth of 10 to 34."""
        rng = self._rng
        start = datetime(2024, 9, 1, 9, 0, tzinfo=NOW.tzinfo)
        for i in range(main_threads):
            tid = 1001 + i
            subject = f"{rng.choice(_SUBJECT_HEADS)}：{rng.choice(_SUBJECT_TOPICS)}{rng.choice(_SUBJECT_TAILS)}"
            sticky = {0: 3, 1: 2, 2: 1}.get(i, 0)
            replies = rng.randint(10, 34) if i % 5 == 4 else rng.randint(0, 8)
            thread = BoardThread(tid, MAIN_FID, f"{subject}（{tid}）", 0, [], sticky=sticky, typeid=i % 4)
            thread.digest = 1 if i % 11 == 6 else 0
            self._fill(thread, start + timedelta(hours=17 * i, minutes=rng.randint(0, 59)), replies)
        for i, subject in enumerate(("新人报到", "周末去哪儿玩", "今天的晚饭", "随手拍：秋天")):
            thread = BoardThread(2001 + i, SMALL_FID, subject, 0, [])
            self._fill(thread, start + timedelta(days=3 * i, hours=5), 2 + 3 * i)

    def _fill(self, thread: BoardThread, started: datetime, replies: int) -> None:
        at = started
        for n in range(replies + 1):
            user = USERS[(thread.tid * 7 + n * 3) % len(USERS)]
            thread.posts.append(self._post(thread, user, at + timedelta(seconds=self._rng.randint(0, 59))))
            at += timedelta(hours=self._rng.randint(1, 20), minutes=self._rng.randint(0, 59))
        thread.views = 20 + 9 * replies + self._rng.randint(0, 400)
        self.threads[thread.tid] = thread

    # --- rendering ------------------------------------------------------------------------------------

    def _site(self, forum: BoardForum) -> _ListingSite:
        threads = [t for t in self.threads.values() if t.fid == forum.fid]
        today = NOW.replace(hour=0, minute=0, second=0)
        return _ListingSite(
            tag="board", charset=CHARSET, words=GF.SC, url=self.base, bbname=BBNAME, returning=True,
            mobile_stickies=False, fid=forum.fid, forum=forum.name, gid=forum.gid, category=forum.category,
            description=forum.description, moderators=forum.moderators, types=TYPES, type_icons=False,
            todayposts=sum(1 for t in threads for p in t.posts if p.at >= today), tpp=TPP, ppp=PPP,
            rows=[t.row() for t in threads] + [r for f, r in self.redirect_rows.values() if f == forum.fid],
            categories=self._categories(), stats=self._stats(),
            newest_member=USERS[-1].name,
        )  # fmt: skip

    def _categories(self) -> tuple[GF.Category, ...]:
        by_gid: dict[int, list[GF.ForumEntry]] = {}
        names: dict[int, str] = {}
        for forum in self.forums.values():
            by_gid.setdefault(forum.gid, []).append(self._entry(forum))
            names[forum.gid] = forum.category
        return tuple(GF.Category(gid, names[gid], tuple(entries)) for gid, entries in by_gid.items())

    def _entry(self, forum: BoardForum) -> GF.ForumEntry:
        threads = [t for t in self.threads.values() if t.fid == forum.fid]
        today = NOW.replace(hour=0, minute=0, second=0)
        latest = max(threads, key=lambda t: t.posts[-1].at, default=None)
        last = (
            GF.LastPost(latest.tid, latest.subject, _minute(latest.posts[-1].at), latest.posts[-1].user.name)
            if latest
            else None
        )
        return GF.ForumEntry(
            forum.fid, forum.name, forum.description, len(threads), sum(len(t.posts) for t in threads),
            sum(1 for t in threads for p in t.posts if p.at >= today), forum.moderators, last,
        )  # fmt: skip

    def _stats(self) -> dict[str, int]:
        posts = [p for t in self.threads.values() for p in t.posts]
        today = NOW.replace(hour=0, minute=0, second=0)
        yesterday = today - timedelta(days=1)
        return {
            "today_posts": sum(1 for p in posts if p.at >= today),
            "yesterday_posts": sum(1 for p in posts if yesterday <= p.at < today),
            "posts": len(posts),
            "members": len(USERS),
        }

    def _spec(self, thread: BoardThread) -> GT.ThreadSpec:
        site = self._site(self.forums[thread.fid])
        pages = [[self._p(site, post) for post in thread.page_posts(n)] for n in range(1, thread.page_count + 1)]
        return GT.ThreadSpec(
            tid=thread.tid, fid=thread.fid, forum=self.forums[thread.fid].name, subject=thread.subject,
            views=thread.views, replies=thread.replies, pages=pages, footer_time=GF.ymdhi(NOW), processed="0.031234",
            queries=14, copyright="Copyright &copy; 2001-2023, Tencent Cloud.", thread_author=thread.author,
            charset=CHARSET,
        )  # fmt: skip

    @staticmethod
    def _p(site: _ListingSite, post: BoardPost) -> GT.P:
        """As viewthread prints a time: relative within a week (the exact time in a title)."""
        exact = f"{GF.ymd(post.at)} {post.at:%H:%M:%S}"
        if NOW - post.at >= timedelta(days=7):
            return GT.P(post.pid, post.floor, post.user, exact, post.message)
        shown = GF.dgmdate(site, post.at, with_time=True, mobile=True)
        return GT.P(post.pid, post.floor, post.user, shown, post.message, time_title=exact)

    def _page(self, text: str, status: int = 200) -> Reply:
        body = text.replace(GT.SITE, self.base).encode(CHARSET)
        headers = {
            "Content-Type": f"text/html; charset={CHARSET}",
            "Set-Cookie": f"{COOKIE_PREFIX}saltkey=k8Zq2Xa1; path=/; httponly",
        }
        return Reply(body=body, status=status, headers=headers)

    # --- routing -------------------------------------------------------------------------------------

    def reply_for(self, path: str) -> Reply:
        """What the board answers to ``path`` (with its query) right now."""
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            if parts.path == "/robots.txt":
                if self.robots is None:
                    return Reply(status=404, body=b"not found")
                return Reply(body=self.robots.encode(), headers={"Content-Type": "text/plain"})
            if m := re.fullmatch(r"/thread-(\d+)-(\d+)-\d+\.html", parts.path):
                return self._thread(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"/forum-(\d+)-(\d+)\.html", parts.path):
                return self._listing(int(m[1]), int(m[2]), rewrite=True)
            if parts.path == "/forum.php":
                return self._forum_php(query)
        return Reply(status=404, body=b"not found")

    def _forum_php(self, query: dict[str, str]) -> Reply:
        number = {k: int(v) for k, v in query.items() if v.isdigit()}
        mod = query.get("mod")
        if mod == "viewthread" and "tid" in number:
            return self._thread(number["tid"], number.get("page", 1))
        if mod == "forumdisplay" and "fid" in number:
            return self._listing(number["fid"], number.get("page", 1), rewrite=False)
        if mod is None:
            gid = number.get("gid")
            return self._page(GF.desktop_index(self._site(FORUMS[0]), gid, rewrite=True))
        return Reply(status=404, body=b"not found")

    def _thread(self, tid: int, page: int) -> Reply:
        thread = self.threads.get(tid)
        if thread is None:
            return self._page(GT.showmessage(NOT_FOUND_THREAD, CHARSET), self.not_found_status)
        page = min(max(page, 1), thread.page_count)  # Discuz shows the last page for a page past it
        if (tid, page) in self.faults:
            return Reply(status=self.faults[(tid, page)], body=b"<html><body>Service Unavailable</body></html>")
        gate = self.gates.get(tid)
        if gate is not None and (gate[1] is None or page in gate[1]):
            if gate[0] in REDIRECT_GATES:
                return Reply.redirect(self.url(REDIRECT_GATES[gate[0]]))
            return self._page(GATES[gate[0]]())
        return self._page(GT.page_html(self._spec(thread), page, "回帖"))

    def _listing(self, fid: int, page: int, *, rewrite: bool) -> Reply:
        forum = self.forums.get(fid)
        if forum is None:
            return self._page(GT.showmessage(NOT_FOUND_FORUM, CHARSET), self.not_found_status)
        if (fid, page) in self.listing_faults:
            return Reply(status=self.listing_faults[(fid, page)], body=b"<html><body>Service Unavailable</body></html>")
        site = self._site(forum)
        return self._page(GF.desktop_listing(site, min(max(page, 1), site.page_count), rewrite))


# --- what the parsers should give back, for tests to compare field by field ------------------------------

PostFields = tuple[int | None, int | None, str | None, int | None, datetime | None, str]


def expected_row(board: Board, row: GF.Row, page: int, *, rewrite: bool) -> dict[str, object]:
    """The ``ThreadSummary`` fields a desktop listing page shows for ``row`` (the rest are None/False)."""
    link = (
        f"thread-{row.tid}-1-{page}.html" if rewrite else f"forum.php?mod=viewthread&tid={row.tid}&extra=page%3D{page}"
    )
    return {
        "tid": row.tid,
        "url": board.base + link,
        "title": row.subject,
        "type_id": row.typeid or None,
        "type_name": TYPES.get(row.typeid),
        "author": row.author,
        "author_uid": row.uid,
        "created_on": row.dateline.date(),
        "replies": row.replies,
        "views": max(row.views, row.replies),
        "last_post_at": row.lastpost,
        "last_poster": row.lastposter,
        "sticky": row.displayorder,
        "digest": row.digest,
        "page_count": row.pages(PPP),
    }


def post_fields(
    pid: int | None, floor: int | None, name: str | None, uid: int | None, at: datetime | None, text: str
) -> PostFields:
    return (pid, floor, name, uid, at, text)


def expected_posts(posts: Iterable[BoardPost]) -> list[PostFields]:
    return [post_fields(p.pid, p.floor, p.user.name, p.user.uid, p.at, p.text) for p in posts]


@dataclass
class Truth:
    """What a test expects of a whole thread, from the board (compare with a parsed ``Thread``)."""

    tid: int
    title: str
    fid: int
    forum: str
    views: int
    replies: int
    page_count: int
    posts: list[PostFields] = field(default_factory=list)

    @classmethod
    def of(cls, board: Board, tid: int) -> Truth:
        with board._lock:
            t = board.threads[tid]
            forum = board.forums[t.fid].name
            return cls(t.tid, t.subject, t.fid, forum, t.views, t.replies, t.page_count, expected_posts(t.posts))
