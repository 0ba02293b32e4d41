"""A real HTTP server on 127.0.0.1 that plays a Discuz site: for tests, examples and benchmarks.

Routes map a path (with its query) to replies; a route with several replies answers them in
turn and then repeats the last, so "503, 503, then 200" is three replies. It binds to loopback
only, serves at most ``max_requests`` requests and stops with its context manager.

A ``Reply`` can also be hostile, to test what a client does with a server that misbehaves:
compressed in one or several stacked encodings (``Reply.compressed``), dripped one byte at a
time (``drip``), stalled midway (``stall_after``), cut short (``declared_length``), or sent as
raw bytes, status line and headers included (``raw``: garbage status lines, header drips).
``StaticResolver`` resolves host names from a table, so tests of redirect checks ask no DNS.
"""

from __future__ import annotations

import gzip
import importlib
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from ._fetching.network import StaticResolver

__all__ = ["Hit", "LoopbackSite", "Reply", "StaticResolver", "compress"]


def _brotli(data: bytes) -> bytes:
    module: Any = importlib.import_module("brotli")
    return bytes(module.compress(data))


def _zstd(data: bytes) -> bytes:
    module: Any = importlib.import_module("zstandard")
    return bytes(module.ZstdCompressor().compress(data))


_COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": _brotli,  # needs the brotli package
    "zstd": _zstd,  # needs the zstandard package
    "identity": bytes,
}


def compress(data: bytes, encodings: str) -> bytes:
    """``data`` in the ``Content-Encoding`` list ``encodings`` (``"gzip, br"``: gzip first)."""
    for name in (e.strip() for e in encodings.split(",") if e.strip()):
        data = _COMPRESSORS[name](data)
    return data


@dataclass(frozen=True)
class Reply:
    """One answer. ``declared_length`` lies about Content-Length to cut a body short.

    ``drip`` sends the body one byte every ``drip`` seconds (with ``raw``, the whole answer);
    ``raw`` is sent as it is instead of a status line, headers and ``body``.
    """

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the headers
    stall_after: int | None = None  # send this many body bytes, then stall for ``delay_body``
    delay_body: float = 0.0
    declared_length: int | None = None
    drip: float = 0.0
    raw: bytes | None = None

    @classmethod
    def html(cls, body: bytes, charset: str | None = None, **kwargs: object) -> Reply:
        content_type = "text/html" + (f"; charset={charset}" if charset else "")
        return cls(body=body, headers={"Content-Type": content_type}, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Reply:
        return cls(status=status, headers={"Location": location})

    @classmethod
    def compressed(
        cls, body: bytes, encodings: str, charset: str | None = None, *, precompressed: bool = False, **kwargs: object
    ) -> Reply:
        """``body`` as HTML, compressed in ``encodings`` (applied in the order listed) and
        labelled with them; with ``precompressed``, ``body`` is sent as it is, only labelled."""
        data = body if precompressed else compress(body, encodings)
        content_type = "text/html" + (f"; charset={charset}" if charset else "")
        headers = {"Content-Type": content_type, "Content-Encoding": encodings}
        return cls(body=data, headers=headers, **kwargs)  # type: ignore[arg-type]


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


class LoopbackSite:
    """``with LoopbackSite() as site: site.route('/thread-1-1-1.html', Reply.html(b'...'))``"""

    def __init__(self, *, max_requests: int = 10_000, host: str = "127.0.0.1") -> None:
        self.max_requests = max_requests
        self.routes: dict[str, list[Reply]] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()  # ends drips and stalls when the site stops
        server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
        self._server = server_class((host, 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        host_text = f"[{name}]" if ":" in name else name
        return f"http://{host_text}:{port}/"

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def route(self, path: str, *replies: Reply) -> None:
        with self._lock:
            self.routes["/" + path.lstrip("/")] = list(replies)

    def hits_for(self, path: str) -> list[Hit]:
        wanted = "/" + path.lstrip("/")
        return [h for h in self.hits if h.path == wanted]

    def __enter__(self) -> LoopbackSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    def _next_reply(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.hits.append(Hit(path, headers, time.monotonic()))
            if len(self.hits) > self.max_requests:
                return Reply(status=503, body=b"request budget of the test server used up")
            replies = self.routes.get(path) or self.routes.get(path.split("?", 1)[0])
            if not replies:
                return Reply(status=404, body=b"not found")
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                reply = site._next_reply(self.path, dict(self.headers.items()))
                if reply.delay and site._closing.wait(reply.delay):
                    return
                if reply.raw is not None:
                    self._send(reply.raw, reply.drip)
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                length = reply.declared_length if reply.declared_length is not None else len(reply.body)
                self.send_header("Content-Length", str(length))
                self.send_header("Connection", "close")
                self.end_headers()
                self._send_body(reply)

            def _send_body(self, reply: Reply) -> None:
                if reply.stall_after is None:
                    self._send(reply.body, reply.drip)
                else:
                    self._send(reply.body[: reply.stall_after], 0.0)
                    if not site._closing.wait(reply.delay_body):
                        self._send(reply.body[reply.stall_after :], 0.0)
                self.close_connection = True

            def _send(self, data: bytes, drip: float) -> None:
                """Write ``data`` (one byte per ``drip`` seconds); a client gone away ends it."""
                try:
                    if not drip:
                        self.wfile.write(data)
                        self.wfile.flush()
                        return
                    for index in range(len(data)):
                        self.wfile.write(data[index : index + 1])
                        self.wfile.flush()
                        if site._closing.wait(drip):
                            return
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler
