"""Can these bytes be a Discuz page, and which kind? A byte-level test: no decoding, no tree.

Only a bounded head (``HEAD_BYTES``) and tail (``TAIL_BYTES``) of the body are read, with
``bytes.find`` and precompiled byte regexes; an ordinary page fails the prefilter (three
``find`` calls on each window) and costs a few microseconds. Every marker is named in
``vocab_sniff``.

A page is Discuz when one of Discuz's own template lines is there: the JS globals block
(``discuz_uid = '0'``), the generator meta, ``Powered by Discuz!`` closing the title, the
footer's ``Powered by <strong><a href="...discuz.net">Discuz!``, or the mobile API envelope.
Post markup alone (``postmessage_``, ``id="post_1"``) is not enough: other engines and pasted
copies carry it too. Discuz's bare interstitials (CC defence, banned IP, the antitheft script)
are recognised by their template.

A third-party challenge (WAF, CDN) carries nothing of the site behind it. It is attributed
to Discuz when the URL is a Discuz URL form or the challenge sends the browser to one; with
no URL at all it is kept as a possible gate (``origin-unknown``), so that ``parse_page`` on a
saved challenge still names it; at any other URL it is not Discuz.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ..models import PageKind
from . import vocab_sniff as V


class SniffKind(str, Enum):
    """What a Discuz response is, as far as its bytes tell."""

    DESKTOP = "desktop"
    TOUCH = "touch"
    ARCHIVER = "archiver"
    PRINTABLE = "printable"
    API = "api"  # the mobile API's JSON, errors included
    GATE = "gate"  # a message page, a CC-defence or antitheft interstitial, a challenge
    LISTING = "listing"  # a forum listing or the forum index, in any rendering
    OTHER = "other"  # portal, space, search and other Discuz pages


_THREAD_KINDS = {
    SniffKind.DESKTOP: PageKind.DESKTOP,
    SniffKind.TOUCH: PageKind.TOUCH,
    SniffKind.ARCHIVER: PageKind.ARCHIVER,
    SniffKind.PRINTABLE: PageKind.PRINTABLE,
    SniffKind.API: PageKind.API,
}


@dataclass(frozen=True, slots=True)
class Sniff:
    """The verdict: the kind, and the names of the markers that decided it."""

    kind: SniffKind
    evidence: tuple[str, ...]

    @property
    def page_kind(self) -> PageKind | None:
        """The thread rendering this is, or None for gates, listings and other pages."""
        return _THREAD_KINDS.get(self.kind)

    @property
    def may_hold_posts(self) -> bool:
        """A thread rendering: parsing it can give posts (or a gate error)."""
        return self.kind in _THREAD_KINDS


@dataclass(frozen=True, slots=True)
class _Body:
    content: bytes
    head: bytes
    tail: bytes

    @classmethod
    def of(cls, content: bytes) -> _Body:
        return cls(content, content[: V.HEAD_BYTES], content[-V.TAIL_BYTES :])

    @property
    def size(self) -> int:
        return len(self.content)

    def in_head(self, needles: tuple[bytes, ...]) -> bool:
        return any(n in self.head for n in needles)

    def anywhere(self, needles: tuple[bytes, ...]) -> bool:
        return any(n in self.content for n in needles)


def sniff(content: bytes, *, url: str | None = None) -> Sniff | None:
    """``Sniff`` when the response can be a Discuz page, ``None`` when it cannot."""
    if not isinstance(content, (bytes, bytearray)):
        raise TypeError(f"sniff takes bytes, not {type(content).__name__}")
    return _decide(bytes(content), url)


def sniff_content(content: bytes | str, *, url: str | None = None) -> Sniff | None:
    """``sniff`` for bytes or for a body already decoded (matched in its UTF-8 form)."""
    if isinstance(content, str):
        if len(content) > V.SMALL_PAGE_BYTES:  # the prefilter on the two ends first: no whole encode
            head = content[: V.PREFILTER_HEAD_BYTES].encode("utf-8", "replace")[: V.PREFILTER_HEAD_BYTES]
            tail = content[-V.PREFILTER_TAIL_BYTES :].encode("utf-8", "replace")[-V.PREFILTER_TAIL_BYTES :]
            if (
                V.PREFILTER not in head
                and V.PREFILTER not in tail
                and V.PREFILTER_API not in head[: V.API_ENVELOPE_BYTES]
            ):
                return None
        return _decide(content.encode("utf-8", "replace"), url)
    return sniff(content, url=url)


def cannot_be_discuz(content: bytes) -> bool:
    """True for most ordinary responses, in a few microseconds: too large for a bare interstitial
    and no Discuz marker near either end (``sniff`` would say None; it needs no URL to say so)."""
    return len(content) > V.SMALL_PAGE_BYTES and not _prefilter(content)


def _prefilter(content: bytes) -> bool:
    """The one test every response pays: ``iscuz`` near the start or the end, or the API envelope."""
    size = len(content)
    return (
        content.find(V.PREFILTER, 0, V.PREFILTER_HEAD_BYTES) >= 0
        or content.find(V.PREFILTER, max(size - V.PREFILTER_TAIL_BYTES, V.PREFILTER_HEAD_BYTES)) >= 0
        or content.find(V.PREFILTER_API, 0, V.API_ENVELOPE_BYTES) >= 0
    )


def could_be_discuz(content: bytes | str, *, url: str | None = None) -> bool:
    """What ``sniff`` decides, without naming the kind (``parse_page`` finds that itself)."""
    data = content.encode("utf-8", "replace") if isinstance(content, str) else content
    return _platform_of(data, url) is not None


def _platform_of(content: bytes, url: str | None) -> list[str] | Sniff | None:
    """The Discuz template lines found (non-empty), a bare interstitial's ``Sniff``, or None."""
    small = len(content) <= V.SMALL_PAGE_BYTES
    if not _prefilter(content):
        return _bare_interstitial(_Body.of(content), url) if small else None
    body = _Body.of(content)
    platform = _platform(body)
    if not platform:
        return _bare_interstitial(body, url) if small else None
    if "js-globals" not in platform and _found(body.head, V.OTHER_ENGINE_GENERATOR):
        return None
    return platform


