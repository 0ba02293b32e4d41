"""HTTP with httpx: one policy (retries, deadlines, redirects, limits, cookies), a sync and an
async twin.

Everything but the I/O is shared: the retry policy, the request as built for each hop
(headers, the call's cookies, credentials dropped off the start origin, timeouts that cannot
outlast the deadline), the redirect checks (``redirects.py``), the body reader (``body.py``:
the raw stream decoded within the cap). The twins differ in how they wait, resolve names,
send and read, and in how the deadline cuts a read short: the sync twin through the socket
timeouts of the clients it makes (``DeadlineBackend``) and between chunks, the async twin by
cancelling the attempt (``anyio.fail_after``).

Observers (``exchange.py``) see every exchange, each attempt and redirect hop included, as it
ends: the twins keep the raw chunks they read in a ``Tap`` when, and only when, someone observes.
"""

from __future__ import annotations

import asyncio
import email.utils
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx
from tenacity import AsyncRetrying, RetryCallState, Retrying, retry_if_exception, wait_random_exponential

from ..errors import BadResponse, FetchError
from .body import BodyReader, Fetched
from .clients import new_async_client, shared_async_client, shared_client
from .cookies import call_jar
from .deadline import Deadline, DeadlinePassed
from .encodings import accept_encoding
from .exchange import ExchangeObserver, Tap
from .network import Resolver
from .redirects import Chain, is_credential, known_addresses, lookup_host
from .settings import FetchSettings

__all__ = ["AsyncFetcher", "Fetched", "PaceSchedule", "SyncFetcher"]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
_RETRY_AFTER_MAX_DIGITS = 9


class _RetryableStatus(Exception):
    """A status worth retrying; carries the server's Retry-After when it sent one."""

    def __init__(self, status: int, retry_after: float | None, url: str) -> None:
        super().__init__(f"HTTP {status}")
        self.status, self.retry_after, self.url = status, retry_after, url


_RETRYABLE = (_RetryableStatus, httpx.TransportError, httpx.DecodingError)

# --- the shared policy ------------------------------------------------------------------


def _request_headers(settings: FetchSettings) -> dict[str, str]:
    return {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.6",
        "Accept-Encoding": accept_encoding(),  # exactly what encodings.py decodes within the cap
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
        if name == "Accept-Encoding"
        or client.headers.get(name) in (None, _HTTPX_DEFAULT_HEADERS.get(name.lower()), value)
    }


def _is_retryable(exc: BaseException) -> bool:
    # TransportError covers refused connections, timeouts, bodies cut short and bad gzip.
    return isinstance(exc, _RETRYABLE)


def _retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: ASCII digits, or an HTTP-date; anything else is ignored."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value) if len(value) <= _RETRY_AFTER_MAX_DIGITS else float("inf")
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - (time.time() if now is None else now))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _make_wait(settings: FetchSettings) -> Callable[[RetryCallState], float]:
    backoff = wait_random_exponential(multiplier=settings.backoff, max=settings.backoff_max)

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, _RetryableStatus) and exc.retry_after is not None:
            return min(exc.retry_after, settings.retry_after_max)
        return float(backoff(state))

    return wait


class _RetryPolicy:
    """When to stop and how long to wait: attempts, ``retry_total_seconds``, and never a wait
    that would end past the deadline (the last error is raised instead). The wait is worked
    out once per failed attempt, whichever of stop and wait tenacity asks first."""

    def __init__(self, settings: FetchSettings, deadline: Deadline) -> None:
        self.settings, self.deadline = settings, deadline
        self.backoff = _make_wait(settings)
        self.waits: dict[int, float] = {}

    def wait(self, state: RetryCallState) -> float:
        if state.attempt_number not in self.waits:
            self.waits[state.attempt_number] = self.backoff(state)
        return self.waits[state.attempt_number]

    def stop(self, state: RetryCallState) -> bool:
        if state.attempt_number >= self.settings.max_attempts:
            return True
        if (state.seconds_since_start or 0.0) >= self.settings.retry_total_seconds:
            return True
        return self.wait(state) >= self.deadline.remaining()

    def kwargs(self) -> dict[str, Any]:
        return {"stop": self.stop, "wait": self.wait, "retry": retry_if_exception(_is_retryable), "reraise": True}


