"""Pages, headers and URLs that lie: untrusted page counts (item 3), redirects that leave the
thread (item 4), and the one boundary that types whatever else a page triggers (item 6)."""

from __future__ import annotations

import contextlib
import tracemalloc
from collections.abc import Callable, Iterator

import httpx
import pytest

from discuz_extract import (
    BadResponse,
    DiscuzError,
    FetchError,
    IncompleteThread,
    LeftThread,
    PageRange,
    UnexpectedError,
    aextract_thread,
    extract_thread,
    iter_pages,
    iter_posts,
)
from discuz_extract._fetching.body import Fetched
from discuz_extract._fetching.plan import check_same_thread
from discuz_extract.testing import LoopbackSite, Reply

from .hostile import FAST, RICH, SEED, with_page_count

URL = "http://bbs.example.cn/thread-2048-1-1.html"


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(max_requests=100) as server:
        yield server


def serve_rich(site: LoopbackSite, first: bytes = RICH[0], **pages: Reply) -> str:
    site.route("/thread-2048-1-1.html", Reply.html(first, "gbk"))
    for n in (2, 3):
        site.route(f"/thread-2048-{n}-1.html", pages.get(f"p{n}", Reply.html(RICH[n - 1], "gbk")))
    return site.url("thread-2048-1-1.html")


# --- item 3: a page count from the page is not trusted with memory --------------------------


@pytest.mark.parametrize("claim", ["1" + "0" * 9, "1" + "0" * 17])  # (longer is no count: tests/test_hostile_values.py)
def test_a_pager_claiming_absurd_counts_costs_nothing(site: LoopbackSite, claim: str) -> None:
    url = serve_rich(site, with_page_count(RICH[0], claim))
    tracemalloc.start()
    try:
        thread = extract_thread(url, settings=FAST, max_pages=3)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20 and thread.page_count == int(claim)
    assert [p.floor for p in thread.posts] == list(range(1, 14)) and thread.missing_pages == []
    assert thread.skipped_ranges == [
        PageRange(first=4, last=10_000, reason="max_pages"),
        PageRange(first=10_001, last=int(claim), reason="max_page_count"),
    ]
    assert thread.skipped_pages == list(range(4, 1004)) and not thread.complete  # the first 1,000 listed
    assert "skipped_ranges" in thread.model_dump()


def test_max_page_count_bounds_a_thread_read_whole(site: LoopbackSite) -> None:
    url = serve_rich(site, with_page_count(RICH[0], "1" + "0" * 17))
    thread = extract_thread(url, settings=FAST, max_page_count=3)
    assert len(site.hits) == 3 and len(thread.posts) == 13
    assert thread.skipped_ranges == [PageRange(first=4, last=10**17, reason="max_page_count")]


def test_the_streaming_readers_name_pages_past_max_page_count(site: LoopbackSite) -> None:
    url = serve_rich(site, with_page_count(RICH[0], "1" + "0" * 9))
    seen: list[int | None] = []
    with pytest.raises(IncompleteThread) as caught:
        seen.extend(p.floor for p in iter_posts(url, settings=FAST, max_page_count=3))
    assert seen == list(range(1, 14)) and caught.value.missing_pages == [4]
    assert "max_page_count=3" in caught.value.failures[0].error and len(site.hits) == 3


def test_an_archive_hint_is_not_trusted_either(site: LoopbackSite) -> None:
    url = serve_rich(site)
    results = list(iter_pages(url, settings=FAST, page_count_hint=10**20, max_page_count=3))
    assert [r.page for r in results] == [1, 2, 3, 4] and results[-1].error is not None


