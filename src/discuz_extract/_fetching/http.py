"""HTTP with httpx: one policy (retries, redirects, limits, cookies), a sync and an async twin.

Everything but the I/O lives in module functions shared by ``SyncFetcher`` and
``AsyncFetcher``: building the client, deciding what to retry and how long to wait,
following redirects by hand (loops, limits, login redirects, cookie scoping).
"""

from __future__ import annotations

import asyncio
import email.utils
import http.cookiejar
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from ..errors import FetchError, LoginRequired, PermissionDenied, ResponseTooLarge, TooManyRedirects
from .settings import CookieSource, FetchSettings

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
_LOGIN_PATH = "member.php"


@dataclass(frozen=True)
class Fetched:
    """A response body read in full, within limits."""

    url: str  # the final URL, after redirects
    status: int
    content: bytes
    charset: str | None  # from the Content-Type header
    attempts: int
    date: str | None = None  # the Date header: the reference for relative times


class _RetryableStatus(Exception):
    """A status worth retrying; carries the server's Retry-After when it sent one."""

    def __init__(self, status: int, retry_after: float | None, url: str) -> None:
        super().__init__(f"HTTP {status}")
        self.status, self.retry_after, self.url = status, retry_after, url


# --- the shared policy ------------------------------------------------------------------


def _client_options(settings: FetchSettings) -> dict[str, Any]:
    """Options for a client we create (one the caller passes is used as it is)."""
    return {
        "timeout": httpx.Timeout(settings.timeout),
        "follow_redirects": False,
        "headers": _request_headers(settings),
        "limits": httpx.Limits(max_connections=max(settings.concurrency, 1) * 2),
    }


def _request_headers(settings: FetchSettings) -> dict[str, str]:
    return {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.6",
        **settings.headers,
    }


# what an httpx client sends when nobody chose otherwise
_HTTPX_DEFAULT_HEADERS = {"accept": "*/*", "user-agent": f"python-httpx/{httpx.__version__}"}


def _headers_for(client: httpx.Client | httpx.AsyncClient, settings: FetchSettings) -> dict[str, str]:
    """Our headers, except those the caller's own client deliberately sets (not httpx defaults)."""
    ours = _request_headers(settings)
    return {
        name: value
        for name, value in ours.items()
        if client.headers.get(name) in (None, _HTTPX_DEFAULT_HEADERS.get(name.lower()), value)
    }


def _load_cookies(source: CookieSource, host: str) -> httpx.Cookies:
    """Cookies scoped to ``host``: a dict is bound to the thread's host, never sent elsewhere."""
    jar = httpx.Cookies()
    if source is None:
        return jar
    if isinstance(source, dict):
        domain = host.split(":")[0]
        for name, value in source.items():
            jar.set(name, value, domain=domain, path="/")
        return jar
    if isinstance(source, (str, Path)):
        file_jar = http.cookiejar.MozillaCookieJar(str(source))
        file_jar.load(ignore_discard=True, ignore_expires=True)
        source = file_jar
    for cookie in source:
        jar.jar.set_cookie(cookie)
    return jar


def _is_retryable(exc: BaseException) -> bool:
    # TransportError covers refused connections, timeouts, bodies cut short and bad gzip.
    return isinstance(exc, (_RetryableStatus, httpx.TransportError, httpx.DecodingError))


def _retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: an integer, or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _make_wait(settings: FetchSettings) -> Callable[[RetryCallState], float]:
    backoff = wait_random_exponential(multiplier=settings.backoff, max=settings.backoff_max)

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, _RetryableStatus) and exc.retry_after is not None:
            return min(exc.retry_after, settings.retry_after_max)
        return float(backoff(state))

    return wait


def _retry_kwargs(settings: FetchSettings) -> dict[str, Any]:
    return {
        "stop": stop_after_attempt(settings.max_attempts) | stop_after_delay(settings.retry_total_seconds),
        "wait": _make_wait(settings),
        "retry": retry_if_exception(_is_retryable),
        "reraise": True,
    }


def _as_fetch_error(exc: BaseException, url: str, attempts: int) -> FetchError:
    if isinstance(exc, _RetryableStatus):
        return FetchError(
            f"HTTP {exc.status} after {attempts} attempt(s)", url=url, status=exc.status, attempts=attempts
        )
    return FetchError(f"{type(exc).__name__}: {exc} after {attempts} attempt(s)", url=url, attempts=attempts)


def _next_hop(response: httpx.Response, url: str, seen: list[str], settings: FetchSettings) -> str | None:
    """The redirect target, checked: loops, the limit, login and forum-password gates."""
    if not response.has_redirect_location:
        return None
    target = urljoin(url, response.headers["location"])
    if target in seen:
        raise TooManyRedirects(f"redirect loop via {target}", url=seen[0], status=response.status_code)
    if len(seen) > settings.max_redirects:
        raise TooManyRedirects(
            f"more than {settings.max_redirects} redirects", url=seen[0], status=response.status_code
        )
    path_and_query = target.split("://", 1)[-1]
    if _LOGIN_PATH in path_and_query and "logging" in path_and_query:
        raise LoginRequired("redirected to the login page", url=seen[0])
    if "mod=forumdisplay" in path_and_query and "mod=viewthread" not in path_and_query and "tid=" in seen[0]:
        raise PermissionDenied("redirected to the forum (password or paid forum)", url=seen[0])
    return target


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status in _RETRY_STATUSES:
        raise _RetryableStatus(status, _retry_after_seconds(response.headers.get("retry-after")), url)


def _declared_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length")
    return int(value) if value and value.isdigit() else None


def _too_large(url: str, limit: int, status: int) -> ResponseTooLarge:
    return ResponseTooLarge(f"body larger than {limit} bytes", url=url, status=status)


class PaceSchedule:
    """When each host may next be asked: one booked start per host, shared by every fetcher
    given this schedule (the public calls share one per process, so consecutive
    ``extract_thread`` calls to one site stay polite too). Thread-safe."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def reserve(self, url: str, delay: float) -> float:
        """Book the next slot for the URL's host, ``delay`` seconds after the last one booked;
        returns how long to wait before starting."""
        if delay <= 0:
            return 0.0
        host = urlsplit(url).netloc
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + delay
            return start - now

    def clear(self) -> None:
        with self._lock:
            self._next.clear()


class _BodyCollector:
    """Reads a body within ``max_response_bytes``, stopping as soon as it goes over."""

    def __init__(self, response: httpx.Response, url: str, limit: int) -> None:
        self.response, self.url, self.limit = response, url, limit
        self.chunks: list[bytes] = []
        self.total = 0
        length = _declared_length(response)
        if length is not None and length > limit:
            raise _too_large(url, limit, response.status_code)

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        if self.total > self.limit:
            raise _too_large(self.url, self.limit, self.response.status_code)
        self.chunks.append(chunk)

    def fetched(self, attempts: int) -> Fetched:
        r = self.response
        body = b"".join(self.chunks)
        return Fetched(str(r.url), r.status_code, body, r.charset_encoding, attempts, r.headers.get("date"))


# --- the twins ----------------------------------------------------------------------------


class _FetcherBase:
    """State both twins share: settings, pacing, headers, cookies scoped to the thread's host."""

    def __init__(
        self,
        settings: FetchSettings,
        host: str,
        client: httpx.Client | httpx.AsyncClient,
        *,
        own: bool,
        pacing: PaceSchedule,
    ) -> None:
        self.settings = settings
        self.pacing = pacing
        self._own = own
        self.headers = _headers_for(client, settings)
        if settings.cookies is not None:
            client.cookies.update(_load_cookies(settings.cookies, host))


class SyncFetcher(_FetcherBase):
    """Fetches URLs with retries, redirect checks and size limits (blocking)."""

    def __init__(
        self, settings: FetchSettings, *, host: str, pacing: PaceSchedule, client: httpx.Client | None = None
    ) -> None:
        self.client = client or httpx.Client(**_client_options(settings))
        super().__init__(settings, host, self.client, own=client is None, pacing=pacing)

    def __enter__(self) -> SyncFetcher:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._own:
            self.client.close()

    def get(self, url: str) -> Fetched:
        attempts = 0
        try:
            for attempt in Retrying(**_retry_kwargs(self.settings)):
                with attempt:
                    attempts = attempt.retry_state.attempt_number
                    return self._get_once(url, attempts)
        except (_RetryableStatus, httpx.TransportError, httpx.DecodingError) as exc:
            raise _as_fetch_error(exc, url, attempts) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_once(self, url: str, attempts: int) -> Fetched:
        seen = [url]
        while True:
            current = seen[-1]
            if (wait := self.pacing.reserve(current, self.settings.delay)) > 0:
                time.sleep(wait)
            with self.client.stream("GET", current, headers=self.headers, follow_redirects=False) as response:
                target = _next_hop(response, current, seen, self.settings)
                if target is None:
                    _check_status(response, current)
                    body = _BodyCollector(response, current, self.settings.max_response_bytes)
                    for chunk in response.iter_bytes():
                        body.add(chunk)
                    return body.fetched(attempts)
            seen.append(target)


class AsyncFetcher(_FetcherBase):
    """The async twin of ``SyncFetcher``: same policy, awaitable I/O."""

    def __init__(
        self, settings: FetchSettings, *, host: str, pacing: PaceSchedule, client: httpx.AsyncClient | None = None
    ) -> None:
        self.client = client or httpx.AsyncClient(**_client_options(settings))
        super().__init__(settings, host, self.client, own=client is None, pacing=pacing)

    async def __aenter__(self) -> AsyncFetcher:
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._own:
            await self.client.aclose()

    async def get(self, url: str) -> Fetched:
        attempts = 0
        try:
            async for attempt in AsyncRetrying(**_retry_kwargs(self.settings)):
                with attempt:
                    attempts = attempt.retry_state.attempt_number
                    return await self._get_once(url, attempts)
        except (_RetryableStatus, httpx.TransportError, httpx.DecodingError) as exc:
            raise _as_fetch_error(exc, url, attempts) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    async def _get_once(self, url: str, attempts: int) -> Fetched:
        seen = [url]
        while True:
            current = seen[-1]
            if (wait := self.pacing.reserve(current, self.settings.delay)) > 0:
                await asyncio.sleep(wait)
            async with self.client.stream("GET", current, headers=self.headers, follow_redirects=False) as response:
                target = _next_hop(response, current, seen, self.settings)
                if target is None:
                    _check_status(response, current)
                    body = _BodyCollector(response, current, self.settings.max_response_bytes)
                    async for chunk in response.aiter_bytes():
                        body.add(chunk)
                    return body.fetched(attempts)
            seen.append(target)
