"""A real HTTP server on 127.0.0.1 that plays a Discuz site: for tests, examples and benchmarks.

Routes map a path (with its query) to replies; a route with several replies answers them in
turn and then repeats the last, so "503, 503, then 200" is three replies. It binds to loopback
only, serves at most ``max_requests`` requests and stops with its context manager.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from ._fetching.network import StaticResolver

__all__ = ["Hit", "LoopbackSite", "Reply", "StaticResolver"]


@dataclass(frozen=True)
class Reply:
    """One answer. ``declared_length`` lies about Content-Length to cut a body short."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the headers
    stall_after: int | None = None  # send this many body bytes, then stall for ``delay_body``
    delay_body: float = 0.0
    declared_length: int | None = None

    @classmethod
    def html(cls, body: bytes, charset: str | None = None, **kwargs: object) -> Reply:
        content_type = "text/html" + (f"; charset={charset}" if charset else "")
        return cls(body=body, headers={"Content-Type": content_type}, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Reply:
        return cls(status=status, headers={"Location": location})


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
        self._server = ThreadingHTTPServer((host, 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

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
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                length = reply.declared_length if reply.declared_length is not None else len(reply.body)
                self.send_header("Content-Length", str(length))
                self.send_header("Connection", "close")
                self.end_headers()
                self._send_body(reply)

            def _send_body(self, reply: Reply) -> None:
                try:
                    if reply.stall_after is None:
                        self.wfile.write(reply.body)
                    else:
                        self.wfile.write(reply.body[: reply.stall_after])
                        self.wfile.flush()
                        time.sleep(reply.delay_body)
                        self.wfile.write(reply.body[reply.stall_after :])
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler
