"""Redirects followed by hand (pure): each hop checked before it is requested.

A hop is refused when its ``Location`` is not an http(s) URL one can request (``BadResponse``),
loops or goes over ``max_redirects`` (``TooManyRedirects``), is Discuz's login page
(``LoginRequired``) or a forum listing (``PermissionDenied``). Once a chain leaves the start
origin, the user's credential headers (Authorization, Cookie, tokens, keys...) are no longer
sent, as browsers and requests do; cookies stay bound to their hosts by the cookie jar. The
network check (``network.py``) needs a DNS lookup, so the twins do it with ``Chain.needs_check``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import httpx

from ..errors import BadResponse, RedirectRefused, TooManyRedirects
from ..links import redirect_gate
from .network import Scope, numeric_host, scope_of
from .settings import FetchSettings

_DEFAULT_PORTS = {"http": 80, "https": 443}
# header names that carry credentials: dropped once a redirect leaves the start origin
_CREDENTIAL = re.compile(r"auth|cookie|token|secret|session|passw|api-?key|csrf|xsrf|signature|credential", re.I)
_SHOWN = 200  # characters of a hostile Location quoted in an error


def is_credential(name: str) -> bool:
    return bool(_CREDENTIAL.search(name))


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host.lower(), url.port or _DEFAULT_PORTS.get(url.scheme)


def same_origin(start: httpx.URL, target: httpx.URL) -> bool:
    """The same scheme, host and port; an upgrade from http to https on the default ports counts
    as the same (as requests does)."""
    if _origin(start) == _origin(target):
        return True
    upgrade = start.scheme == "http" and target.scheme == "https"
    default_ports = start.port in (None, 80) and target.port in (None, 443)
    return upgrade and default_ports and start.host.lower() == target.host.lower()


def absolute_target(url: str, location: str) -> httpx.URL:
    """The ``Location`` as an absolute http(s) URL one can request, or ``BadResponse``."""
    shown = location[:_SHOWN]
    try:
        target = httpx.URL(urljoin(url, location.strip()))
    except (ValueError, httpx.InvalidURL) as exc:  # bad IDNA, bad IPv6, control characters...
        raise BadResponse(f"redirect to an invalid URL {shown!r}: {exc}", url=url) from exc
    if target.scheme not in _DEFAULT_PORTS:
        raise BadResponse(f"redirect to a {target.scheme or 'relative'}: URL {shown!r}", url=url)
    if not target.host:
        raise BadResponse(f"redirect to a URL without a host {shown!r}", url=url)
    return target


class Chain:
    """The redirect chain of one attempt: where it started, where it has been."""

    def __init__(self, url: str, settings: FetchSettings) -> None:
        self.settings = settings
        self.start = httpx.URL(url)
        self.seen = [url]
        self.left_origin = False  # credentials are not sent once the chain has left the start origin
        self.start_scope: Scope | None = None  # looked up on the first hop to another host

    @property
    def current(self) -> str:
        return self.seen[-1]

    def next_hop(self, response: httpx.Response) -> httpx.URL | None:
        """The checked redirect target, or ``None`` when the response is not a redirect."""
        if not response.has_redirect_location:
            return None
        first, status = self.seen[0], response.status_code
        target = absolute_target(self.current, response.headers["location"])
        text = str(target)
        if text in self.seen:
            raise TooManyRedirects(f"redirect loop via {text[:_SHOWN]}", url=first, status=status)
        if len(self.seen) > self.settings.max_redirects:
            raise TooManyRedirects(f"more than {self.settings.max_redirects} redirects", url=first, status=status)
        if (gate := redirect_gate(first, text)) is not None:
            raise gate
        return target

    def needs_check(self, target: httpx.URL) -> bool:
        """True when the hop goes to another host and private redirects are not allowed."""
        return not self.settings.allow_private_redirects and target.host.lower() != self.start.host.lower()

    def check_network(self, target: httpx.URL, start: list[str], found: list[str]) -> None:
        """Refuse a hop whose host resolves to a more private network than the start's."""
        if self.start_scope is None:
            self.start_scope = scope_of(start, most_private=False) or Scope.PUBLIC
        scope = scope_of(found, most_private=True)
        if scope is not None and scope > self.start_scope:
            raise RedirectRefused(
                f"redirect from a {self.start_scope.name.lower()} address to a {scope.name.lower()} one "
                f"({target.host}); allow_private_redirects=True permits it",
                url=self.seen[0],
            )

    def follow(self, target: httpx.URL) -> None:
        self.seen.append(str(target))
        self.left_origin = self.left_origin or not same_origin(self.start, target)


def lookup_host(url: httpx.URL) -> tuple[str, int] | None:
    """What to resolve for ``url``: ``None`` when its host is numeric (no lookup needed)."""
    if numeric_host(url.host) is not None:
        return None
    return url.raw_host.decode("ascii", "replace"), url.port or _DEFAULT_PORTS[url.scheme]


def known_addresses(url: httpx.URL) -> list[str]:
    """The addresses of a numeric host, without a lookup."""
    address = numeric_host(url.host)
    return [address] if address is not None else []
