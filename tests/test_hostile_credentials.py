"""Credentials scoped as browsers scope them, redirects kept off more private networks (item 5),
an unreachable site named as such (item 8), and the shared client that keeps nothing of a call
(the one-page cost of "Parse near the floor")."""

from __future__ import annotations

import asyncio
import http.cookiejar
import socket
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from discuz_extract import (
    FetchError,
    LeftThread,
    RedirectRefused,
    RobotsDisallowed,
    aextract_thread,
    extract_thread,
)
from discuz_extract._fetching import clients, context
from discuz_extract._fetching.cookies import call_jar
from discuz_extract._fetching.network import Scope, address_scope
from discuz_extract.testing import LoopbackSite, Reply, StaticResolver

from .hostile import FAST, SEED

URL = "http://bbs.example.cn/thread-1523-1-1.html"
PUBLIC = "http://93.184.216.34/thread-1523-1-1.html"
Seen = list[httpx.Request]


def recording(redirect_to: str | None, start_host: str = "bbs.example.cn") -> tuple[httpx.Client, Seen]:
    """A mock site: the start host redirects to ``redirect_to`` (if any), every other answer is the seed."""
    seen: Seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if redirect_to is not None and request.url.host == start_host and len(seen) == 1:
            return httpx.Response(302, headers={"Location": redirect_to})
        return httpx.Response(200, content=SEED, headers={"Content-Type": "text/html; charset=gbk"})

    return httpx.Client(transport=httpx.MockTransport(handler)), seen


SECRETS = {"Authorization": "Bearer s3cr3t", "X-Api-Key": "k", "Cookie": "sid=1", "X-Auth-Token": "t"}


def test_credential_headers_are_dropped_on_a_cross_origin_redirect() -> None:
    client, seen = recording("http://cdn.other.net/thread-1523-1-1.html")
    with pytest.raises(LeftThread):
        extract_thread(URL, client=client, settings=FAST, headers={**SECRETS, "X-Requested-With": "XMLHttpRequest"})
    first, second = seen
    assert all(first.headers.get(name) == value for name, value in SECRETS.items())
    assert not any(name in second.headers for name in SECRETS)
    assert second.headers["X-Requested-With"] == "XMLHttpRequest"  # not a credential: kept


def test_a_clients_own_credentials_are_dropped_too() -> None:
    client, seen = recording("http://cdn.other.net/thread-1523-1-1.html")
    client.headers["Authorization"] = "Basic dXNlcjpwYXNz"
    with pytest.raises(LeftThread):
        extract_thread(URL, client=client, settings=FAST)
    assert seen[0].headers["Authorization"] and "Authorization" not in seen[1].headers


@pytest.mark.parametrize("target", ["https://bbs.example.cn/thread-1523-1-1.html", "/thread-1523-1-1.html?x=1"])
def test_credentials_stay_on_the_same_origin_and_on_an_https_upgrade(target: str) -> None:
    client, seen = recording(target)
    extract_thread(URL, client=client, settings=FAST, headers={"Authorization": "Bearer s3cr3t"})
    assert [r.headers["Authorization"] for r in seen] == ["Bearer s3cr3t"] * 2


def test_dict_cookies_are_host_only() -> None:
    jar = call_jar({"auth": "v"}, URL)
    for url, sent in [(URL, True), ("http://sub.bbs.example.cn/", False), ("http://example.cn/", False)]:
        request = httpx.Request("GET", url)
        jar.set_cookie_header(request)
        assert ("cookie" in request.headers) is sent, url


def test_a_domain_cookie_from_a_jar_reaches_subdomains_and_is_not_changed() -> None:
    source = http.cookiejar.CookieJar()
    cookie = http.cookiejar.Cookie(
        0, "sid", "v", None, False, ".example.cn", True, True, "/", True, False, None, True, None, None, {}
    )
    source.set_cookie(cookie)
    jar = call_jar(source, URL)
    request = httpx.Request("GET", "http://sub.bbs.example.cn/x")
    jar.set_cookie_header(request)
    assert request.headers["cookie"] == "sid=v"
    jar.set("extra", "1", domain="bbs.example.cn")
    assert [c.name for c in source] == ["sid"]  # the caller's jar is not written to


