"""Cookies per call, scoped as browsers scope them; never in a (shared) client's jar.

Each call gets its own jar: the ``cookies`` setting loaded into it, and what the site sets
while the call runs. A cookie from a dict is host-only (sent to the thread's host, not its
subdomains, never on a redirect elsewhere); a cookies.txt or ``CookieJar`` cookie keeps its
own domain (a ``.example.cn`` domain cookie goes to subdomains, as it says). Session cookies
(expiry 0 or missing in a cookies.txt, as browsers export them) are sent. IP hosts, IPv6
literals included, only ever get host-only cookies.
"""

from __future__ import annotations

import http.cookiejar
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from .network import numeric_host
from .settings import CookieSource


def _bare_host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _cookie_host(domain: str) -> str:
    """The host a cookie's domain names (cookiejar appends ``.local`` to dotless hosts)."""
    bare = domain.lower().lstrip(".")
    if bare.endswith(".local") and "." not in bare[: -len(".local")]:
        bare = bare[: -len(".local")]
    return bare.strip("[]")


class _ScopedPolicy(http.cookiejar.DefaultCookiePolicy):
    """The default policy, with domain matching done on the URL's real host (IPv6 too), host-only
    cookies kept to their host, and session cookies (expires ``None``) sent."""

    def return_ok_domain(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        host = _bare_host(request.get_full_url())
        domain = _cookie_host(cookie.domain)
        if host == domain:
            return True
        wide = cookie.domain_specified or cookie.domain_initial_dot
        return wide and numeric_host(host) is None and host.endswith("." + domain)

    def domain_return_ok(self, domain: str, request: urllib.request.Request) -> bool:
        return True  # return_ok_domain decides, per cookie

    def return_ok_expires(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return cookie.expires is None or not cookie.is_expired(int(time.time()))


def _host_only(name: str, value: str, host: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        0, name, value, None, False, host, False, False, "/", True, False, None, True, None, None, {}
    )


def _from_file(path: str | Path) -> http.cookiejar.CookieJar:
    jar = http.cookiejar.MozillaCookieJar(str(path))
    jar.load(ignore_discard=True, ignore_expires=True)
    for cookie in jar:
        if not cookie.expires:  # 0 or missing: a session cookie, as browsers export them
            cookie.expires, cookie.discard = None, True
    return jar


def call_jar(source: CookieSource, thread_url: str) -> httpx.Cookies:
    """A fresh jar for one call, holding ``source`` (the user's jar or file is not changed)."""
    jar = httpx.Cookies(http.cookiejar.CookieJar(policy=_ScopedPolicy()))
    if source is None:
        return jar
    if isinstance(source, dict):
        host = _bare_host(thread_url)
        for name, value in source.items():
            jar.jar.set_cookie(_host_only(name, value, host))
        return jar
    cookies: Any = _from_file(source) if isinstance(source, (str, Path)) else source
    for cookie in list(cookies):
        jar.jar.set_cookie(cookie)
    return jar


def refusing_jar() -> http.cookiejar.CookieJar:
    """A jar that keeps nothing: a shared client's own jar, so no call's cookies reach another."""
    return http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
