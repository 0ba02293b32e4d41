"""extract_thread against a real HTTP server on 127.0.0.1 started by the test."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest

from discuz_extract import FetchSettings, Thread, aextract_thread, extract_thread, merge_pages, parse_page
from discuz_extract.testing import LoopbackSite, Reply

from .conftest import fixture_bytes

FAST = FetchSettings(delay=0, backoff=0.01, backoff_max=0.05, timeout=5)
SEED = fixture_bytes("seed.desktop.gbk.html")
RICH = [fixture_bytes(f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(max_requests=200) as server:
        yield server


def serve_seed(site: LoopbackSite) -> None:
    site.route("/thread-1523-1-1.html", Reply.html(SEED, "gbk"))
    site.route("/forum.php?mod=viewthread&tid=1523&page=1", Reply.html(SEED, "gbk"))


def serve_rich(site: LoopbackSite, page2: tuple[Reply, ...] | None = None) -> None:
    """The 3-page GBK thread, sent without a charset in the header."""
    for n, body in enumerate(RICH, start=1):
        replies = page2 if (n == 2 and page2) else (Reply.html(body),)
        site.route(f"/thread-2048-{n}-1.html", *replies)


@pytest.mark.parametrize(
    "path",
    [
        "forum.php?mod=viewthread&tid=1523",
        "forum.php?mod=viewthread&tid=1523&extra=page%3D1&page=1",
        "thread-1523-1-1.html",
        "thread-1523-3-1.html",
        "archiver/?tid-1523.html",
        "forum.php?mod=viewthread&tid=1523&mobile=2",
        "forum.php?mod=redirect&goto=findpost&ptid=1523&pid=47012",
    ],
)
def test_seed_in_every_url_form(site: LoopbackSite, path: str) -> None:
    serve_seed(site)
    thread = extract_thread(site.url(path), settings=FAST)
    expected = merge_pages([parse_page(SEED)])
    assert thread.posts == expected.posts
    assert (thread.title, thread.views, thread.replies, thread.tid) == (expected.title, 40, 4, 1523)
    assert thread.missing_pages == []


def test_three_page_gbk_without_charset_header(site: LoopbackSite) -> None:
    serve_rich(site)
    thread = extract_thread(site.url("thread-2048-2-1.html"), settings=FAST)
    assert [p.floor for p in thread.posts] == list(range(1, 14))
    assert len({p.pid for p in thread.posts}) == len(thread.posts)
    assert thread.posts[0].text.startswith("各位好")
    paths = [h.path for h in site.hits]
    assert paths[:2] == ["/robots.txt", "/thread-2048-1-1.html"]  # page 1 first, whatever the URL named
    assert sorted(paths[2:]) == ["/thread-2048-2-1.html", "/thread-2048-3-1.html"]


def test_post_moved_to_next_page_is_kept_once(site: LoopbackSite) -> None:
    # page 2 was fetched after a post was deleted: it now repeats the last post of page 1
    last_of_page_one = RICH[0][RICH[0].index(b'<div id="post_9005"') :].split(b'<div id="postlistreply"')[0]
    shifted = RICH[1].replace(b'<div id="post_9006"', last_of_page_one + b'<div id="post_9006"', 1)
    assert shifted.count(b'id="post_9005"') == 1 and b'id="post_9005"' not in RICH[1]
    serve_rich(site, (Reply.html(shifted),))
    thread = extract_thread(site.url("thread-2048-1-1.html"), settings=FAST)
    assert [p.pid for p in thread.posts].count(9005) == 1
    assert [p.floor for p in thread.posts] == list(range(1, 14))


def test_page_two_recovers_after_two_503s(site: LoopbackSite) -> None:
    serve_rich(site, (Reply(status=503), Reply(status=503), Reply.html(RICH[1])))
    thread = extract_thread(site.url("thread-2048-1-1.html"), settings=FAST)
    assert thread.missing_pages == [] and len(thread.posts) == 13
    assert len(site.hits_for("/thread-2048-2-1.html")) == 3


def test_page_two_always_failing_is_named(site: LoopbackSite) -> None:
    serve_rich(site, (Reply(status=500),))
    thread = extract_thread(site.url("thread-2048-1-1.html"), settings=FAST.replace(max_attempts=2))
    assert thread.missing_pages == [2]
    assert [p.floor for p in thread.posts] == [1, 2, 3, 4, 5, 11, 12, 13]
    [failure] = thread.failures
    assert (failure.page, failure.error_type) == (2, "FetchError") and "500" in failure.error
    assert not thread.complete


def test_retry_after_is_honoured(site: LoopbackSite) -> None:
    site.route("/thread-1523-1-1.html", Reply(status=429, headers={"Retry-After": "1"}), Reply.html(SEED, "gbk"))
    started = time.monotonic()
    thread = extract_thread(site.url("thread-1523-1-1.html"), settings=FAST)
    first, second = site.hits_for("/thread-1523-1-1.html")
    waited = second.at - first.at
    assert len(thread.posts) == 5 and waited >= 0.9
    assert time.monotonic() - started < 10


def test_delay_between_requests(site: LoopbackSite) -> None:
    serve_rich(site)
    extract_thread(site.url("thread-2048-1-1.html"), settings=FAST.replace(delay=0.3))
    starts = sorted(h.at for h in site.hits)
    # robots.txt and three pages: three gaps to check, not none
    assert sorted(h.path for h in site.hits) == ["/robots.txt"] + [f"/thread-2048-{n}-1.html" for n in (1, 2, 3)]
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(starts))


def test_page_one_failure_raises(site: LoopbackSite) -> None:
    from discuz_extract import FetchError

    site.route("/thread-1523-1-1.html", Reply(status=502))
    with pytest.raises(FetchError) as caught:
        extract_thread(site.url("thread-1523-1-1.html"), settings=FAST.replace(max_attempts=2))
    assert (caught.value.status, caught.value.attempts) == (502, 2)


def test_max_pages(site: LoopbackSite) -> None:
    serve_rich(site)
    thread = extract_thread(site.url("thread-2048-1-1.html"), settings=FAST, max_pages=2)
    assert [p.floor for p in thread.posts] == list(range(1, 11)) and thread.missing_pages == []
    assert thread.skipped_pages == [3] and not thread.complete  # the limit is on the result


async def test_sync_and_async_are_equal(site: LoopbackSite) -> None:
    serve_rich(site)
    sync_thread = extract_thread(site.url("thread-2048-1-1.html"), settings=FAST)
    async_thread = await aextract_thread(site.url("thread-2048-1-1.html"), settings=FAST)
    assert isinstance(async_thread, Thread)
    assert sync_thread.model_dump(exclude={"url"}) == async_thread.model_dump(exclude={"url"})


async def test_async_missing_page(site: LoopbackSite) -> None:
    serve_rich(site, (Reply(status=500),))
    thread = await aextract_thread(site.url("thread-2048-1-1.html"), settings=FAST.replace(max_attempts=2))
    assert thread.missing_pages == [2] and len(thread.posts) == 8


@pytest.mark.parametrize(
    ("via", "routes"),
    [
        (
            "archiver",
            {"/archiver/?tid-2048.html": 1, "/archiver/?tid-2048.html&page=2": 2, "/archiver/?tid-2048.html&page=3": 3},
        ),
        ("printable", {"/forum.php?mod=viewthread&action=printable&tid=2048": 0}),
        (
            "api",
            {f"/api/mobile/index.php?version=4&module=viewthread&tid=2048&page={n}": n for n in (1, 2, 3)},
        ),
    ],
)
def test_via_other_renderings(site: LoopbackSite, via: str, routes: dict[str, int]) -> None:
    for path, page in routes.items():
        name = {"archiver": f"rich.archiver.p{page}.gbk.html", "printable": "rich.printable.gbk.html"}.get(
            via, f"rich.api.p{page}.json"
        )
        charset = None if via == "api" else "gbk"
        site.route(path, Reply.html(fixture_bytes(name), charset))
    thread = extract_thread(site.url("thread-2048-1-1.html"), settings=FAST, via=via, obey_robots=False)
    assert thread.missing_pages == [] and len(thread.posts) == 12  # every post but the deleted floor
    assert thread.posts[0].text.startswith("各位好")


ROBOTS = b"User-agent: *\nDisallow: /api/\nDisallow: /forum.php?mod=redirect*\nDisallow: /archiver/\n"


def test_robots_txt_is_obeyed_by_default(site: LoopbackSite) -> None:
    from discuz_extract import RobotsDisallowed

    site.route("/robots.txt", Reply(body=ROBOTS, headers={"Content-Type": "text/plain"}))
    site.route(
        "/api/mobile/index.php?version=4&module=viewthread&tid=2048&page=1",
        Reply.html(fixture_bytes("rich.api.p1.json")),
    )
    with pytest.raises(RobotsDisallowed):
        extract_thread(site.url("thread-2048-1-1.html"), settings=FAST, via="api")
    assert not site.hits_for("/api/mobile/index.php")
    serve_rich(site)
    assert len(extract_thread(site.url("thread-2048-1-1.html"), settings=FAST).posts) == 13  # desktop allowed


def test_robots_opt_out(site: LoopbackSite) -> None:
    site.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n"))
    serve_rich(site)
    thread = extract_thread(site.url("thread-2048-1-1.html"), settings=FAST, obey_robots=False)
    assert len(thread.posts) == 13 and not site.hits_for("/robots.txt")


def test_unreachable_robots_disallows(site: LoopbackSite) -> None:
    from discuz_extract import RobotsDisallowed

    site.route("/robots.txt", Reply(status=503))
    serve_seed(site)
    with pytest.raises(RobotsDisallowed):
        extract_thread(site.url("thread-1523-1-1.html"), settings=FAST.replace(max_attempts=1))


def test_touch_relative_times_use_the_date_header(site: LoopbackSite) -> None:
    for n in (1, 2, 3):
        site.route(f"/thread-2048-{n}-1.html", Reply.html(fixture_bytes(f"rich.touch.p{n}.html"), "utf-8"))
    thread = extract_thread(site.url("thread-2048-1-1.html"), settings=FAST)
    last = thread.posts[-1]
    assert last.posted_at_approximate and last.posted_at is not None  # resolved against the response Date


def test_robots_txt_read_once_per_site(site: LoopbackSite) -> None:
    serve_seed(site)
    site.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /api/\n"))
    for _ in range(3):
        extract_thread(site.url("thread-1523-1-1.html"), settings=FAST)
    assert len(site.hits_for("/robots.txt")) == 1


def test_delay_holds_across_calls(site: LoopbackSite) -> None:
    serve_seed(site)
    polite = FAST.replace(delay=0.3, obey_robots=False)
    extract_thread(site.url("thread-1523-1-1.html"), settings=polite)
    extract_thread(site.url("thread-1523-1-1.html"), settings=polite)
    first, second = site.hits_for("/thread-1523-1-1.html")
    assert second.at - first.at >= 0.25  # the second thread waited for the first one's slot


def test_iter_posts_yields_an_edited_copy_of_a_pid_again(site: LoopbackSite) -> None:
    # page 2 repeats post 9004 of page 1, edited in between: the later copy is not dropped
    block = RICH[0][RICH[0].index(b'<div id="post_9004"') : RICH[0].index(b'<div id="post_9005"')]
    edited = block.replace("很方便".encode("gb18030"), "改过了".encode("gb18030"))
    assert edited != block
    page2 = RICH[1].replace(b'<div id="post_9006"', edited + b'<div id="post_9006"', 1)
    serve_rich(site, (Reply.html(page2),))
    from discuz_extract import iter_posts

    posts = [p for p in iter_posts(site.url("thread-2048-1-1.html"), settings=FAST) if p.pid == 9004]
    assert [p.text.endswith("改过了。") for p in posts] == [False, True]
    thread = extract_thread(site.url("thread-2048-1-1.html"), settings=FAST)
    assert [p.pid for p in thread.posts].count(9004) == 1
    assert [(c.pid, c.kept_page, c.page) for c in thread.conflicts] == [(9004, 1, 2)]


def test_iter_posts_names_a_truncated_page_after_its_posts(site: LoopbackSite) -> None:
    from discuz_extract import IncompleteThread, iter_posts

    serve_rich(site, (Reply.html(RICH[1][: len(RICH[1]) // 2]),))
    posts = []
    with pytest.raises(IncompleteThread) as caught:
        for post in iter_posts(site.url("thread-2048-1-1.html"), settings=FAST):
            posts.append(post)
    assert [f.page for f in caught.value.failures] == [2]
    assert caught.value.failures[0].error_type == "TruncatedPage"
    assert {p.pid for p in posts} >= {9001, 9002, 9003, 9004, 9005, 9011}  # pages 1 and 3 whole
