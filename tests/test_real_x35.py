"""A real Discuz! X3.5 agrees with its database in every rendering, touch included, and its
threads 1-5 (which replay the X3.4 threads) give the same posts as their X3.4 twins."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from discuz_extract import (
    LoginRequired,
    PageKind,
    Post,
    PostStatus,
    Thread,
    ThreadNotFound,
    merge_pages,
    parse_page,
)

from .conftest import LOCAL, REAL, require
from .test_real_x34_truth import strip_bbcode

X35 = REAL / "discuz-x35-local"
SITE = "http://127.0.0.1:8092/"
# (stem, pages) of every thread rendering X3.5 was captured in
RENDERINGS = {
    "desktop": lambda stem, n: [f"{stem}.desktop.p{i}.html" for i in range(1, n + 1)],
    "rewrite": lambda stem, n: [f"{stem}.rewrite.p{i}.html" for i in range(1, n + 1)],
    "touch": lambda stem, n: [f"{stem}.touch.p{i}.html" for i in range(1, n + 1)],
    "api": lambda stem, n: [f"{stem}.api.p{i}.json" for i in range(1, n + 1)],
    "archiver": lambda stem, n: (
        [f"{stem}.archiver.html"] + [f"{stem}.archiver.p{i}.html" for i in range(2, min(n, 2) + 1)]
    ),
    "printable": lambda stem, n: [f"{stem}.printable.html"],
}
KIND = {"rewrite": PageKind.DESKTOP}
STEMS = ["multipage", "poll", "jammer", "seed-thread"]
WITH_PIDS = ("desktop", "rewrite", "touch", "api")


def truth(stem: str, folder: Path = X35) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(require(folder / f"{stem}.truth.json").read_text(encoding="utf-8"))
    return data


def date_header(path: Path) -> datetime | None:
    side = path.with_name(path.name + ".headers")
    m = re.search(r"^Date: (.+)$", side.read_text(), re.M) if side.exists() else None
    return parsedate_to_datetime(m.group(1)) if m else None


def read_thread(folder: Path, stem: str, rendering: str, pages: int, tid: int) -> Thread:
    parsed = []
    for number, name in enumerate(RENDERINGS[rendering](stem, pages), start=1):
        path = require(folder / name)
        url = f"{SITE}api/mobile/index.php?version=4&module=viewthread&tid={tid}&page={number}"
        parsed.append(
            parse_page(path.read_bytes(), url=url if rendering == "api" else None, fetched_at=date_header(path))
        )
    assert {p.kind for p in parsed} == {KIND[rendering] if rendering in KIND else PageKind(rendering)}
    return merge_pages(parsed)


def blocked(row: dict[str, Any], data: dict[str, Any]) -> bool:
    return bool(row["status"] & 1) or data["authors"][str(row["authorid"])]["groupid"] in (4, 5)


def epoch(row: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(row["dateline"], tz=timezone.utc)


def words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shown_rows(data: dict[str, Any], rendering: str) -> list[dict[str, Any]]:
    rows = sorted(data["posts"], key=lambda r: r["position"])
    return rows[:20] if rendering == "archiver" else rows


def expected_text(row: dict[str, Any], rendering: str) -> str:
    message = row["message"]
    if rendering == "api":
        message = re.sub(r"\[code\].*?\[/code\]", "", message, flags=re.S)  # X3.5's API leaves code out
    return strip_bbcode(message)


def check_time(post: Post, row: dict[str, Any], rendering: str) -> None:
    if post.posted_at_approximate:
        assert post.posted_at is not None and abs((post.posted_at - epoch(row)).total_seconds()) < 120
    elif rendering == "printable":
        assert post.posted_at == epoch(row).replace(second=0)
    else:
        assert post.posted_at == epoch(row)


@pytest.mark.parametrize("rendering", list(RENDERINGS))
@pytest.mark.parametrize("stem", STEMS)
def test_every_rendering_agrees_with_truth(stem: str, rendering: str) -> None:
    data = truth(stem)
    thread = read_thread(X35, stem, rendering, data["pages_desktop"], data["tid"])
    rows = shown_rows(data, rendering)
    assert thread.title == data["subject"]
    assert len(thread.posts) == len(rows) > 0
    for ordinal, (post, row) in enumerate(zip(thread.posts, rows), start=1):
        assert post.pid == (row["pid"] if rendering in WITH_PIDS else None)
        assert post.floor == row["position"] == ordinal
        assert post.is_first == bool(row["first"])
        assert post.author is not None and post.author.name == row["author"]
        assert post.author.uid == (row["authorid"] if rendering in WITH_PIDS else None)
        check_time(post, row, rendering)
        if blocked(row, data) and rendering != "archiver":
            assert post.status is PostStatus.BLOCKED and post.text == ""
        elif not blocked(row, data):
            assert words(post.text) == expected_text(row, rendering), (rendering, post.floor)


@pytest.mark.parametrize("rendering", ["desktop", "rewrite"])
@pytest.mark.parametrize("stem", STEMS)
def test_desktop_author_stats_and_stars(stem: str, rendering: str) -> None:
    """X3.5 prints 回帖 (posts minus threads) and draws the stars as icon fonts."""
    data = truth(stem)
    thread = read_thread(X35, stem, rendering, data["pages_desktop"], data["tid"])
    checked = 0
    for post in thread.posts:
        assert post.author is not None
        user = data["authors"][str(post.author.uid)]
        if post.status is PostStatus.BLOCKED and user["groupid"] in (4, 5):
            continue  # a banned author's column shows no numbers card
        got = (post.author.threads, post.author.replies, post.author.posts, post.author.credits)
        assert got == (user["threads"], user["replies_shown"], user["posts"], user["credits"])
        assert post.author.group == user["group_title"] and post.author.rank == user["stars"]
        checked += 1
    assert checked > 0


def test_touch_counters_and_forum() -> None:
    data = truth("multipage")
    page = parse_page(require(X35 / "multipage.touch.p1.html").read_bytes())
    assert (page.tid, page.views, page.replies, page.page, page.page_count) == (2, data["views"], 28, 1, 3)
    assert page.forum is not None and (page.forum.fid, page.forum.name) == (data["fid"], data["forum_name"])


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("error-notfound.desktop.html", ThreadNotFound),
        ("error-notfound.rewrite.html", ThreadNotFound),
        ("error-notfound.touch.html", ThreadNotFound),
        ("error-notfound.archiver.html", ThreadNotFound),
        ("error-notfound.api.json", ThreadNotFound),
        ("error-noperm.desktop.html", LoginRequired),
        ("error-noperm.archiver.html", LoginRequired),
        ("error-noperm.api.json", LoginRequired),
    ],
)
def test_gate_pages_of_every_rendering(name: str, error: type[Exception]) -> None:
    path = require(X35 / name)
    if name.startswith("error-notfound"):
        assert "404" in path.with_name(name + ".headers").read_text().splitlines()[0]
    with pytest.raises(error):
        parse_page(path.read_bytes())


def comparable(post: Post, *, same_time: bool, with_code: bool) -> tuple[object, ...]:
    author = post.author
    return (
        post.pid,
        post.floor,
        post.is_first,
        author.name if author else None,
        author.uid if author else None,
        post.posted_at if same_time and not post.posted_at_approximate else None,
        post.status,
        post.text if with_code else None,
        [(q.author, q.pid, q.text) for q in post.quotes],
        post.code_blocks if with_code else None,
        post.edit.editor if post.edit else None,
    )


@pytest.mark.parametrize("rendering", list(RENDERINGS))
@pytest.mark.parametrize(("stem", "tid"), [("multipage", 2), ("poll", 4)])
def test_x35_threads_give_the_posts_of_their_x34_twins(stem: str, tid: int, rendering: str) -> None:
    pages = truth(stem)["pages_desktop"]
    if not all((LOCAL / name).exists() for name in RENDERINGS[rendering](stem, pages)):
        pytest.skip(f"X3.4 has no {rendering} capture of {stem}")
    x34 = read_thread(LOCAL, stem, rendering, pages, tid)
    x35 = read_thread(X35, stem, rendering, pages, tid)
    # the recent post is dated from each capture's clock; every other time was replayed
    old, new = ({r["position"]: r["dateline"] for r in truth(stem, f)["posts"]} for f in (LOCAL, X35))
    same_time = {floor for floor in old if old[floor] == new.get(floor)}
    # X3.5's API leaves code blocks out of the message: those posts are compared without text
    code_floors = {p.floor for p in x34.posts if p.code_blocks} if rendering == "api" else set()

    def rows(thread: Thread) -> list[tuple[object, ...]]:
        return [
            comparable(p, same_time=p.floor in same_time, with_code=p.floor not in code_floors) for p in thread.posts
        ]

    assert rows(x35) == rows(x34)


@pytest.mark.parametrize("rendering", ["desktop", "touch", "archiver", "api"])
def test_not_found_404_is_thread_not_found_when_fetched(rendering: str) -> None:
    """X3.5 answers a missing thread with HTTP 404 and its message page: not a fetch failure."""
    from discuz_extract import extract_thread
    from discuz_extract.testing import LoopbackSite, Reply

    suffix = "json" if rendering == "api" else "html"
    body = require(X35 / f"error-notfound.{rendering}.{suffix}").read_bytes()
    paths = {
        "desktop": "/forum.php?mod=viewthread&tid=999&page=1",
        "touch": "/forum.php?mod=viewthread&tid=999&page=1",
        "archiver": "/archiver/?tid-999.html",
        "api": "/api/mobile/index.php?version=4&module=viewthread&tid=999&page=1",
    }
    via = {"touch": "desktop"}.get(rendering, rendering)
    with LoopbackSite(max_requests=5) as site:
        site.route(paths[rendering], Reply(body=body, status=404, headers={"Content-Type": "text/html; charset=utf-8"}))
        with pytest.raises(ThreadNotFound):
            extract_thread(site.url("forum.php?mod=viewthread&tid=999"), via=via, obey_robots=False, delay=0)
