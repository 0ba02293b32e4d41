"""Wall-clock deadlines: one per request (``request_deadline``), one per thread
(``thread_time_limit``), and the tighter of the two bounding everything a request does.

A server that drips its answer byte by byte never trips a per-read timeout, so time is
checked against a deadline at every step: before each wait (pacing, backoff, Retry-After),
in the timeout given to each request, between body chunks, and, on the clients this library
makes, inside every socket read and write (``DeadlineBackend``, which reads the deadline of
the request in progress from a context variable). The async twin also cancels the attempt
at the deadline (``anyio.fail_after``).
"""

from __future__ import annotations

import contextvars
import ssl
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpcore

from ..errors import DeadlineExceeded, DiscuzError, LimitExceeded

_CURRENT: contextvars.ContextVar[float | None] = contextvars.ContextVar("discuz_extract_deadline", default=None)


class DeadlinePassed(Exception):
    """The deadline of the request in progress passed (turned into the typed error once)."""


@dataclass(frozen=True)
class Deadline:
    """A point in ``time.monotonic()`` time, and which limit it comes from."""

    at: float
    seconds: float
    thread: bool = False  # from thread_time_limit (LimitExceeded) rather than request_deadline

    @classmethod
    def after(cls, seconds: float, *, thread: bool = False) -> Deadline:
        return cls(time.monotonic() + seconds, seconds, thread)

    @classmethod
    def for_request(cls, seconds: float, within: Deadline | None) -> Deadline:
        """``seconds`` from now, or ``within`` when that comes first."""
        own = cls.after(seconds)
        return within if within is not None and within.at <= own.at else own

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def check(self) -> None:
        if self.expired():
            raise DeadlinePassed()

    def timeout(self, timeout: float) -> float:
        """A per-phase timeout that cannot outlast the deadline (a small floor keeps it valid)."""
        return max(min(timeout, self.remaining()), 0.001)

    def error(self, url: str, attempts: int) -> DiscuzError:
        if self.thread:
            return LimitExceeded(f"thread_time_limit of {self.seconds:g}s reached", url=url)
        return DeadlineExceeded(
            f"request_deadline of {self.seconds:g}s reached after {attempts} attempt(s)", url=url, attempts=attempts
        )

    @contextmanager
    def active(self) -> Iterator[None]:
        """Make this the deadline ``DeadlineBackend`` enforces for the code inside."""
        token = _CURRENT.set(self.at)
        try:
            yield
        finally:
            _CURRENT.reset(token)


def _bounded(timeout: float | None, exc: type[Exception]) -> float | None:
    at = _CURRENT.get()
    if at is None:
        return timeout
    remaining = at - time.monotonic()
    if remaining <= 0:
        raise exc("the request deadline passed")
    return remaining if timeout is None else min(timeout, remaining)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read and write ends by the deadline of the request in progress."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend with ``DeadlineStream`` connections."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self.inner.connect_tcp(host, port, bounded, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self.inner.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)