# --- item 4: an answer that is not the page asked for --------------------------------------


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("thread-9999-1-1.html", "another thread"),
        ("thread-2048-3-1.html", "another page"),
        ("archiver/?tid-2048.html", "another page kind"),
        ("home.php?mod=space&uid=1", "not a thread page"),  # a listing is a gate: PermissionDenied
        ("{other}thread-2048-2-1.html", "another site"),
    ],
)
def test_a_later_page_redirected_off_the_thread_is_a_named_failure(site: LoopbackSite, location: str, why: str) -> None:
    with LoopbackSite(max_requests=5, host="127.0.0.2") as other:
        other.route("/thread-2048-2-1.html", Reply.html(RICH[1], "gbk"))  # thread 2048 of another forum
        url = serve_rich(site, p2=Reply.redirect(location.format(other=other.base)))
        site.route("/thread-9999-1-1.html", Reply.html(SEED, "gbk"))
        site.route("/archiver/?tid-2048.html", Reply.html(SEED, "gbk"))
        thread = extract_thread(url, settings=FAST)
    assert thread.missing_pages == [2]
    [failure] = thread.failures
    assert failure.error_type == "LeftThread" and why in failure.error
    assert [p.floor for p in thread.posts] == [1, 2, 3, 4, 5, 11, 12, 13]  # nothing of another thread


def test_a_page_whose_content_is_another_thread_is_refused(site: LoopbackSite) -> None:
    url = serve_rich(site, p2=Reply.html(SEED, "gbk"))  # page 2's URL answers thread 1523
    thread = extract_thread(url, settings=FAST)
    assert thread.missing_pages == [2] and thread.failures[0].error_type == "LeftThread"
    assert all(p.pid is None or p.pid < 40000 for p in thread.posts)


def test_page_one_redirected_to_another_thread_raises(site: LoopbackSite) -> None:
    site.route("/thread-2048-1-1.html", Reply.redirect("thread-1523-1-1.html"))
    site.route("/thread-1523-1-1.html", Reply.html(SEED, "gbk"))
    with pytest.raises(LeftThread) as caught:
        extract_thread(site.url("thread-2048-1-1.html"), settings=FAST)
    assert caught.value.target == site.url("thread-1523-1-1.html")


@pytest.mark.parametrize(
    ("final", "same"),
    [
        ("https://bbs.example.cn/thread-2048-1-1.html", True),  # https upgrade
        ("http://www.bbs.example.cn/thread-2048-1-1.html", True),  # www.
        ("http://bbs.example.cn/forum.php?mod=viewthread&tid=2048&page=1", True),  # rewrite off
        ("http://bbs.example.cn/forum.php?mod=viewthread&tid=2048&page=1&mobile=2", True),
        ("http://bbs.example.cn:8080/thread-2048-1-1.html", False),
        ("http://bbs.example.cn/bbs/thread-2048-1-1.html", False),
        ("http://bbs.example.cn/forum.php?mod=viewthread&tid=2048&action=printable", False),
    ],
)
def test_what_counts_as_the_same_page(final: str, same: bool) -> None:
    fetched = Fetched(final, 200, b"", None, 1)
    if same:
        check_same_thread(URL, fetched, 2048)
    else:
        with pytest.raises(LeftThread):
            check_same_thread(URL, fetched, 2048)


# --- item 6: one boundary --------------------------------------------------------------------

HOSTILE: dict[str, Callable[[], httpx.Response]] = {
    "retry-after superscript": lambda: httpx.Response(503, headers={"Retry-After": "²"}),
    "retry-after huge": lambda: httpx.Response(503, headers={"Retry-After": "9" * 5000}),
    "retry-after garbage date": lambda: httpx.Response(503, headers={"Retry-After": "Mon, 99 Foo 99999 99:99:99"}),
    "location bad idna": lambda: httpx.Response(302, headers={"Location": "http://xn--a.com/thread-2048-2-1.html"}),
    "location snowman idna": lambda: httpx.Response(302, headers={"Location": "http://☃☃.com/"}),
    "location data": lambda: httpx.Response(302, headers={"Location": "data:text/html,<script>x</script>"}),
    "location javascript": lambda: httpx.Response(302, headers={"Location": "javascript:alert(1)"}),
    "location bad ipv6": lambda: httpx.Response(302, headers={"Location": "http://[::1/"}),
    "location no host": lambda: httpx.Response(302, headers={"Location": "http://:80/x"}),
    "location bad port": lambda: httpx.Response(302, headers={"Location": "http://h:99999/x"}),
    "content-length 5000 digits": lambda: httpx.Response(
        200, headers={"Content-Length": "9" * 5000}, content=iter([b"x"])
    ),
    "content-type nonsense": lambda: httpx.Response(
        200, headers={"Content-Type": "text/html; charset=\x7fno-such"}, content=RICH[1]
    ),
    "date nonsense": lambda: httpx.Response(
        200, headers={"Content-Type": "text/html", "Date": "Thu, 32 Foo 0 25:61:61"}, content=RICH[1]
    ),
    "set-cookie nonsense": lambda: httpx.Response(
        200, headers={"Set-Cookie": "=; Expires=Never; Domain=..; Max-Age=-9" * 50}, content=RICH[1]
    ),
    "5000-digit number in the page": lambda: httpx.Response(
        200, headers={"Content-Type": "text/html; charset=gbk"}, content=with_page_count(RICH[1], "9" * 5000)
    ),
}


