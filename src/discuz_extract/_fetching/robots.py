"""robots.txt: what a site allows (RFC 9309, with protego), and a cache of what was read.

A missing robots.txt (4xx) allows everything; an unreachable one (5xx, a timeout, a cut
body) disallows everything. A robots.txt is read up to ``ROBOTS_MAX_BYTES`` (500 KiB, the
least RFC 9309 lets a crawler parse); the rest, and a line cut there, is ignored, so parsing
takes bounded time. When robots.txt cannot even be connected to (refused, no such host, TLS
or connect timeout), neither can the pages of the same origin: ``site_unreachable`` tells
that case, which the calls raise as the ``FetchError`` it is rather than as a robots verdict
(and do not cache). ``RobotsCache`` is an ordinary object: the public calls share one
process-wide instance (see ``context.py``), and a caller may hold its own.
"""

from __future__ import annotations

import threading
import time

import httpx
from protego import Protego

from ..errors import FetchError, RobotsDisallowed
from .body import Fetched

ROBOTS_MAX_BYTES = 500 * 1024


def site_unreachable(error: FetchError) -> bool:
    """True when the request never got a connection (so the site itself cannot be reached)."""
    return error.status is None and isinstance(error.__cause__, (httpx.ConnectError, httpx.ConnectTimeout))


class Robots:
    """A site's robots.txt rules; absent or unreadable files follow RFC 9309."""

    def __init__(self, rules: Protego | None, *, allow_all: bool, user_agent: str, reason: str = "") -> None:
        self.rules, self.allow_all, self.user_agent, self.reason = rules, allow_all, user_agent, reason

    @classmethod
    def from_fetch(cls, result: Fetched | FetchError, user_agent: str) -> Robots:
        """The rules from the answer to a robots.txt request, or from its failure."""
        if isinstance(result, FetchError):
            # 4xx: no rules, everything allowed; 5xx or unreachable: assume everything disallowed
            allowed = result.status is not None and 400 <= result.status < 500
            return cls(None, allow_all=allowed, user_agent=user_agent, reason=f"robots.txt unreachable: {result}")
        if result.status >= 400:
            reason = f"robots.txt answered HTTP {result.status}"
            return cls(None, allow_all=result.status < 500, user_agent=user_agent, reason=reason)
        content = result.content
        if result.truncated:
            content = content[: content.rfind(b"\n") + 1]  # a line cut at the cap could mean more than it says
        text = content.decode("utf-8", "replace")
        return cls(Protego.parse(text), allow_all=False, user_agent=user_agent)

    def allows(self, url: str) -> bool:
        if self.allow_all:
            return True
        return self.rules is not None and bool(self.rules.can_fetch(url, self.user_agent))

    def check(self, url: str) -> None:
        """Raise ``RobotsDisallowed`` unless the rules allow ``url``."""
        if not self.allows(url):
            why = f" ({self.reason}: RFC 9309 says disallow all)" if self.rules is None and self.reason else ""
            raise RobotsDisallowed(f"robots.txt disallows this URL{why}", url=url)


class RobotsCache:
    """Rules read once per site and user agent, kept ``ttl`` seconds. Thread-safe."""

    def __init__(self, ttl: float = 3600.0) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], tuple[float, Robots]] = {}

    def get(self, robots_url: str, user_agent: str) -> Robots | None:
        """The rules read for this robots.txt and user agent, unless they are older than ``ttl``."""
        with self._lock:
            entry = self._entries.get((robots_url, user_agent))
        if entry is None or time.monotonic() - entry[0] >= self.ttl:
            return None
        return entry[1]

    def put(self, robots_url: str, user_agent: str, robots: Robots) -> Robots:
        """Remember ``robots`` for this robots.txt and user agent; returns it."""
        with self._lock:
            self._entries[(robots_url, user_agent)] = (time.monotonic(), robots)
        return robots

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