def _as_fetch_error(exc: BaseException, url: str, attempts: int) -> FetchError:
    if isinstance(exc, _RetryableStatus):
        return FetchError(
            f"HTTP {exc.status} after {attempts} attempt(s)", url=url, status=exc.status, attempts=attempts
        )
    return FetchError(f"{type(exc).__name__}: {exc} after {attempts} attempt(s)", url=url, attempts=attempts)


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status in _RETRY_STATUSES:
        raise _RetryableStatus(status, _retry_after_seconds(response.headers.get("retry-after")), url)


def _unread_body(response: httpx.Response) -> bool:
    """A body the fetcher does not read: a redirect's, or a status about to be retried."""
    return response.has_redirect_location or response.status_code in _RETRY_STATUSES


@contextmanager
def _tapping(tap: Tap | None) -> Iterator[None]:
    """Note what cut the exchange short, and hand it to the observers once it is over."""
    if tap is None:
        yield
        return
    try:
        yield
    except BaseException as exc:
        tap.fail(exc)
        raise
    finally:
        tap.emit()


def _pace(pacing: PaceSchedule, url: str, delay: float, deadline: Deadline) -> float:
    """The wait before a request to ``url``'s host; a wait past the deadline is not waited."""
    wait = pacing.reserve(url, delay)
    if wait > 0 and wait >= deadline.remaining():
        raise DeadlinePassed()
    return wait


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


def _read_whole(tap: Tap | None, reader: BodyReader) -> None:
    """The body was read to its end: the tap holds all of it (decoded, for a built response)."""
    if tap is not None:
        if reader.loaded:
            tap.loaded(b"".join(tap.chunks))
        tap.complete = True


# --- the twins ----------------------------------------------------------------------------


class _FetcherBase:
    """What both twins share: settings, pacing, the resolver, headers, and the call's cookies."""

    def __init__(
        self,
        settings: FetchSettings,
        thread_url: str,
        client: httpx.Client | httpx.AsyncClient | None,
        *,
        pacing: PaceSchedule,
        resolver: Resolver | None,
        observers: tuple[ExchangeObserver, ...] = (),
    ) -> None:
        self.settings, self.pacing, self.observers = settings, pacing, observers
        self.resolver = resolver or Resolver()
        self.headers = _request_headers(settings) if client is None else _headers_for(client, settings)
        self.cookies = call_jar(settings.cookies, thread_url)  # per call, never the client's jar
        self.client: Any = client

    def _request(self, chain: Chain, deadline: Deadline) -> httpx.Request:
        """The request for the chain's current hop, as this call sends it."""
        timeout = httpx.Timeout(deadline.timeout(self.settings.timeout))
        try:
            request: httpx.Request = self.client.build_request(
                "GET", chain.current, headers=self.headers, timeout=timeout
            )
        except (httpx.InvalidURL, ValueError) as exc:
            raise BadResponse(f"cannot request {chain.current[:200]!r}: {exc}", url=chain.seen[0]) from exc
        if chain.left_origin:
            for name in [n for n in request.headers if is_credential(n)]:
                del request.headers[name]
        self.cookies.set_cookie_header(request)
        return request

    @staticmethod
    def _bad_location(exc: Exception, chain: Chain) -> BadResponse | None:
        """httpx reads a redirect's Location inside ``send``: a Location it cannot use is the
        server's fault (``BadResponse``, not retried), not a transport failure."""
        if isinstance(exc, httpx.InvalidURL) or "location header" in str(exc).lower():
            return BadResponse(f"redirect to an unusable URL: {exc}", url=chain.seen[0])
        return None

    def _settle(self, response: httpx.Response, chain: Chain) -> httpx.URL | None:
        """Keep the cookies the site set, and check a redirect; the next hop, or None."""
        self.cookies.extract_cookies(response)
        return chain.next_hop(response)

    def _start(self, url: str, within: Deadline | None) -> tuple[Deadline, _RetryPolicy]:
        deadline = Deadline.for_request(self.settings.request_deadline, within)
        return deadline, _RetryPolicy(self.settings, deadline)


