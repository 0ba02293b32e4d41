"""Unit tests of the fetch policy with httpx.MockTransport: retries, cookies, redirects, errors."""

from __future__ import annotations

import http.cookiejar
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from discuz_extract import (
    DEFAULT_USER_AGENT,
    ChallengePage,
    FetchError,
    FetchSettings,
    LeftThread,
    LoginRequired,
    NotDiscuzPage,
    PermissionDenied,
    ResponseTooLarge,
    ThreadNotFound,
    TooManyRedirects,
    aextract_thread,
    extract_thread,
)
from discuz_extract._fetching.http import _retry_after_seconds

from .conftest import LOCAL, fixture_bytes, require

FAST = FetchSettings(delay=0, backoff=0.001, backoff_max=0.002, max_attempts=3, obey_robots=False)
SEED = fixture_bytes("seed.desktop.gbk.html")
URL = "http://bbs.example.cn/thread-1523-1-1.html"
Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: Handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False)


def counting(responses: list[httpx.Response]) -> tuple[Handler, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return responses[min(len(seen), len(responses)) - 1]

    return handler, seen


def html(body: bytes = SEED, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"Content-Type": "text/html", **headers})


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retryable_statuses(status: int) -> None:
    handler, seen = counting([httpx.Response(status), html()])
    thread = extract_thread(URL, client=client(handler), settings=FAST)
    assert len(seen) == 2 and len(thread.posts) == 5


@pytest.mark.parametrize("status", [400, 403, 404, 410])
def test_other_4xx_not_retried(status: int) -> None:
    handler, seen = counting([html(b"<html><body>nope</body></html>", status)])
    with pytest.raises(FetchError) as caught:
        extract_thread(URL, client=client(handler), settings=FAST)
    assert len(seen) == 1 and caught.value.status == status and caught.value.url == URL


def test_connection_errors_retried_then_reported() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(FetchError) as caught:
        extract_thread(URL, client=client(handler), settings=FAST)
    assert len(calls) == 3 and caught.value.attempts == 3 and caught.value.status is None


def test_timeouts_retried() -> None:
    state = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        state["n"] += 1
        if state["n"] == 1:
            raise httpx.ReadTimeout("slow", request=request)
        return html()

    assert len(extract_thread(URL, client=client(handler), settings=FAST).posts) == 5


def test_retry_after_forms() -> None:
    assert _retry_after_seconds("7") == 7.0
    later = datetime.now(timezone.utc) + timedelta(seconds=30)
    seconds = _retry_after_seconds(format_datetime(later, usegmt=True))
    assert seconds is not None and 25 <= seconds <= 31
    assert _retry_after_seconds("garbage") is None


def test_retry_after_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    handler, _ = counting([httpx.Response(503, headers={"Retry-After": "3600"}), html()])
    settings = FAST.replace(retry_after_max=0.01)
    import discuz_extract._fetching.http as http_module

    original = http_module._make_wait

    def spy(s: FetchSettings) -> Callable[..., float]:
        inner = original(s)

        def wait(state: object) -> float:
            waits.append(inner(state))  # type: ignore[arg-type]
            return waits[-1]

        return wait

    monkeypatch.setattr(http_module, "_make_wait", spy)  # undone after the test, even if it fails
    extract_thread(URL, client=client(handler), settings=settings)
    assert waits == [0.01]


def test_thread_not_found_is_typed() -> None:
    # the same input whether ../shared is present or not: the committed X3.4 showmessage page
    handler, seen = counting([html(fixture_bytes("gate.notfound.utf8.html"), 404)])
    with pytest.raises(ThreadNotFound) as caught:
        extract_thread(URL, client=client(handler), settings=FAST)
    assert len(seen) == 1 and caught.value.site_message == "抱歉，指定的主题不存在或已被删除或正在被审核"


def test_real_thread_not_found_page_is_typed() -> None:
    # the real X3.4 install answers a missing thread with 200 and its showmessage page
    body = require(LOCAL / "error-notfound.desktop.html").read_bytes()
    handler, seen = counting([html(body, 200)])
    with pytest.raises(ThreadNotFound) as caught:
        extract_thread(URL, client=client(handler), settings=FAST)
    assert len(seen) == 1 and caught.value.site_message == "抱歉，指定的主题不存在或已被删除或正在被审核"


def test_login_redirect() -> None:
    handler, _ = counting([httpx.Response(302, headers={"Location": "member.php?mod=logging&action=login"})])
    with pytest.raises(LoginRequired):
        extract_thread(URL, client=client(handler), settings=FAST)


@pytest.mark.parametrize("thread", ["http://h/forum.php?mod=viewthread&tid=5", "http://h/thread-5-1-1.html"])
def test_forum_password_redirect(thread: str) -> None:
    # a rewrite thread URL names no tid= parameter: the gate is read from the parsed URL
    handler, _ = counting([httpx.Response(302, headers={"Location": "/forum.php?mod=forumdisplay&fid=2"})])
    with pytest.raises(PermissionDenied):
        extract_thread(thread, client=client(handler), settings=FAST)


