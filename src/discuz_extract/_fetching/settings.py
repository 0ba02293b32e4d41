"""Every knob of the fetcher, in one object. Defaults are polite; every value is checked.

``FetchOptions`` lists the same knobs as keywords, for the public calls and
``FetchSettings.replace``: a keyword given is applied, ``None`` included; ``UNSET`` leaves
the setting as it is.
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import http.cookiejar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Final, Literal

from typing_extensions import TypedDict, Unpack

from .._urls import DEFAULT_MAX_PAGE_COUNT
from .._version import __version__ as _version
from ..errors import InvalidSettings

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
    """Settings for fetching a thread. Every field is checked when the object is made: a value
    it cannot take raises ``InvalidSettings`` naming the field and the value.

    Attributes:
        timeout: seconds for connect, read, write and pool each; a finite number > 0.
        max_attempts: tries per request, the first included; an int >= 1.
        backoff: base seconds of the exponential backoff (with full jitter); a finite number >= 0.
        backoff_max: cap of one backoff wait, in seconds; a number >= 0.
        retry_after_max: cap on a server's ``Retry-After``, in seconds; a number >= 0.
        retry_total_seconds: stop retrying one request after this long; a number >= 0.
        delay: minimum seconds between the starts of two requests to the same host, across all
            calls in the process; a finite number >= 0 (0: no pacing).
        concurrency: requests in flight per thread (per host); an int >= 1.
        user_agent: the User-Agent header; a non-empty str without CR, LF or NUL.
        cookies: ``None``, a dict of cookie names to values (scoped to the thread's host), a
            ``CookieJar``, or the path of a Netscape cookies.txt (str or ``Path``).
        max_response_bytes: a body larger than this is stopped early (``ResponseTooLarge``); an
            int >= 1.
        max_pages: fetch at most this many pages of a thread (the rest are listed in
            ``Thread.skipped_pages``, not as missing); an int >= 1, or ``None`` for all.
        max_redirects: redirects followed per request before ``TooManyRedirects``; an int >= 0.
        thread_time_limit: seconds for one whole thread, enforced while a page is being read
            too; pages not fetched by then are missing (``LimitExceeded``); a number > 0, or
            ``None`` for no limit.
        headers: extra request headers, a dict of header names (HTTP tokens) to str values
            without CR, LF or NUL.
        via: which rendering to read: ``desktop`` (default, the richest), ``printable`` (one
            request, first 100 posts), ``archiver`` (light, no author stats) or ``api`` (the
            mobile JSON API; Discuz's default robots.txt disallows ``/api/``, so it is opt-in
            and needs ``obey_robots=False`` on such sites).
        obey_robots: ``True`` (the default) reads the site's robots.txt and does not fetch what
            it disallows; ``False`` does not read it.
        request_deadline: wall-clock seconds one request may take in all (every attempt, wait,
            redirect and body byte): a server that drips its answer is cut off then
            (``DeadlineExceeded``); a finite number > 0.
        max_page_count: the most pages a thread may have: a pager that claims more is not
            believed beyond this (the rest are in ``Thread.skipped_ranges`` with the reason
            ``max_page_count``); an int >= 1.
        allow_private_redirects: ``False`` (the default) refuses a redirect from the start
            URL's network to a more private one (private, loopback, link-local, unspecified
            addresses: ``RedirectRefused``); ``True`` follows it.
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
    request_deadline: float = 120.0
    max_page_count: int = DEFAULT_MAX_PAGE_COUNT
    allow_private_redirects: bool = False

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            problem = _CHECKS[item.name](value)
            if problem is not None:
                raise InvalidSettings(f"FetchSettings.{item.name} {problem}", field=item.name, value=value)

    def replace(self, **options: Unpack[FetchOptions]) -> FetchSettings:
        """A copy with every given option applied, ``None`` included (``max_pages=None`` reads
        every page again); an option given as ``UNSET`` is left as it is. The copy is checked
        like any ``FetchSettings``; an unknown option name is a ``TypeError``."""
        unknown = sorted(set(options) - _FIELD_NAMES)
        if unknown:
            close = difflib.get_close_matches(unknown[0], _FIELD_NAMES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise TypeError(f"FetchSettings has no setting {unknown[0]!r}{hint}")
        given: dict[str, Any] = {name: value for name, value in options.items() if value is not UNSET}
        return dataclasses.replace(self, **given) if given else self


class Unset(enum.Enum):
    """The type of ``UNSET``: an option given as ``UNSET`` leaves its setting as it is."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


class FetchOptions(TypedDict, total=False):
    """Every ``FetchSettings`` field as an optional keyword, with its type (or ``UNSET``).

    The public calls take ``**options: Unpack[FetchOptions]`` on top of ``settings=``; see
    ``FetchSettings`` for what each one means and takes.
    """

    timeout: float | Unset
    max_attempts: int | Unset
    backoff: float | Unset
    backoff_max: float | Unset
    retry_after_max: float | Unset
    retry_total_seconds: float | Unset
    delay: float | Unset
    concurrency: int | Unset
    user_agent: str | Unset
    cookies: CookieSource | Unset
    max_response_bytes: int | Unset
    max_pages: int | Unset | None
    max_redirects: int | Unset
    thread_time_limit: float | Unset | None
    headers: dict[str, str] | Unset
    via: Via | Unset
    obey_robots: bool | Unset
    request_deadline: float | Unset
    max_page_count: int | Unset
    allow_private_redirects: bool | Unset


_FIELD_NAMES = frozenset(f.name for f in fields(FetchSettings))


# --- the checks: each says what is wrong with a value, or returns None ------------------------

_Check = Callable[[Any], str | None]
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # an HTTP field name (RFC 9110)
_LINE_BREAKS = ("\r", "\n", "\0")


def _number(minimum: float, *, above: bool = False, finite: bool = True, optional: bool = False) -> _Check:
    """A real number (not a bool) >= ``minimum`` (> with ``above``); NaN never."""
    want = f"{'a finite number' if finite else 'a number'} {'>' if above else '>='} {minimum:g}"
    want += " or None" if optional else ""

    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be {want}, got {value!r}"
        if math.isnan(value) or (finite and math.isinf(value)) or value < minimum or (above and value == minimum):
            return f"must be {want}, got {value!r}"
        return None

    return check


def _integer(minimum: int, *, optional: bool = False) -> _Check:
    want = f"an int >= {minimum}" + (" or None" if optional else "")

    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            return f"must be {want}, got {value!r}"
        return None

    return check


def _has_line_break(text: str) -> bool:
    return any(c in text for c in _LINE_BREAKS)


def _user_agent(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or _has_line_break(value):
        return f"must be a non-empty str without CR, LF or NUL, got {value!r}"
    return None


def _headers(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"must be a dict of header names to str values, got {value!r}"
    for name, text in value.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            return f"must name headers with HTTP tokens, got the name {name!r}"
        if not isinstance(text, str) or _has_line_break(text):
            return f"must give header {name!r} a str value without CR, LF or NUL"  # the value may be secret
    return None


def _cookies(value: Any) -> str | None:
    if value is None or isinstance(value, (http.cookiejar.CookieJar, Path)):
        return None
    if isinstance(value, str):
        return None if value else "must not be an empty path, got ''"
    if not isinstance(value, dict):
        return f"must be None, a dict, a CookieJar or a cookies.txt path, got a value of type {type(value).__name__!r}"
    for name, text in value.items():
        if not isinstance(name, str) or not name or _has_line_break(name) or any(c in name for c in "=; \t"):
            return f"must have cookie names without '=', ';', blanks, CR, LF or NUL, got the name {name!r}"
        if not isinstance(text, str) or _has_line_break(text) or ";" in text:
            return f"must give cookie {name!r} a str value without ';', CR, LF or NUL"  # the value is secret
    return None


def _via(value: Any) -> str | None:
    return None if value in _VIAS else f"must be one of {', '.join(map(repr, _VIAS))}, got {value!r}"


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be True or False, got {value!r}"


_CHECKS: dict[str, _Check] = {
    "timeout": _number(0, above=True),
    "max_attempts": _integer(1),
    "backoff": _number(0),
    "backoff_max": _number(0, finite=False),
    "retry_after_max": _number(0, finite=False),
    "retry_total_seconds": _number(0, finite=False),
    "delay": _number(0),
    "concurrency": _integer(1),
    "user_agent": _user_agent,
    "cookies": _cookies,
    "max_response_bytes": _integer(1),
    "max_pages": _integer(1, optional=True),
    "max_redirects": _integer(0),
    "thread_time_limit": _number(0, above=True, finite=False, optional=True),
    "headers": _headers,
    "via": _via,
    "obey_robots": _flag,
    "request_deadline": _number(0, above=True),
    "max_page_count": _integer(1),
    "allow_private_redirects": _flag,
}