def _decide(content: bytes, url: str | None) -> Sniff | None:
    decided = _platform_of(content, url)
    if not isinstance(decided, list):
        return decided
    platform, body = decided, _Body.of(content)
    kind, evidence = _kind(body, platform)
    if url is not None and V.DISCUZ_URL.search(url.encode("utf-8", "replace")):
        evidence.append("url")
    return Sniff(kind, tuple(platform + evidence))


def _platform(body: _Body) -> list[str]:
    """Names of the Discuz template lines present (empty: not a Discuz page)."""
    head = body.head
    if V.API_START.match(head):
        return ["api-envelope"] if V.API_ENVELOPE.search(head, 0, V.API_ENVELOPE_BYTES) else []
    checks = (
        ("js-globals", head, V.JS_GLOBALS),
        ("generator-meta", head, V.GENERATOR_META),
        ("title-powered-by", head, V.TITLE_POWERED_BY),
        ("footer-powered-by", body.tail, V.FOOTER_POWERED_BY),
    )
    return [name for name, window, markers in checks if _found(window, markers)]


def _found(window: bytes, markers: tuple[V.Marker, ...]) -> re.Match[bytes] | None:
    """The first marker whose pattern matches at one of its anchor's first occurrences."""
    for anchor, pattern in markers:
        at = window.find(anchor)
        for _ in range(V.MAX_ANCHOR_TRIES):
            if at < 0:
                break
            if (match := pattern.match(window, at)) is not None:
                return match
            at = window.find(anchor, at + 1)
    return None


def _kind(body: _Body, platform: list[str]) -> tuple[SniffKind, list[str]]:
    if platform == ["api-envelope"]:
        if V.API_THREADLIST in body.content:
            return SniffKind.LISTING, ["api-threadlist"]
        return SniffKind.API, []
    if body.in_head(V.MESSAGE_PAGE) and not body.in_head(V.DESKTOP_POSTS + V.TOUCH_POSTS[:2]):
        return SniffKind.GATE, ["message-page"]
    if V.ARCHIVER_TITLE in body.head:
        if V.ARCHIVER_POST in body.content:
            return SniffKind.ARCHIVER, ["archiver-title"]
        return SniffKind.LISTING, ["archiver-title", "archiver-list"]
    if V.PRINTABLE_RULE in body.head:
        return SniffKind.PRINTABLE, ["printable-rule"]
    match = _found(body.head, (V.BODY_CLASS,))
    page_class = match.group(1) if match else None
    if V.MOBILE_STYLE in body.head:
        return _touch_kind(body, page_class)
    return _desktop_kind(body, page_class)


