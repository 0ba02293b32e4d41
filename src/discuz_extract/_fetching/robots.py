"""robots.txt: what a site allows (RFC 9309, with protego), and a cache of what was read.

A missing robots.txt (4xx) allows everything; an unreachable one (5xx, no connection)
disallows everything. ``RobotsCache`` is an ordinary object: the public calls share one
process-wide instance (see ``context.py``), and a caller may hold its own.
"""

from __future__ import annotations

import threading
import time

from protego import Protego

from ..errors import FetchError, RobotsDisallowed
from .http import Fetched


class Robots:
    """A site's robots.txt rules; absent or unreadable files follow RFC 9309."""

    def __init__(self, rules: Protego | None, *, allow_all: bool, user_agent: str) -> None:
        self.rules, self.allow_all, self.user_agent = rules, allow_all, user_agent

    @classmethod
    def from_fetch(cls, result: Fetched | FetchError, user_agent: str) -> Robots:
        """The rules from the answer to a robots.txt request, or from its failure."""
        if isinstance(result, FetchError):
            # 4xx: no rules, everything allowed; 5xx or unreachable: assume everything disallowed
            allowed = result.status is not None and 400 <= result.status < 500
            return cls(None, allow_all=allowed, user_agent=user_agent)
        if result.status >= 400:
            return cls(None, allow_all=result.status < 500, user_agent=user_agent)
        text = result.content.decode("utf-8", "replace")
        return cls(Protego.parse(text), allow_all=False, user_agent=user_agent)

    def allows(self, url: str) -> bool:
        if self.allow_all:
            return True
        return self.rules is not None and bool(self.rules.can_fetch(url, self.user_agent))

    def check(self, url: str) -> None:
        """Raise ``RobotsDisallowed`` unless the rules allow ``url``."""
        if not self.allows(url):
            raise RobotsDisallowed("robots.txt disallows this URL", url=url)


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
