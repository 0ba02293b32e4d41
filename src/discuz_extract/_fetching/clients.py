"""The httpx clients the library makes when the caller gives none: one sync client per
process, one async client per event loop, reused across calls.

Building a client costs tens of milliseconds of CPU (its SSL context), more than reading a
one-page thread, so calls share one. Nothing of a call stays in it: headers and cookies are
sent per request (the client's own jar refuses every cookie), timeouts are given per request.
httpx clients are thread-safe; the sync one is closed at interpreter exit, each async one
when its event loop shuts down its async generators (``asyncio.run`` does).

The sync client's transport gets a ``DeadlineBackend``, so every socket read and write of a
request ends by its deadline (see ``deadline.py``); the async twin cancels instead.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
import weakref
from collections.abc import AsyncIterator
from typing import Any

import httpx

from .cookies import refusing_jar
from .deadline import DeadlineBackend

_LIMITS = httpx.Limits(max_connections=None, max_keepalive_connections=32)


def _options() -> dict[str, Any]:
    return {"follow_redirects": False, "limits": _LIMITS, "cookies": refusing_jar()}


def install_deadlines(transport: httpx.HTTPTransport) -> bool:
    """Give ``transport``'s connection pool a ``DeadlineBackend``; False when httpx changed
    inside so that it cannot be done (the deadline is then checked between reads only)."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if pool is None or backend is None:
        return False
    if not isinstance(backend, DeadlineBackend):
        pool._network_backend = DeadlineBackend(backend)
    return True


def new_client() -> httpx.Client:
    """A sync client as the library makes it (deadline-bounded sockets, no cookie jar)."""
    transport = httpx.HTTPTransport(limits=_LIMITS)
    install_deadlines(transport)
    return httpx.Client(transport=transport, **_options())


def new_async_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(**_options())


class _SyncShared:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.client: httpx.Client | None = None
        self.created = 0  # how many clients were made (tests check reuse)

    def get(self) -> httpx.Client:
        with self.lock:
            if self.client is None or self.client.is_closed:
                self.client = new_client()
                self.created += 1
            return self.client

    def close(self) -> None:
        with self.lock:
            if self.client is not None:
                self.client.close()
            self.client = None


_SYNC = _SyncShared()
atexit.register(_SYNC.close)


async def _closer(client: httpx.AsyncClient) -> AsyncIterator[None]:
    """Suspended for the loop's life; closing it (``shutdown_asyncgens``) closes the client."""
    try:
        yield
    finally:
        await client.aclose()


class _AsyncShared:
    def __init__(self) -> None:
        self.entries: dict[int, tuple[weakref.ref[asyncio.AbstractEventLoop], httpx.AsyncClient, object]] = {}
        self.created = 0

    async def get(self) -> httpx.AsyncClient | None:
        """The running loop's client; ``None`` outside asyncio (trio: a client per call)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        for key, (ref, _, _) in list(self.entries.items()):
            if (alive := ref()) is None or alive.is_closed():
                del self.entries[key]
        entry = self.entries.get(id(loop))
        if entry is not None and entry[0]() is loop and not entry[1].is_closed:
            return entry[1]
        client = new_async_client()
        closer = _closer(client)
        await closer.__anext__()  # the loop now tracks it, and finalises it at shutdown
        self.entries[id(loop)] = (weakref.ref(loop), client, closer)
        self.created += 1
        return client


_ASYNC = _AsyncShared()


def shared_client() -> httpx.Client:
    return _SYNC.get()


async def shared_async_client() -> httpx.AsyncClient | None:
    return await _ASYNC.get()


def clients_created() -> tuple[int, int]:
    """(sync, async) shared clients made so far in this process."""
    return _SYNC.created, _ASYNC.created