class SyncFetcher(_FetcherBase):
    """Fetches URLs with retries, deadlines, redirect checks and size limits (blocking)."""

    def __init__(
        self,
        settings: FetchSettings,
        *,
        thread_url: str,
        pacing: PaceSchedule,
        client: httpx.Client | None = None,
        resolver: Resolver | None = None,
        observers: tuple[ExchangeObserver, ...] = (),
    ) -> None:
        super().__init__(
            settings, thread_url, client or shared_client(), pacing=pacing, resolver=resolver, observers=observers
        )

    def __enter__(self) -> SyncFetcher:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        return None  # the caller's client is theirs; the shared one outlives the call

    def get(
        self, url: str, *, within: Deadline | None = None, limit: int | None = None, truncate: bool = False
    ) -> Fetched:
        """The body at ``url``, within ``limit`` bytes (``max_response_bytes``) and ``within``
        (the thread's deadline) as well as ``request_deadline``."""
        deadline, policy = self._start(url, within)
        attempts = 0
        try:
            for attempt in Retrying(**policy.kwargs()):
                with attempt:
                    attempts = attempt.retry_state.attempt_number
                    return self._attempt(url, attempts, deadline, limit or self.settings.max_response_bytes, truncate)
        except DeadlinePassed:
            raise deadline.error(url, attempts) from None
        except _RETRYABLE as exc:
            raise _as_fetch_error(exc, url, attempts) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(self, url: str, attempts: int, deadline: Deadline, limit: int, truncate: bool) -> Fetched:
        chain = Chain(url, self.settings)
        try:
            with deadline.active():
                while True:
                    if (wait := _pace(self.pacing, chain.current, self.settings.delay, deadline)) > 0:
                        time.sleep(wait)
                    with self._send(chain, deadline) as (response, tap):
                        if tap is not None and _unread_body(response):
                            tap.drain(deadline)
                        target = self._settle(response, chain)
                        if target is None:
                            return self._read(response, chain.current, attempts, deadline, limit, truncate, tap)
                    self._check_network(chain, target)
                    chain.follow(target)
        except httpx.TransportError:
            if deadline.expired():
                raise DeadlinePassed() from None
            raise

    @contextmanager
    def _send(self, chain: Chain, deadline: Deadline) -> Iterator[tuple[httpx.Response, Tap | None]]:
        request, started = self._request(chain, deadline), Tap.now()
        try:
            response = self.client.send(request, stream=True, follow_redirects=False)
        except (httpx.InvalidURL, httpx.RemoteProtocolError) as exc:
            if (bad := self._bad_location(exc, chain)) is None:
                raise
            raise bad from exc
        tap = Tap.open(self.observers, request, response, started)
        try:
            with _tapping(tap):
                yield response, tap
        finally:
            response.close()

    def _read(
        self,
        response: httpx.Response,
        url: str,
        attempts: int,
        deadline: Deadline,
        limit: int,
        truncate: bool,
        tap: Tap | None = None,
    ) -> Fetched:
        _check_status(response, url)
        reader = BodyReader(response, url, limit, deadline, truncate=truncate)
        for chunk in reader.chunks():
            if tap is not None:
                tap.add(chunk)
            if not reader.add(chunk):
                break
        else:
            _read_whole(tap, reader)
        return reader.fetched(attempts)

    def _check_network(self, chain: Chain, target: httpx.URL) -> None:
        if chain.needs_check(target):
            chain.check_network(target, self._addresses(chain.start), self._addresses(target))

    def _addresses(self, url: httpx.URL) -> list[str]:
        lookup = lookup_host(url)
        return known_addresses(url) if lookup is None else self.resolver.resolve(*lookup)


class AsyncFetcher(_FetcherBase):
    """The async twin of ``SyncFetcher``: same policy, awaitable I/O, cancelled at the deadline."""

    def __init__(
        self,
        settings: FetchSettings,
        *,
        thread_url: str,
        pacing: PaceSchedule,
        client: httpx.AsyncClient | None = None,
        resolver: Resolver | None = None,
        observers: tuple[ExchangeObserver, ...] = (),
    ) -> None:
        super().__init__(settings, thread_url, client, pacing=pacing, resolver=resolver, observers=observers)
        self._own = False  # True for a client made for this call alone (outside asyncio)

    async def __aenter__(self) -> AsyncFetcher:
        if self.client is None:
            shared = await shared_async_client()
            self.client, self._own = (shared, False) if shared is not None else (new_async_client(), True)
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._own:
            await self.client.aclose()

    async def get(
        self, url: str, *, within: Deadline | None = None, limit: int | None = None, truncate: bool = False
    ) -> Fetched:
        deadline, policy = self._start(url, within)
        attempts = 0
        try:
            async for attempt in AsyncRetrying(**policy.kwargs()):
                with attempt:
                    attempts = attempt.retry_state.attempt_number
                    return await self._attempt(
                        url, attempts, deadline, limit or self.settings.max_response_bytes, truncate
                    )
        except DeadlinePassed:
            raise deadline.error(url, attempts) from None
        except _RETRYABLE as exc:
            raise _as_fetch_error(exc, url, attempts) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(self, url: str, attempts: int, deadline: Deadline, limit: int, truncate: bool) -> Fetched:
        chain = Chain(url, self.settings)
        try:
            with anyio.fail_after(max(deadline.remaining(), 0.0)):
                while True:
                    if (wait := _pace(self.pacing, chain.current, self.settings.delay, deadline)) > 0:
                        await asyncio.sleep(wait)
                    async with self._send(chain, deadline) as (response, tap):
                        if tap is not None and _unread_body(response):
                            await tap.adrain(deadline)
                        target = self._settle(response, chain)
                        if target is None:
                            return await self._read(response, chain.current, attempts, deadline, limit, truncate, tap)
                    await self._check_network(chain, target)
                    chain.follow(target)
        except TimeoutError:
            raise DeadlinePassed() from None
        except httpx.TransportError:
            if deadline.expired():
                raise DeadlinePassed() from None
            raise

    @asynccontextmanager
    async def _send(self, chain: Chain, deadline: Deadline) -> AsyncIterator[tuple[httpx.Response, Tap | None]]:
        request, started = self._request(chain, deadline), Tap.now()
        try:
            response = await self.client.send(request, stream=True, follow_redirects=False)
        except (httpx.InvalidURL, httpx.RemoteProtocolError) as exc:
            if (bad := self._bad_location(exc, chain)) is None:
                raise
            raise bad from exc
        tap = Tap.open(self.observers, request, response, started)
        try:
            with _tapping(tap):
                yield response, tap
        finally:
            await response.aclose()

    async def _read(
        self,
        response: httpx.Response,
        url: str,
        attempts: int,
        deadline: Deadline,
        limit: int,
        truncate: bool,
        tap: Tap | None = None,
    ) -> Fetched:
        _check_status(response, url)
        reader = BodyReader(response, url, limit, deadline, truncate=truncate)
        async for chunk in reader.achunks():
            if tap is not None:
                tap.add(chunk)
            if not reader.add(chunk):
                break
        else:
            _read_whole(tap, reader)
        return reader.fetched(attempts)

    async def _check_network(self, chain: Chain, target: httpx.URL) -> None:
        if chain.needs_check(target):
            chain.check_network(target, await self._addresses(chain.start), await self._addresses(target))

    async def _addresses(self, url: httpx.URL) -> list[str]:
        lookup = lookup_host(url)
        return known_addresses(url) if lookup is None else await self.resolver.aresolve(*lookup)
