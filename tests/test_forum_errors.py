"""What the forum parsers raise: the thread gates' errors, ``NotAForumPage``, bad input; and
``parse_page`` still refuses every listing and index."""

from __future__ import annotations

import json

import pytest

from discuz_extract import (
    AccessBanned,
    BoardClosed,
    ChallengePage,
    DiscuzError,
    LoginRequired,
    NotAForumPage,
    NotAThreadPage,
    NotDiscuzPage,
    ParseError,
    PermissionDenied,
    ThreadNotFound,
    parse_forum_index,
    parse_forum_page,
    parse_page,
)

from .conftest import FIXTURES, REAL, fixture_bytes, require

GATES: list[tuple[str, type[DiscuzError]]] = [
    ("notfound", ThreadNotFound),
    ("forumperm", PermissionDenied),
    ("login", LoginRequired),
    ("closed", BoardClosed),
    ("banned", AccessBanned),
    ("antitheft", ChallengePage),
    ("cc-refresh", ChallengePage),
    ("cc-question", ChallengePage),
    ("js", ChallengePage),
]
FORUM_FIXTURES = [p.name for p in FIXTURES.glob("forum.*") if p.suffix in (".html", ".json")]
LISTINGS = sorted(name for name in FORUM_FIXTURES if ".index" not in name)
INDEXES = sorted(name for name in FORUM_FIXTURES if ".index" in name)
THREADS = [
    "seed.desktop.gbk.html",
    "seed.touch.html",
    "seed.archiver.gbk.html",
    "rich.desktop.p2.gbk.html",
    "seed.api.json",
]


@pytest.mark.parametrize("parse", [parse_forum_page, parse_forum_index])
@pytest.mark.parametrize("encoding", ["gbk", "utf8"])
@pytest.mark.parametrize(("name", "error"), GATES, ids=[g[0] for g in GATES])
def test_gate_pages_raise_the_thread_gate_errors(
    parse: object, name: str, error: type[DiscuzError], encoding: str
) -> None:
    assert callable(parse)
    with pytest.raises(error) as caught:
        parse(fixture_bytes(f"gate.{name}.{encoding}.html"), url="http://bbs.example.cn/forum-2-1.html")
    if error is not LoginRequired:
        assert type(caught.value) is error
    assert caught.value.url == "http://bbs.example.cn/forum-2-1.html"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("gate.api-notfound.json", ThreadNotFound),
        ("gate.api-login.json", LoginRequired),
        ("gate.api-banned.json", AccessBanned),
    ],
)
def test_api_gates(name: str, error: type[DiscuzError]) -> None:
    with pytest.raises(error):
        parse_forum_page(fixture_bytes(name))


def test_forum_not_found_in_every_wording() -> None:
    page = (FIXTURES / "gate.notfound.utf8.html").read_text(encoding="utf-8")
    for message in ("抱歉，指定的版块不存在", "抱歉，指定的版塊不存在"):
        with pytest.raises(ThreadNotFound) as caught:  # the same error as a missing thread
            parse_forum_page(page.replace("抱歉，指定的主题不存在或已被删除或正在被审核", message))
        assert caught.value.site_message == message
    api = {
        "Version": "4",
        "Variables": {},
        "Message": {"messageval": "forum_nonexistence", "messagestr": "抱歉，指定的版块不存在"},
    }
    with pytest.raises(ThreadNotFound):
        parse_forum_page(json.dumps(api, ensure_ascii=False))


@pytest.mark.parametrize("name", THREADS)
def test_thread_pages_are_not_forum_pages(name: str) -> None:
    for parse in (parse_forum_page, parse_forum_index):
        with pytest.raises(NotAForumPage) as caught:
            parse(fixture_bytes(name))
        assert caught.value.page_kind == "viewthread"


@pytest.mark.parametrize("name", LISTINGS)
def test_listings_are_not_thread_pages_nor_indexes(name: str) -> None:
    with pytest.raises(NotAThreadPage):
        parse_page(fixture_bytes(name))
    with pytest.raises(NotAForumPage) as caught:
        parse_forum_index(fixture_bytes(name))
    assert caught.value.page_kind == "forumdisplay"


@pytest.mark.parametrize("name", INDEXES)
def test_indexes_are_not_thread_pages_nor_listings(name: str) -> None:
    with pytest.raises(NotAThreadPage):
        parse_page(fixture_bytes(name))
    with pytest.raises(NotAForumPage) as caught:
        parse_forum_page(fixture_bytes(name))
    assert caught.value.page_kind == "index"


def test_real_listings_and_indexes_are_not_thread_pages() -> None:
    board = require(REAL / "discuz-x34-board")
    pages = [*board.glob("board.*.html"), *board.glob("board.api.*.json"), *board.glob("index*.html")]
    pages += [*(REAL / "discuz-x35-local").glob("board.*.html"), *(REAL / "discuz-x35-local").glob("index.*.html")]
    pages += sorted(REAL.glob("0[346]_*.json"))
    assert len(pages) > 30
    for path in pages:
        with pytest.raises(NotAThreadPage):
            parse_page(path.read_bytes())


def test_real_thread_pages_are_not_forum_pages() -> None:
    board = require(REAL / "discuz-x34-board")
    for path in [*board.glob("digest.*.html"), *board.glob("poll.*.html"), *REAL.glob("0[789]_*.html")]:
        with pytest.raises(NotAForumPage) as caught:
            parse_forum_page(path.read_bytes())
        assert caught.value.page_kind == "viewthread"


@pytest.mark.parametrize("parse", [parse_forum_page, parse_forum_index])
def test_bad_input(parse: object) -> None:
    assert callable(parse)
    with pytest.raises(NotDiscuzPage):
        parse(b"")
    with pytest.raises(NotDiscuzPage):
        parse("   \n ")
    with pytest.raises(NotDiscuzPage):
        parse("<html><body><p>hello</p></body></html>")
    with pytest.raises(ParseError):
        parse('{"Variables": ')
    with pytest.raises(TypeError):
        parse(42)
    with pytest.raises(NotAForumPage):
        parse('{"Version": "4", "Variables": {"postlist": []}}')