def test_lookalike_redirects_are_not_gates() -> None:
    # the words inside another parameter are not Discuz's login page: the thread is read
    back = "/thread-1523-1-1.html?from=member.php%3Fmod%3Dlogging"
    handler, _ = counting([httpx.Response(302, headers={"Location": back}), html(SEED)])
    assert extract_thread(URL, client=client(handler), settings=FAST).posts
    # nor is a listing's parameter on another script: it is a page that left the thread
    handler, _ = counting([httpx.Response(302, headers={"Location": "/x.php?q=mod%3Dforumdisplay"}), html(SEED)])
    with pytest.raises(LeftThread):
        extract_thread(URL, client=client(handler), settings=FAST)


def test_redirect_loop_and_limit() -> None:
    def loop(request: httpx.Request) -> httpx.Response:
        target = "/a.html" if request.url.path != "/a.html" else "/thread-1523-1-1.html"
        return httpx.Response(301, headers={"Location": target})

    with pytest.raises(TooManyRedirects):
        extract_thread(URL, client=client(loop), settings=FAST)

    def chain(request: httpx.Request) -> httpx.Response:
        n = int(request.url.params.get("n", "0"))
        return httpx.Response(302, headers={"Location": f"/thread-1523-1-1.html?n={n + 1}"})

    with pytest.raises(TooManyRedirects):
        extract_thread(URL, client=client(chain), settings=FAST.replace(max_redirects=3))


def test_cookies_stay_on_their_host() -> None:
    seen: dict[str, str | None] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen[request.url.host] = request.headers.get("cookie")
        if request.url.host == "bbs.example.cn":
            return httpx.Response(302, headers={"Location": "http://cdn.other.net/thread-1523-1-1.html"})
        return html()

    with pytest.raises(LeftThread):  # another site's thread 1523 is another thread
        extract_thread(URL, client=client(handler), settings=FAST.replace(cookies={"cdb_auth": "secret"}))
    assert seen["bbs.example.cn"] == "cdb_auth=secret"
    assert seen["cdn.other.net"] is None


def test_cookies_from_netscape_file(tmp_path: Path) -> None:
    path = tmp_path / "cookies.txt"
    path.write_text(
        "# Netscape HTTP Cookie File\n"
        "bbs.example.cn\tFALSE\t/\tFALSE\t2147483647\tk8Hq_2132_auth\tabc123\n"
        "other.net\tFALSE\t/\tFALSE\t2147483647\tleak\tno\n"
    )
    handler, seen = counting([html()])
    extract_thread(URL, client=client(handler), settings=FAST.replace(cookies=path))
    assert seen[0].headers["cookie"] == "k8Hq_2132_auth=abc123"


def test_cookies_from_a_cookiejar() -> None:
    jar = http.cookiejar.CookieJar()
    jar.set_cookie(
        http.cookiejar.Cookie(
            0, "sid", "v1", None, False, "bbs.example.cn", True, False, "/", True, False, None, False, None, None, {}
        )
    )
    handler, seen = counting([html()])
    extract_thread(URL, client=client(handler), settings=FAST.replace(cookies=jar))
    assert seen[0].headers["cookie"] == "sid=v1"


def test_size_cap_by_header_and_by_stream() -> None:
    handler, _ = counting([html(b"x" * 100, **{"Content-Length": "999999999"})])
    with pytest.raises(ResponseTooLarge):
        extract_thread(URL, client=client(handler), settings=FAST.replace(max_response_bytes=1000))

    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"y" * 600, b"y" * 600]), headers={"Content-Type": "text/html"})

    with pytest.raises(ResponseTooLarge):
        extract_thread(URL, client=client(streamed), settings=FAST.replace(max_response_bytes=1000))


def test_challenge_and_non_discuz_pages() -> None:
    script = b"<script>var _0x=['_ds','ign'];function getName(){};location.replace(u)</script>"
    handler, seen = counting([html(script)])
    with pytest.raises(ChallengePage):
        extract_thread(URL, client=client(handler), settings=FAST)
    assert len(seen) == 1
    handler, _ = counting([html(b"<html><body><h1>Welcome to nginx!</h1></body></html>")])
    with pytest.raises(NotDiscuzPage):
        extract_thread(URL, client=client(handler), settings=FAST)


def test_default_user_agent_is_a_desktop_browser_naming_the_library() -> None:
    lowered = DEFAULT_USER_AGENT.lower()
    assert "discuz-extract" in lowered
    for word in ("bot", "spider", "crawl", "mobile", "android", "iphone", "slurp"):
        assert word not in lowered
    handler, seen = counting([html()])
    extract_thread(URL, client=client(handler), settings=FAST)
    assert seen[0].headers["user-agent"] == DEFAULT_USER_AGENT


def test_charset_header_that_lies_is_corrected() -> None:
    handler, _ = counting([html(SEED, **{"Content-Type": "text/html; charset=utf-8"})])
    thread = extract_thread(URL, client=client(handler), settings=FAST)
    assert thread.title == "深化网信行业改革 着力构建良好网络生态——中央网信办专家答问"


async def test_async_client_is_used() -> None:
    handler, seen = counting([httpx.Response(503), html()])
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as async_client:
        thread = await aextract_thread(URL, client=async_client, settings=FAST)
    assert len(seen) == 2 and len(thread.posts) == 5


def test_settings_validate() -> None:
    with pytest.raises(ValueError):
        FetchSettings(concurrency=0)
    with pytest.raises(ValueError):
        FetchSettings(max_attempts=0)
