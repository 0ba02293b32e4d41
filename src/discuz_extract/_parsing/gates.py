"""Pages that are not the thread: message pages, logins, challenges, other page kinds (pure).

``raise_for_gate`` is called when a page has no posts. It names what the page is by raising
the matching error. Their words are in ``vocab_gates``.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from .._text import normalize_line
from .._vocab import contains_any
from ..errors import (
    AccessBanned,
    BoardClosed,
    ChallengePage,
    GatePage,
    LoginRequired,
    NotAThreadPage,
    NotDiscuzPage,
    PermissionDenied,
    ThreadNotFound,
)
from . import vocab_gates as V


def page_kind_marker(tree: LexborHTMLParser) -> str | None:
    """A Discuz page that is not a thread page: what it is, for the error."""
    body = tree.body
    classes = (body.attributes.get("class") or "") if body is not None else ""
    if V.LISTING_BODY_CLASS in classes or tree.css_first(V.LISTING_TABLE) is not None:
        return V.LISTING_KIND
    for name in V.NOT_THREAD_BODY_CLASSES:
        if name in classes:
            return name[len(V.BODY_CLASS_PREFIX) :]
    return None


def raise_for_gate(tree: LexborHTMLParser, raw: str, *, url: str | None) -> None:
    """Raise the error this post-less page stands for. Always raises."""
    _raise_for_challenge(tree, raw, url=url)
    message = _message_text(tree)
    if message:
        raise classify_message(message, url=url, login_form=tree.css_first(V.LOGIN_FORM) is not None)
    kind = page_kind_marker(tree)
    if kind is not None:
        raise NotAThreadPage(f"a Discuz {kind} page, not a thread page", url=url, page_kind=kind)
    if not V.DISCUZ_MARKERS.search(raw):
        raise NotDiscuzPage("no Discuz markers on this page", url=url)
    raise NotAThreadPage("a Discuz page without posts", url=url)


def _message_text(tree: LexborHTMLParser) -> str:
    for selector in V.MESSAGE_NODES:
        node = tree.css_first(selector)
        if node is not None and (text := normalize_line(node.text())):
            return text
    head = tree.css_first(V.TITLE)
    if head is not None and contains_any(head.text(), V.SITE_INFO_TITLES):
        return normalize_line(tree.body.text()) if tree.body is not None else ""
    return ""


def classify_message(message: str, *, url: str | None, login_form: bool = False, key: str | None = None) -> GatePage:
    """Map a Discuz message text (or its language key) to the error it stands for."""
    key = key or ""
    checks: tuple[tuple[bool, type[GatePage], str], ...] = (
        (key.startswith(V.KEY_NOT_FOUND) or contains_any(message, V.NOT_FOUND), ThreadNotFound, "thread not found"),
        (contains_any(message, V.CLOSED) or key == V.KEY_CLOSED, BoardClosed, "the board is closed"),
        (contains_any(message, V.BANNED) or key == V.KEY_BANNED, AccessBanned, "access banned"),
        (
            login_form or key.endswith(V.KEY_LOGIN_SUFFIX) or key == V.KEY_LOGIN or contains_any(message, V.LOGIN),
            LoginRequired,
            "login required",
        ),
        (contains_any(message, V.NO_PERMISSION) or V.KEY_NO_PERMISSION in key, PermissionDenied, "no permission"),
    )
    for matched, error, summary in checks:
        if matched:
            return error(summary, url=url, site_message=message, message_key=key or None)
    return GatePage(
        "Discuz showed a message instead of the thread", url=url, site_message=message, message_key=key or None
    )


def _raise_for_challenge(tree: LexborHTMLParser, raw: str, *, url: str | None) -> None:
    head = raw[:2048].lstrip().lower()
    if head.startswith(V.SCRIPT_START) and V.HTML_START not in raw[:4096].lower():
        raise ChallengePage("Discuz antitheft script (_dsign): not executed", url=url, challenge="antitheft")
    title_node = tree.css_first(V.TITLE)
    title = normalize_line(title_node.text()) if title_node is not None else ""
    for word, challenge in V.CC_TITLES.items():
        if word in title or word in raw[:8192]:
            raise ChallengePage(f"Discuz CC defence ({word})", url=url, challenge=challenge, site_message=word)
    if tree.css_first(V.ANSWER_INPUT) is not None and V.CC_QUESTION_SUBMIT in raw:
        raise ChallengePage("Discuz CC defence arithmetic question", url=url, challenge="cc-question")
    if V.REQUEST_TAINTING in raw:
        raise ChallengePage("Discuz rejected the request as tainted", url=url, challenge="request-tainting")
    lowered = raw[:65536].lower()
    if not V.DISCUZ_MARKERS.search(raw) and any(w.lower() in lowered for w in V.JS_CHALLENGE):
        raise ChallengePage("a JavaScript challenge page (WAF/CDN): not executed", url=url, challenge="javascript")
    if contains_any(raw[:65536], V.JS_ENABLE_ASK):
        raise ChallengePage("the page asks to enable JavaScript", url=url, challenge="javascript")