def hostile_client(page2: Callable[[], httpx.Response]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/thread-2048-2-1.html":
            return page2()
        n = int(request.url.path.split("-")[2]) if request.url.path.startswith("/thread-2048-") else 1
        return httpx.Response(200, content=RICH[n - 1], headers={"Content-Type": "text/html; charset=gbk"})

    return httpx.Client(transport=httpx.MockTransport(handler))


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_later_page_never_costs_the_thread(case: str) -> None:
    thread = extract_thread(URL, client=hostile_client(HOSTILE[case]), settings=FAST)
    assert {p.floor for p in thread.posts} >= {1, 2, 3, 4, 5, 11, 12, 13}  # pages 1 and 3 are kept
    if thread.missing_pages:
        assert thread.missing_pages == [2] and thread.failures[0].error_type in {
            "FetchError", "BadResponse", "ResponseTooLarge", "UnexpectedError", "LeftThread", "TooManyRedirects",
        }  # fmt: skip


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_first_page_raises_a_discuz_error(case: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return HOSTILE[case]()

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with contextlib.suppress(DiscuzError):  # a thread, or a DiscuzError: nothing else
        extract_thread(URL, client=client, settings=FAST)


@pytest.mark.parametrize(
    "raw",
    [
        b"HTTP/1.1 2OO OK\r\n\r\n",
        b"garbage\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\n" + b"X: " + b"a" * 200_000 + b"\r\n\r\n",
        b"HTTP/1.1 999 Strange\r\nContent-Length: 2\r\n\r\nhi",
        b"HTTP/1.1 302 Found\r\nLocation: \xff\xfe\r\nContent-Length: 0\r\n\r\n",
        b"",
    ],
)
async def test_garbage_answers_are_typed_in_both_twins(site: LoopbackSite, raw: bytes) -> None:
    url = serve_rich(site, p2=Reply(raw=raw))
    sync_thread = extract_thread(url, settings=FAST)
    async_thread = await aextract_thread(url, settings=FAST)
    for thread in (sync_thread, async_thread):
        assert thread.missing_pages == [2] and len(thread.posts) == 8
    site.route("/thread-2048-1-1.html", Reply(raw=raw))
    with pytest.raises(DiscuzError):
        extract_thread(url, settings=FAST)


def test_an_unexpected_exception_is_wrapped_naming_its_cause(monkeypatch: pytest.MonkeyPatch) -> None:
    from discuz_extract._fetching import threads

    broken_pages = {"thread-2048-2"}
    original = threads.page_from_response

    def broken(fetched: Fetched) -> object:
        if any(name in fetched.url for name in broken_pages):
            raise RecursionError("a page nested too deep")
        return original(fetched)

    monkeypatch.setattr(threads, "page_from_response", broken)
    thread = extract_thread(URL, client=hostile_client(HOSTILE["date nonsense"]), settings=FAST)
    [failure] = thread.failures
    assert failure.error_type == "UnexpectedError" and "RecursionError: a page nested too deep" in failure.error
    broken_pages.add("thread-2048-1")
    with pytest.raises(UnexpectedError) as caught:  # page 1: raised, typed
        extract_thread(URL, client=hostile_client(HOSTILE["date nonsense"]), settings=FAST)
    assert isinstance(caught.value.cause, RecursionError) and caught.value.__cause__ is caught.value.cause


def test_typed_redirect_errors_are_not_retried() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "javascript:alert(1)"})

    with pytest.raises(BadResponse) as caught:
        extract_thread(URL, client=httpx.Client(transport=httpx.MockTransport(handler)), settings=FAST)
    assert len(seen) == 1 and isinstance(caught.value, FetchError) and "redirect" in str(caught.value)
