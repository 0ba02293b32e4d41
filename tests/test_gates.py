"""One fixture per gate page, in GBK and UTF-8, each mapped to its error or post status."""

from __future__ import annotations

import pytest

from discuz_extract import (
    AccessBanned,
    BoardClosed,
    ChallengePage,
    DiscuzError,
    LoginRequired,
    NotDiscuzPage,
    PermissionDenied,
    PostStatus,
    ThreadNotFound,
    parse_page,
)
from discuz_extract._parsing.gates import classify_message

from .conftest import fixture_bytes

ENCODINGS = ["gbk", "utf8"]
ERRORS: list[tuple[str, type[DiscuzError], str | None]] = [
    ("notfound", ThreadNotFound, None),
    ("readperm", PermissionDenied, None),
    ("forumperm", PermissionDenied, None),
    ("login", LoginRequired, None),
    ("closed", BoardClosed, None),
    ("banned", AccessBanned, None),
    ("antitheft", ChallengePage, "antitheft"),
    ("cc-refresh", ChallengePage, "cc-refresh"),
    ("cc-reload", ChallengePage, "cc-reload"),
    ("cc-question", ChallengePage, "cc-question"),
    ("js", ChallengePage, "javascript"),
    ("waf", ChallengePage, "javascript"),
]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize(("name", "error", "challenge"), ERRORS, ids=[e[0] for e in ERRORS])
def test_gate_page(name: str, error: type[DiscuzError], challenge: str | None, encoding: str) -> None:
    with pytest.raises(error) as caught:
        parse_page(fixture_bytes(f"gate.{name}.{encoding}.html"), url="http://bbs.example.cn/thread-1-1-1.html")
    if challenge is not None:
        assert isinstance(caught.value, ChallengePage) and caught.value.challenge == challenge
    if error is not LoginRequired:
        assert type(caught.value) is error  # not a subclass standing in for it
    assert caught.value.url == "http://bbs.example.cn/thread-1-1-1.html"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_gate_messages_are_kept(encoding: str) -> None:
    with pytest.raises(ThreadNotFound) as caught:
        parse_page(fixture_bytes(f"gate.notfound.{encoding}.html"))
    assert caught.value.site_message == "抱歉，指定的主题不存在或已被删除或正在被审核"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_hidden_until_reply_is_a_post_status(encoding: str) -> None:
    first = parse_page(fixture_bytes(f"gate.hidden.{encoding}.html")).posts[0]
    assert first.status is PostStatus.HIDDEN
    assert first.status_text == "以下内容需要积分高于 100 才可浏览"
    assert first.text == "资源说明：\n请遵守版规。"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_paid_content_is_a_post_status(encoding: str) -> None:
    first, reply = parse_page(fixture_bytes(f"gate.paid.{encoding}.html")).posts
    assert first.status is PostStatus.PAID and "5 金钱" in (first.status_text or "")
    assert first.text == "免费部分：这是付费主题的简介。"
    assert reply.status is PostStatus.NORMAL


@pytest.mark.parametrize(
    ("name", "error", "key"),
    [
        ("api-notfound", ThreadNotFound, "thread_nonexistence"),
        ("api-login", LoginRequired, "viewperm_login_nopermission//1"),
        ("api-banned", AccessBanned, "user_banned"),
    ],
)
def test_mobile_api_errors(name: str, error: type[DiscuzError], key: str) -> None:
    with pytest.raises(error) as caught:
        parse_page(fixture_bytes(f"gate.{name}.json"))
    assert getattr(caught.value, "message_key", None) == key


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("抱歉，指定的主題不存在或已被刪除或正在被審核", ThreadNotFound),  # traditional Chinese
        ("抱歉，您尚未登錄，沒有權限訪問該版塊", LoginRequired),
        ("抱歉，本站點暫時關閉", BoardClosed),
        ("抱歉，您沒有權限訪問該版塊", PermissionDenied),
    ],
)
def test_traditional_chinese_messages(text: str, error: type[DiscuzError]) -> None:
    assert type(classify_message(text, url=None)) is error


def test_traditional_chinese_desktop_post() -> None:
    raw = fixture_bytes("seed.desktop.utf8.html").decode("utf-8")
    big5ish = raw.replace("发表于", "發表於").replace("楼主", "樓主").replace("沙发", "沙發")
    page = parse_page(big5ish)
    assert [p.floor for p in page.posts] == [1, 2, 3, 4, 5]
    assert page.posts[1].posted_at is not None and page.posts[1].posted_at_text == "2024-8-27 08:34:20"


def test_big5_page_bytes() -> None:
    raw = fixture_bytes("seed.desktop.utf8.html").decode("utf-8").replace("charset=utf-8", "charset=big5")
    raw = raw.replace("发表于", "發表於")
    body = raw.encode("big5hkscs", errors="xmlcharrefreplace")
    page = parse_page(body)
    assert page.site.charset == "big5hkscs" and len(page.posts) == 5


def test_page_without_markers() -> None:
    with pytest.raises(NotDiscuzPage):
        parse_page("<html><body><h1>It works!</h1></body></html>")
