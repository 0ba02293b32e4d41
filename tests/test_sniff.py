"""sniff: no false negative on any Discuz fixture or shared real page, every ordinary page rejected,
and parse_page says NotDiscuzPage (never ChallengePage) for ordinary pages."""

from __future__ import annotations

import pytest

from discuz_extract import (
    ChallengePage,
    DiscuzError,
    NotAThreadPage,
    NotDiscuzPage,
    Sniff,
    SniffKind,
    ThreadPage,
    parse_page,
    sniff,
)

from .conftest import fixture_bytes
from .corpus import ORDINARY_DIR, Page, discuz_fixture_pages, ordinary_pages, real_pages

DISCUZ = discuz_fixture_pages() + real_pages()
ORDINARY = ordinary_pages()


def _outcome(page: Page) -> ThreadPage | DiscuzError:
    try:
        return parse_page(page.body, url=page.url, fetched_at=page.date)
    except DiscuzError as exc:
        return exc


@pytest.mark.parametrize("page", DISCUZ, ids=[p.name for p in DISCUZ])
def test_no_false_negative(page: Page) -> None:
    for url in (page.url, None):
        found = sniff(page.body, url=url)
        assert found is not None, f"{page.name} missed (url={url})"
        assert isinstance(found, Sniff) and found.evidence
    found = sniff(page.body, url=page.url)
    assert found is not None
    outcome = _outcome(page)
    if isinstance(outcome, ThreadPage):
        assert found.may_hold_posts, f"{page.name} has posts but was sniffed as {found.kind}"
    elif isinstance(outcome, NotAThreadPage) and outcome.page_kind in ("forumdisplay", "index"):
        assert found.kind is SniffKind.LISTING


def test_every_kind_is_seen() -> None:
    kinds = {found.kind for p in DISCUZ if (found := sniff(p.body, url=p.url)) is not None}
    assert {SniffKind.DESKTOP, SniffKind.TOUCH, SniffKind.ARCHIVER, SniffKind.PRINTABLE, SniffKind.API} <= kinds
    assert SniffKind.GATE in kinds
    if real_pages():
        assert SniffKind.LISTING in kinds


@pytest.mark.parametrize("page", ORDINARY, ids=[p.name for p in ORDINARY])
def test_ordinary_pages_are_rejected(page: Page) -> None:
    assert sniff(page.body, url=page.url) is None
    with pytest.raises(NotDiscuzPage):
        parse_page(page.body, url=page.url)


@pytest.mark.parametrize("page", ORDINARY, ids=[p.name for p in ORDINARY])
def test_ordinary_pages_without_a_url(page: Page) -> None:
    """Without a URL only a content-free challenge is kept, as a gate of unknown origin."""
    found = sniff(page.body)
    if page.name == "cloudflare-challenge.html":
        assert found is not None and found.kind is SniffKind.GATE and "origin-unknown" in found.evidence
        return
    assert found is None
    with pytest.raises(NotDiscuzPage):
        parse_page(page.body)


def test_ordinary_page_that_sets_cookies_is_not_a_challenge() -> None:
    body = (ORDINARY_DIR / "news-article.html").read_bytes()
    assert b"document.cookie" in body and b"enable JavaScript" in body
    with pytest.raises(NotDiscuzPage) as caught:
        parse_page(body)
    assert not isinstance(caught.value, ChallengePage)


@pytest.mark.parametrize("name", ["gate.js.utf8.html", "gate.js.gbk.html"])
def test_challenge_is_attributed_by_url(name: str) -> None:
    body = fixture_bytes(name)
    assert sniff(body, url="https://shop.example/cart") is None
    at_thread = sniff(body, url="http://bbs.example.cn/thread-1-1-1.html")
    assert at_thread is not None and at_thread.evidence == ("challenge", "url")
    with pytest.raises(ChallengePage):
        parse_page(body, url="http://bbs.example.cn/forum.php?mod=viewthread&tid=1")


def test_challenge_that_sends_to_a_discuz_url() -> None:
    found = sniff(fixture_bytes("gate.waf.utf8.html"), url="http://cdn.example/x")
    assert found is not None and found.evidence == ("challenge", "target-url")


def test_discuz_interstitials_need_no_url() -> None:
    for name in ("gate.antitheft.utf8.html", "gate.cc-refresh.gbk.html", "gate.banned.gbk.html"):
        found = sniff(fixture_bytes(name), url="https://elsewhere.example/")
        assert found is not None and found.kind is SniffKind.GATE


def test_bare_api_error_is_attributed_by_url() -> None:
    body = b'{"error": "user_banned"}'
    assert sniff(body, url="https://api.shop.example/v1/orders") is None
    found = sniff(body, url="http://bbs.example.cn/api/mobile/index.php?module=viewthread&tid=1")
    assert found is not None and found.kind is SniffKind.API
    assert sniff(b'{"error": "not found", "code": 404}') is None


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"\x00\x01\x02",
        b"<html><body><div id='postmessage_1'>copied</div><div id='post_1'></div></body></html>",
        b"<html><head><title>wpDiscuz demo</title></head><body class='wpdiscuz'>Powered by wpDiscuz</body></html>",
        b"<html><head><title>Discuz! tips</title></head><body>Powered by Discuz! X3.4 is in footers</body></html>",
        b'<html><head><meta name="generator" content="WordPress 6.5"><title>Powered by Discuz!</title></head></html>',
    ],
)
def test_rejected_snippets(body: bytes) -> None:
    assert sniff(body, url="https://example.org/a") is None


def test_kind_and_evidence_are_named() -> None:
    found = sniff(fixture_bytes("seed.desktop.gbk.html"))
    assert found is not None and found.kind is SniffKind.DESKTOP
    assert "js-globals" in found.evidence and "body:pg_viewthread" in found.evidence
    assert found.page_kind is not None and found.page_kind.value == "desktop"
    with pytest.raises(TypeError):
        sniff("<html></html>")  # type: ignore[arg-type]
