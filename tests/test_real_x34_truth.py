"""Desktop pages of a real X3.4 install agree with the database, field by field."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import pytest

from discuz_extract import Post, PostStatus, Thread, merge_pages, parse_page

from .conftest import LOCAL, load_truth, require

SITE = "http://127.0.0.1:8082/"


def strip_bbcode(message: str) -> str:
    """What a reader sees of a BBCode message, minus what the parser keeps apart."""
    text = re.sub(r"\[quote\].*?\[/quote\]", "", message, flags=re.S)
    text = re.sub(r"\[i=s\].*?\[/i\]", "", text, flags=re.S)  # edit note
    text = re.sub(r"\[hide(=[^\]]*)?\].*?\[/hide\]", "", text, flags=re.S)
    text = re.sub(r"\[(attach|img)\].*?\[/\1\]", "", text, flags=re.S)
    text = re.sub(r"\[/?[a-z*]+(=[^\]]*)?\]", "", text)
    return re.sub(r"\s+", "", text)


def thread_from(stem: str, pages: int) -> Thread:
    parsed = [
        parse_page(
            require(LOCAL / f"{stem}.p{n}.html").read_bytes(), url=f"{SITE}forum.php?mod=viewthread&tid=2&page={n}"
        )
        for n in range(1, pages + 1)
    ]
    return merge_pages(parsed)


@pytest.fixture(scope="module", params=["multipage.desktop", "multipage.rewrite"])
def multipage(request: pytest.FixtureRequest) -> tuple[Thread, dict[str, Any]]:
    return thread_from(request.param, 3), load_truth("multipage")


def truth_posts(truth: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {p["pid"]: p for p in truth["posts"]}


def test_thread_header(multipage: tuple[Thread, dict[str, Any]]) -> None:
    thread, truth = multipage
    assert thread.tid == truth["tid"] and thread.title == truth["subject"]
    assert (thread.views, thread.replies) == (truth["views"], truth["replies"])
    assert thread.forum is not None and (thread.forum.fid, thread.forum.name) == (truth["fid"], truth["forum_name"])
    assert thread.page_count == 3
    assert thread.site.name == truth["settings"]["bbname"]


def test_every_post_identity_floor_author_time(multipage: tuple[Thread, dict[str, Any]]) -> None:
    thread, truth = multipage
    expected = truth_posts(truth)
    assert [p.pid for p in thread.posts] == [p["pid"] for p in sorted(truth["posts"], key=lambda p: p["position"])]
    for post in thread.posts:
        row = expected[post.pid or 0]
        assert post.floor == row["position"]
        assert post.is_first == bool(row["first"])
        assert post.author is not None
        assert (post.author.name, post.author.uid) == (row["author"], row["authorid"])
        assert post.posted_at == datetime.fromtimestamp(row["dateline"], tz=timezone.utc)


def test_author_stats(multipage: tuple[Thread, dict[str, Any]]) -> None:
    thread, truth = multipage
    assert len(thread.posts) == len(truth["posts"]) == 29  # every post is checked below
    for post in thread.posts:
        assert post.author is not None
        user = truth["authors"][str(post.author.uid)]
        got = (post.author.threads, post.author.posts, post.author.credits, post.author.group)
        assert got == (user["threads"], user["posts"], user["credits"], user["group_title"])
        assert (post.author.rank or 0) == user["stars"]


def test_text_matches_bbcode(multipage: tuple[Thread, dict[str, Any]]) -> None:
    thread, truth = multipage
    expected = truth_posts(truth)
    assert len(thread.posts) == len(truth["posts"]) == 29  # every post is checked below
    for post in thread.posts:
        row = expected[post.pid or 0]
        if post.status is PostStatus.BLOCKED:
            continue
        assert re.sub(r"\s+", "", post.text) == strip_bbcode(row["message"]), post.floor


def test_blocked_posts_marked_and_empty(multipage: tuple[Thread, dict[str, Any]]) -> None:
    thread, truth = multipage
    by_pid = {p.pid: p for p in thread.posts}
    banned_users = {int(uid) for uid, u in truth["authors"].items() if u["groupid"] in (4, 5)}
    for row in truth["posts"]:
        post = by_pid[row["pid"]]
        should_block = row["status"] & 1 or row["authorid"] in banned_users
        assert (post.status is PostStatus.BLOCKED) == bool(should_block), row["position"]
        if should_block:
            assert post.text == "" and post.html == ""


def floor(thread: Thread, n: int) -> Post:
    return next(p for p in thread.posts if p.floor == n)


def test_special_features(multipage: tuple[Thread, dict[str, Any]]) -> None:
    thread, _ = multipage
    assert [q.pid for q in floor(thread, 4).quotes] == [6]
    assert floor(thread, 4).quotes[0].author == "技术宅小明"
    assert floor(thread, 5).code_blocks[0].splitlines()[3] == "    echo $i;"
    assert [i.url for i in floor(thread, 6).images] == ["https://img.example.com/forum/202409/screenshot_01.jpg"]
    edit = floor(thread, 8).edit
    assert edit is not None and edit.editor == "春风拂面" and edit.edited_at_text == "2024-9-2 11:23"
    assert floor(thread, 10).signature == "生活不止眼前的苟且，还有诗和远方。 我的博客"
    assert floor(thread, 11).status is PostStatus.HIDDEN
    assert floor(thread, 15).attachments_restricted
    assert "<script>alert(1)</script>" in floor(thread, 25).text
    assert floor(thread, 29).posted_at_text == "昨天 22:43"


def test_poll_thread_desktop() -> None:
    truth = load_truth("poll")
    page = parse_page(require(LOCAL / "poll.desktop.p1.html").read_bytes())
    assert page.title == truth["subject"]
    assert [p.pid for p in page.posts] == [p["pid"] for p in truth["posts"]]
    for post, row in zip(page.posts, truth["posts"]):
        assert post.author is not None and post.author.uid == row["authorid"]
        assert post.posted_at == datetime.fromtimestamp(row["dateline"], tz=timezone.utc)