def test_session_cookies_from_a_cookies_txt_are_sent(tmp_path: Path) -> None:
    path = tmp_path / "cookies.txt"
    path.write_text(
        "# Netscape HTTP Cookie File\n"
        "bbs.example.cn\tFALSE\t/\tFALSE\t0\tsession_zero\ta\n"
        "bbs.example.cn\tFALSE\t/\tFALSE\t\tsession_empty\tb\n"
        "bbs.example.cn\tFALSE\t/\tFALSE\t1\texpired\tc\n"
        "#HttpOnly_bbs.example.cn\tFALSE\t/\tFALSE\t0\thttponly\td\n"
    )
    client, seen = recording(None)
    extract_thread(URL, client=client, settings=FAST, cookies=path)
    sent = dict(pair.split("=") for pair in seen[0].headers["cookie"].split("; "))
    assert sent == {"session_zero": "a", "session_empty": "b", "httponly": "d"}


def test_dict_cookies_reach_an_ipv6_literal_host() -> None:
    with LoopbackSite(max_requests=5, host="::1") as site:
        site.route("/thread-1523-1-1.html", Reply.html(SEED, "gbk"))
        url = site.url("thread-1523-1-1.html")
        assert url.startswith("http://[::1]:")
        assert len(extract_thread(url, settings=FAST, cookies={"k8Hq_2132_auth": "secret"}).posts) == 5
        assert site.hits[0].headers["Cookie"] == "k8Hq_2132_auth=secret"


# --- redirects to more private networks --------------------------------------------------------

PRIVATE_TARGETS = [
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/thread-1523-1-1.html",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://127.0.0.1:8080/",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:7f00:1]/",
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "http://[2002:a9fe:a9fe::]/",  # 6to4 of 169.254.169.254
    "http://2130706433/",  # 127.0.0.1 as one number
    "http://0x7f.1/",
    "http://localhost/",
    "http://metadata.evil.test/",  # a name that resolves to the metadata address
]


@pytest.fixture
def evil_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    resolver = StaticResolver({"metadata.evil.test": ["93.184.216.40", "169.254.169.254"]})
    monkeypatch.setattr(context, "DEFAULT_CONTEXT", context.FetchContext(resolver=resolver))


@pytest.mark.parametrize("target", PRIVATE_TARGETS)
async def test_a_redirect_from_public_to_private_is_refused(evil_dns: None, target: str) -> None:
    client, seen = recording(target, start_host="93.184.216.34")
    with pytest.raises(RedirectRefused):
        extract_thread(PUBLIC, client=client, settings=FAST)
    assert len(seen) == 1  # the private address was never asked
    seen.clear()
    transport = client._transport
    async with httpx.AsyncClient(transport=transport) as async_client:  # type: ignore[arg-type]
        with pytest.raises(RedirectRefused):
            await aextract_thread(PUBLIC, client=async_client, settings=FAST)


def test_allow_private_redirects_follows_them(evil_dns: None) -> None:
    client, seen = recording("http://169.254.169.254/thread-1523-1-1.html", start_host="93.184.216.34")
    with pytest.raises(LeftThread):  # followed (to another site, so not merged)
        extract_thread(PUBLIC, client=client, settings=FAST, allow_private_redirects=True)
    assert [r.url.host for r in seen] == ["93.184.216.34", "169.254.169.254"]


def test_a_start_on_a_private_network_may_redirect_within_it() -> None:
    client, seen = recording("http://10.0.0.2/thread-1523-1-1.html", start_host="10.0.0.1")
    with pytest.raises(LeftThread):
        extract_thread("http://10.0.0.1/thread-1523-1-1.html", client=client, settings=FAST)
    assert len(seen) == 2
    client, seen = recording("http://127.0.0.1/thread-1523-1-1.html", start_host="10.0.0.1")
    with pytest.raises(RedirectRefused):  # private to loopback: more private still
        extract_thread("http://10.0.0.1/thread-1523-1-1.html", client=client, settings=FAST)