def _touch_kind(body: _Body, page_class: bytes | None) -> tuple[SniffKind, list[str]]:
    if page_class in V.LISTING_BODY_CLASSES:
        return SniffKind.LISTING, ["mobile-style", _class_evidence(page_class)]
    if body.anywhere(V.TOUCH_POSTS):
        return SniffKind.TOUCH, ["mobile-style", "touch-posts"]
    if body.in_head(V.TOUCH_LISTING):
        return SniffKind.LISTING, ["mobile-style", "touch-threadlist"]
    if page_class in V.THREAD_BODY_CLASSES:
        return SniffKind.TOUCH, ["mobile-style", _class_evidence(page_class)]
    return SniffKind.OTHER, ["mobile-style"]


def _desktop_kind(body: _Body, page_class: bytes | None) -> tuple[SniffKind, list[str]]:
    if page_class is not None:
        evidence = [_class_evidence(page_class)]
        if page_class in V.THREAD_BODY_CLASSES:
            return SniffKind.DESKTOP, evidence
        if page_class in V.LISTING_BODY_CLASSES:
            return SniffKind.LISTING, evidence
        return SniffKind.OTHER, evidence
    if body.anywhere(V.DESKTOP_POSTS):
        return SniffKind.DESKTOP, ["post-ids"]
    if body.anywhere(V.DESKTOP_LISTING):
        return SniffKind.LISTING, ["threadlist-ids"]
    return SniffKind.OTHER, []


def _class_evidence(page_class: bytes) -> str:
    return "body:pg_" + page_class.decode("ascii", "replace")


def _bare_interstitial(body: _Body, url: str | None) -> Sniff | None:
    """A small page without Discuz's chrome: its own interstitials, its API errors, a challenge."""
    head = body.head
    if V.SCRIPT_TAG not in (lowered := head.lower()):
        return _bare_template(body, url)
    if _is_antitheft(head, lowered, body.size):
        return Sniff(SniffKind.GATE, ("antitheft-script",))
    if _is_challenge(head, lowered):
        origin = _origin(head, url)
        return Sniff(SniffKind.GATE, ("challenge", origin)) if origin else None
    return _bare_template(body, url)


def _bare_template(body: _Body, url: str | None) -> Sniff | None:
    """Discuz's securitymessage() template (CC defence, banned IP) or a bare API error."""
    head = body.head
    if all(t in head for t in V.SECURITY_TEMPLATE) and V.SECURITY_TITLE.search(head):
        return Sniff(SniffKind.GATE, ("security-template",))
    if body.size <= V.API_ERROR_BYTES and V.API_ERROR.match(head):
        origin = _origin(head, url)
        return Sniff(SniffKind.API, ("api-error", origin)) if origin else None
    return None


def _is_antitheft(head: bytes, lowered: bytes, size: int) -> bool:
    return (
        size <= V.TINY_PAGE_BYTES
        and V.SCRIPT_ONLY_START.match(head) is not None
        and V.HTML_TAG not in lowered
        and V.LOCATION_CHANGE.search(lowered) is not None
        and any(p in head for p in V.ANTITHEFT_PARTS)
    )


def _is_challenge(head: bytes, lowered: bytes) -> bool:
    """A WAF or CDN interstitial: a page with no content that shows a vendor's marker, is a
    script-only redirect, or asks for JavaScript while it sets a cookie or reloads."""
    budget = V.MAX_CHALLENGE_CONTENT_TAGS
    for tag in V.CONTENT_TAGS:
        budget -= lowered.count(tag)
        if budget < 0:
            return False
    if any(m in lowered for m in V.CHALLENGE_VENDOR):
        return True
    reloads = V.LOCATION_CHANGE.search(lowered) is not None
    if reloads and V.SCRIPT_ONLY_START.match(head) is not None and V.HTML_TAG not in lowered:
        return True
    asks_for_js = any(w in head for w in V.ENABLE_JS_WORDS) or any(w in lowered for w in V.ENABLE_JS_ASCII)
    return asks_for_js and (reloads or V.SETS_COOKIE.search(lowered) is not None)


def _origin(head: bytes, url: str | None) -> str | None:
    """Why a bare page is taken as Discuz's: its URL, the Discuz URL it sends to, or no URL known."""
    if url is None:
        return "origin-unknown"
    if V.DISCUZ_URL.search(url.encode("utf-8", "replace")):
        return "url"
    if V.DISCUZ_URL.search(head):
        return "target-url"
    return None
