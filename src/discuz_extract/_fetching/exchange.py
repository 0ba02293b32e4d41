"""Every HTTP exchange the fetchers make, handed to observers as it ends: the hook of the WARC
capture (``discuz_extract.warc.WarcWriter``), and of anything else that wants the raw traffic.

An exchange is one request and its answer: each attempt, each redirect hop and each robots.txt
read is one. The observers get the request as sent (method, target, headers) and the answer as
received: the status line, the raw headers and the body before content decoding (``iter_raw``:
httpx has already taken off the chunked framing, so ``Transfer-Encoding`` no longer describes
the bytes). A body the fetcher does not otherwise read (a redirect, a status that is retried)
is read up to ``DRAIN_BYTES`` when someone observes. A body cut short (a cap, a deadline, a
dropped connection) comes with the reason, WARC's ``WARC-Truncated`` words.

Observers are called in the fetching thread (or on the event loop) right after the exchange;
what one raises fails the request like any other error of that page.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

import httpx

from ..errors import DeadlineExceeded, LimitExceeded, ResponseTooLarge
from .deadline import Deadline, DeadlinePassed

__all__ = ["DRAIN_BYTES", "Exchange", "ExchangeObserver", "Tap", "Truncation"]

Truncation = Literal["length", "time", "disconnect", "unspecified"]
DRAIN_BYTES = 64 * 1024  # of a redirect's or a retried answer's body, read only for observers
_RAW_HEADERS = tuple[tuple[bytes, bytes], ...]


@dataclass(frozen=True)
class Exchange:
    """One request and the answer to it, as they went over the wire.

    ``body`` is the payload as received, before content decoding, unless ``decoded`` (a
    response that held its content already decoded, such as one built by
    ``httpx.MockTransport``). ``truncated`` says why the body is incomplete, or is ``None``.
    """

    url: str
    method: str
    target: bytes  # the request target as sent: path and query
    http_version: str
    request_headers: _RAW_HEADERS
    status: int
    reason: str
    response_headers: _RAW_HEADERS
    body: bytes
    started: datetime  # when the request was sent (UTC)
    peer: str | None = None  # the server's IP address, where the connection tells it
    truncated: Truncation | None = None
    decoded: bool = False


ExchangeObserver = Callable[[Exchange], None]


def _reason_for(error: BaseException | None) -> Truncation:
    if error is None or isinstance(error, ResponseTooLarge):
        return "length"
    if isinstance(error, (DeadlinePassed, DeadlineExceeded, LimitExceeded, TimeoutError, asyncio.CancelledError)):
        return "time"
    if isinstance(error, httpx.TransportError):
        return "disconnect"
    return "unspecified"


def _peer(response: httpx.Response) -> str | None:
    try:
        address = response.extensions["network_stream"].get_extra_info("server_addr")
        return str(address[0]) if address else None
    except Exception:  # a transport without a network stream (mocks), or one that hides it
        return None


class Tap:
    """Collects one exchange while it happens; ``emit`` hands it to the observers, once."""

    def __init__(
        self,
        observers: tuple[ExchangeObserver, ...],
        request: httpx.Request,
        response: httpx.Response,
        started: datetime,
    ) -> None:
        self.observers, self.request, self.response, self.started = observers, request, response, started
        self.peer = _peer(response)  # while the connection is open
        self.chunks: list[bytes] = []
        self.size = 0
        self.complete = False
        self.decoded = False
        self.error: BaseException | None = None

    @classmethod
    def open(
        cls,
        observers: tuple[ExchangeObserver, ...],
        request: httpx.Request,
        response: httpx.Response,
        started: datetime,
    ) -> Tap | None:
        """A tap when anyone observes, else ``None`` (and nothing is kept)."""
        return cls(observers, request, response, started) if observers else None

    @staticmethod
    def now() -> datetime:
        return datetime.now(timezone.utc)

    def add(self, chunk: bytes) -> None:
        self.chunks.append(chunk)
        self.size += len(chunk)

    def loaded(self, content: bytes) -> None:
        """The response held its content already (decoded): that is the body there is."""
        self.chunks, self.size, self.decoded, self.complete = [content], len(content), True, True

    def drain(self, deadline: Deadline) -> None:
        """Read an otherwise unread body (a redirect, a retried status) up to ``DRAIN_BYTES``."""
        if self.response.is_stream_consumed:
            self.loaded(self.response.content)
            return
        try:
            for chunk in self.response.iter_raw():
                deadline.check()
                if not self._take_bounded(chunk):
                    return
        except httpx.HTTPError as exc:  # the redirect or retry goes on without its body
            self.error = exc
            return
        self.complete = True

    async def adrain(self, deadline: Deadline) -> None:
        if self.response.is_stream_consumed:
            self.loaded(self.response.content)
            return
        try:
            async for chunk in self.response.aiter_raw():
                deadline.check()
                if not self._take_bounded(chunk):
                    return
        except httpx.HTTPError as exc:
            self.error = exc
            return
        self.complete = True

    def _take_bounded(self, chunk: bytes) -> bool:
        room = DRAIN_BYTES - self.size
        self.add(chunk[:room])
        return len(chunk) <= room

    def fail(self, error: BaseException) -> None:
        self.error = self.error or error

    def emit(self) -> None:
        exchange = self.exchange()
        for observer in self.observers:
            observer(exchange)

    def exchange(self) -> Exchange:
        request, response = self.request, self.response
        return Exchange(
            url=str(request.url),
            method=request.method,
            target=request.url.raw_path,
            http_version=response.http_version or "HTTP/1.1",
            request_headers=tuple(request.headers.raw),
            status=response.status_code,
            reason=response.reason_phrase,
            response_headers=tuple(response.headers.raw),
            body=b"".join(self.chunks),
            started=self.started,
            peer=self.peer,
            truncated=None if self.complete else _reason_for(self.error),
            decoded=self.decoded,
        )