@pytest.mark.parametrize(
    ("address", "scope"),
    [
        ("8.8.8.8", Scope.PUBLIC),
        ("2606:4700::1111", Scope.PUBLIC),
        ("172.16.0.1", Scope.PRIVATE),
        ("fc00::1", Scope.PRIVATE),
        ("169.254.0.1", Scope.LINK_LOCAL),
        ("fe80::1%eth0", Scope.LINK_LOCAL),
        ("127.8.8.8", Scope.LOCAL),
        ("::ffff:127.0.0.1", Scope.LOCAL),
        ("0.1.2.3", Scope.LOCAL),
    ],
)
def test_address_scopes(address: str, scope: Scope) -> None:
    assert address_scope(address) == scope


# --- item 8: an unreachable site ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("call", [extract_thread, lambda url, **kw: asyncio.run(aextract_thread(url, **kw))])
def test_an_unreachable_site_is_a_fetch_error_naming_the_connection(call: Callable[..., object]) -> None:
    url = f"http://127.0.0.1:{free_port()}/thread-1-1-1.html"
    with pytest.raises(FetchError) as caught:
        call(url, settings=FAST.replace(obey_robots=True))
    assert not isinstance(caught.value, RobotsDisallowed)
    assert "cannot connect" in str(caught.value) and "ConnectError" in str(caught.value)
    assert caught.value.url == url and caught.value.attempts == 2
    assert (
        context.DEFAULT_CONTEXT.robots.get(
            f"http://127.0.0.1:{url.split(':')[2].split('/')[0]}/robots.txt", FAST.user_agent
        )
        is None
    )


def test_a_robots_txt_answering_5xx_still_disallows_and_says_why() -> None:
    with LoopbackSite(max_requests=5) as site:
        site.route("/robots.txt", Reply(status=503))
        with pytest.raises(RobotsDisallowed, match="HTTP 503"):
            extract_thread(site.url("thread-1523-1-1.html"), settings=FAST.replace(obey_robots=True, max_attempts=1))


# --- the shared client --------------------------------------------------------------------------


def test_consecutive_calls_share_one_client_and_no_cookie() -> None:
    with LoopbackSite(max_requests=10) as site:
        site.route(
            "/thread-1523-1-1.html",
            Reply(body=SEED, headers={"Content-Type": "text/html; charset=gbk", "Set-Cookie": "lastvisit=1; Path=/"}),
        )
        url = site.url("thread-1523-1-1.html")
        before = clients.clients_created()[0]
        extract_thread(url, settings=FAST, cookies={"sid": "first"}, headers={"X-Call": "first"})
        extract_thread(url, settings=FAST)
        extract_thread(url, settings=FAST)
        assert clients.clients_created()[0] - before <= 1  # one client at most, made by the first call
        first, second, third = site.hits
        assert first.headers["Cookie"] == "sid=first" and first.headers["X-Call"] == "first"
        assert "Cookie" not in second.headers and "X-Call" not in second.headers  # nothing of call 1 left
        assert "Cookie" not in third.headers


async def test_async_calls_on_one_loop_share_one_client() -> None:
    with LoopbackSite(max_requests=10) as site:
        site.route("/thread-1523-1-1.html", Reply.html(SEED, "gbk"))
        url = site.url("thread-1523-1-1.html")
        before = clients.clients_created()[1]
        await aextract_thread(url, settings=FAST, cookies={"sid": "first"})
        await aextract_thread(url, settings=FAST)
        assert clients.clients_created()[1] - before == 1
        assert "Cookie" not in site.hits[1].headers


def test_each_event_loop_gets_its_own_async_client() -> None:
    with LoopbackSite(max_requests=10) as site:
        site.route("/thread-1523-1-1.html", Reply.html(SEED, "gbk"))
        url = site.url("thread-1523-1-1.html")
        before = clients.clients_created()[1]
        for _ in range(2):
            assert len(asyncio.run(aextract_thread(url, settings=FAST)).posts) == 5
        assert clients.clients_created()[1] - before == 2  # a closed loop's client is not reused
