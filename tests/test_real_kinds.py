"""Touch, archiver, printable and API pages of a real X3.4 install agree with the database
as far as each kind shows; public API responses yield their posts or their typed error."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from discuz_extract import (
    LoginRequired,
    NotAThreadPage,
    NotDiscuzPage,
    PageKind,
    PostStatus,
    Thread,
    ThreadNotFound,
    merge_pages,
    parse_page,
)

from .conftest import LOCAL, REAL, load_truth, require
from .test_real_x34_truth import strip_bbcode

SITE = "http://127.0.0.1:8082/"


def date_header(path: Path) -> datetime | None:
    headers = path.with_name(path.name + ".headers")
    if not headers.exists():
        return None
    m = re.search(r"^Date: (.+)$", headers.read_text(), re.M)
    return parsedate_to_datetime(m.group(1)) if m else None


def read(name: str, url: str | None = None) -> Any:
    path = require(LOCAL / name)
    return parse_page(path.read_bytes(), url=url, fetched_at=date_header(path))


def merged(names: list[str], urls: list[str | None] | None = None) -> Thread:
    urls = urls or [None] * len(names)
    return merge_pages([read(n, u) for n, u in zip(names, urls)])


def words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def epoch(row: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(row["dateline"], tz=timezone.utc)


@pytest.fixture(scope="module")
def truth() -> dict[str, Any]:
    return load_truth("multipage")


def visible_rows(truth: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(truth["posts"], key=lambda r: r["position"])


def blocked(row: dict[str, Any], truth: dict[str, Any]) -> bool:
    return bool(row["status"] & 1) or truth["authors"][str(row["authorid"])]["groupid"] in (4, 5)


def test_touch(truth: dict[str, Any]) -> None:
    thread = merged([f"multipage.touch.p{n}.html" for n in (1, 2, 3)])
    assert {p.kind for p in [read("multipage.touch.p1.html")]} == {PageKind.TOUCH}
    rows = visible_rows(truth)
    assert [p.pid for p in thread.posts] == [r["pid"] for r in rows]
    for post, row in zip(thread.posts, rows):
        assert post.floor == row["position"]
        assert post.author is not None and (post.author.name, post.author.uid) == (row["author"], row["authorid"])
        if post.posted_at_approximate:
            # touch prints "昨天 22:43" with no title: resolved against the response's Date
            assert post.posted_at is not None and abs((post.posted_at - epoch(row)).total_seconds()) < 120
        else:
            assert post.posted_at == epoch(row)
        assert (post.status is PostStatus.BLOCKED) == blocked(row, truth)
        if not blocked(row, truth):
            assert words(post.text) == strip_bbcode(row["message"]), post.floor
        assert post.author.threads is None and post.author.credits is None  # touch shows no stats


def test_archiver(truth: dict[str, Any]) -> None:
    thread = merged(["multipage.archiver.html", "multipage.archiver.p2.html"])
    rows = visible_rows(truth)[:20]
    assert thread.title == truth["subject"] and thread.site.name == "外链论坛"
    assert [p.floor for p in thread.posts] == [r["position"] for r in rows]
    for post, row in zip(thread.posts, rows):
        assert post.pid is None and post.author is not None and post.author.uid is None
        assert post.author.name == row["author"]
        assert post.posted_at == epoch(row)
        if blocked(row, truth):
            assert post.text == ""  # the archiver leaves blocked posts empty
        else:
            assert words(post.text) == strip_bbcode(row["message"]), post.floor
    assert thread.posts[3].quotes[0].author == "技术宅小明"
    assert thread.posts[7].edit is not None and thread.posts[7].edit.editor == "春风拂面"
    assert thread.posts[10].status is PostStatus.HIDDEN


def test_printable(truth: dict[str, Any]) -> None:
    page = read("multipage.printable.html")
    rows = visible_rows(truth)
    assert (page.kind, page.tid, page.title) == (PageKind.PRINTABLE, 2, truth["subject"])
    assert [p.floor for p in page.posts] == [r["position"] for r in rows]
    for post, row in zip(page.posts, rows):
        assert post.author is not None and post.author.name == row["author"]
        assert post.posted_at == epoch(row).replace(second=0)  # printable shows no seconds
        assert (post.status is PostStatus.BLOCKED) == blocked(row, truth)
        if not blocked(row, truth):
            assert words(post.text) == strip_bbcode(row["message"]), post.floor


def test_api(truth: dict[str, Any]) -> None:
    urls = [f"{SITE}api/mobile/index.php?version=4&module=viewthread&tid=2&page={n}" for n in (1, 2, 3)]
    thread = merged([f"multipage.api.p{n}.json" for n in (1, 2, 3)], urls)
    rows = visible_rows(truth)
    assert (thread.tid, thread.title, thread.views, thread.replies) == (2, truth["subject"], 1234, 28)
    assert thread.page_count == 3 and thread.site.utc_offset == 8.0
    assert [p.pid for p in thread.posts] == [r["pid"] for r in rows]
    for post, row in zip(thread.posts, rows):
        assert post.floor == row["position"] and post.posted_at == epoch(row)
        assert post.author is not None and post.author.uid == row["authorid"]
        assert (post.status is PostStatus.BLOCKED) == blocked(row, truth)
        if not blocked(row, truth):
            assert words(post.text) == strip_bbcode(row["message"]), post.floor


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("poll.touch.p1.html", PageKind.TOUCH),
        ("poll.archiver.html", PageKind.ARCHIVER),
        ("poll.api.p1.json", PageKind.API),
    ],
)
def test_poll_kinds(name: str, kind: PageKind) -> None:
    truth = load_truth("poll")
    page = read(name)
    assert page.kind is kind and page.title == truth["subject"]
    assert [p.author.name if p.author else None for p in page.posts] == [r["author"] for r in truth["posts"]]
    for post, row in zip(page.posts, truth["posts"]):
        assert words(post.text) == strip_bbcode(row["message"])


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("error-notfound.touch.html", ThreadNotFound),
        ("error-notfound.archiver.html", ThreadNotFound),
        ("error-notfound.api.json", ThreadNotFound),
        ("error-noperm.archiver.html", LoginRequired),
        ("error-noperm.api.json", LoginRequired),
        ("error-noperm.touch.html", NotDiscuzPage),  # an empty 302 body; the fetcher sees the login redirect
    ],
)
def test_gate_pages_of_every_kind(name: str, error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        read(name)
    assert type(caught.value) is error  # LoginRequired, not just some PermissionDenied


# every public API response in ../shared/real-pages and what it gives: its error, or the pids
# of its posts (the trade thread's raw JSON also holds 42787581, its trade item's pid)
API_OUTCOMES: dict[str, type[Exception] | list[int]] = {
    "01_stage1st-mobileapi-viewthread-trade.json": [42787580, 42787586],
    "02_stage1st-mobileapi-viewthread-nonexistent.json": ThreadNotFound,
    "03_stage1st-mobileapi-forumdisplay-fid6.json": NotAThreadPage,
    "04_stage1st-mobileapi-forumdisplay-fid51.json": NotAThreadPage,
    "05_comsenz-testsite-mobileapi-v5-viewthread-activity.json": [532],
    "06_comsenz-testsite-mobileapi-v5-forumdisplay.json": NotAThreadPage,
}


@pytest.mark.parametrize(("name", "outcome"), API_OUTCOMES.items())
def test_public_api_responses(name: str, outcome: type[Exception] | list[int]) -> None:
    raw = require(REAL / name).read_bytes()
    if isinstance(outcome, type):
        with pytest.raises(outcome) as caught:
            parse_page(raw)
        assert type(caught.value) is outcome
        return
    page = parse_page(raw)
    assert page.kind is PageKind.API and [p.pid for p in page.posts] == outcome
    assert all(p.posted_at is not None and p.author is not None for p in page.posts)


def test_every_public_api_response_has_an_expectation() -> None:
    require(REAL)
    assert sorted(p.name for p in REAL.glob("*.json")) == sorted(API_OUTCOMES)


def test_trade_thread_api_attachments() -> None:
    first = parse_page(require(REAL / "01_stage1st-mobileapi-viewthread-trade.json").read_bytes()).posts[0]
    host = "https://img.saraba1st.com/forum/201903/03/"
    assert [(i.aid, i.url) for i in first.images] == [
        (542441, host + "232440u27tr24xzblc1kyb.jpeg"),
        (542440, host + "232439c7zzndb331rylnnv.jpeg"),
    ]
    assert [(a.aid, a.name, a.size) for a in first.attachments] == [
        (542441, "20190125_220729-01-01.jpeg", "1.93 MB"),
        (542440, "20190303_181034-01-01-01.jpeg", "1.91 MB"),
    ]
