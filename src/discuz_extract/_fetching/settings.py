"""Every knob of the fetcher, in one object. Defaults are polite."""

from __future__ import annotations

import http.cookiejar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from .._version import __version__ as _version

CookieSource = dict[str, str] | http.cookiejar.CookieJar | str | Path | None
Via = Literal["desktop", "printable", "archiver", "api"]
_VIAS: tuple[Via, ...] = ("desktop", "printable", "archiver", "api")

# A desktop browser UA naming the library. It avoids bot/spider/crawl (Discuz's IS_ROBOT strips
# floors and links) and mobile/android/iphone (they switch Discuz to the touch template).
DEFAULT_USER_AGENT = (
    f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    f"Chrome/124.0 Safari/537.36 discuz-extract/{_version}"
)


@dataclass(frozen=True)
class FetchSettings:
    """Settings for fetching a thread.

    Attributes:
        timeout: seconds for connect, read, write and pool each.
        max_attempts: tries per request, the first included.
        backoff: base seconds of the exponential backoff (with full jitter).
        backoff_max: cap of one backoff wait.
        retry_after_max: cap on a server's ``Retry-After``.
        retry_total_seconds: stop retrying one request after this long.
        delay: minimum seconds between the starts of two requests to the same host.
        concurrency: requests in flight per thread (per host).
        user_agent: the User-Agent header.
        cookies: a dict (scoped to the thread's host), a CookieJar, or a Netscape cookies.txt path.
        max_response_bytes: a body larger than this is stopped early (``ResponseTooLarge``).
        max_pages: fetch at most this many pages of a thread (the rest are not listed as missing).
        max_redirects: redirects followed per request before ``TooManyRedirects``.
        thread_time_limit: seconds for one whole thread; pages not fetched by then are missing.
        headers: extra request headers.
        via: which rendering to read: ``desktop`` (default, the richest), ``printable`` (one
            request, first 100 posts), ``archiver`` (light, no author stats) or ``api`` (the
            mobile JSON API; Discuz's default robots.txt disallows ``/api/``, so it is opt-in
            and needs ``obey_robots=False`` on such sites).
        obey_robots: read the site's robots.txt and do not fetch what it disallows.
    """

    timeout: float = 20.0
    max_attempts: int = 4
    backoff: float = 0.5
    backoff_max: float = 10.0
    retry_after_max: float = 30.0
    retry_total_seconds: float = 90.0
    delay: float = 1.0
    concurrency: int = 2
    user_agent: str = DEFAULT_USER_AGENT
    cookies: CookieSource = None
    max_response_bytes: int = 20 * 1024 * 1024
    max_pages: int | None = None
    max_redirects: int = 10
    thread_time_limit: float | None = None
    headers: dict[str, str] = field(default_factory=dict)
    via: Via = "desktop"
    obey_robots: bool = True

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if self.delay < 0 or self.timeout <= 0:
            raise ValueError("delay must be >= 0 and timeout > 0")
        if self.via not in _VIAS:
            raise ValueError(f"via must be one of {_VIAS}")
        if self.max_pages is not None and self.max_pages < 1:
            raise ValueError("max_pages must be at least 1")

    def with_overrides(self, **overrides: Any) -> FetchSettings:
        """A copy with the given fields changed; ``None`` values are ignored."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **given) if given else self
