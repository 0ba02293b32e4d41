"""Unit tests of the pure helpers: decoding, times, numbers, the cleaner."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from selectolax.lexbor import LexborHTMLParser

from discuz_extract._cleaning import clean_message
from discuz_extract._decoding import decode_html, normalize_charset
from discuz_extract._text import parse_shown_count, tid_from_url, uid_from_url
from discuz_extract._time import parse_absolute, parse_gmt_offset, parse_relative

CST = timezone(timedelta(hours=8))


def test_charset_supersets() -> None:
    assert normalize_charset("GBK") == "gb18030"
    assert normalize_charset("gb2312") == "gb18030"
    assert normalize_charset("big5") == "big5hkscs"
    assert normalize_charset("nonsense") is None


def test_lying_header_is_corrected() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=gbk" /><p>中文论坛帖子内容</p>'.encode("gbk")
    decoded = decode_html(page, "utf-8")
    assert decoded.charset == "gb18030" and "中文论坛帖子内容" in decoded.text


def test_no_declaration_is_detected() -> None:
    text = (
        "<html><body><p>" + "这是一个没有声明字符集的繁體中文與简体中文页面，论坛帖子内容。" * 20 + "</p></body></html>"
    )
    decoded = decode_html(text.encode("gb18030"))
    assert "论坛帖子内容" in decoded.text


def test_big5_declared() -> None:
    page = '<meta charset="big5"><p>論壇發表於</p>'.encode("big5")
    assert "論壇發表於" in decode_html(page).text


def test_gmt_offsets() -> None:
    assert parse_gmt_offset("GMT+8, 2024-11-23 12:48") == 8.0
    assert parse_gmt_offset("GMT-5, 2024-11-23 12:48") == -5.0
    assert parse_gmt_offset("GMT+5.5, 2024") == 5.5
    assert parse_gmt_offset("GMT, 2024-11-23 12:48") == 0.0
    assert parse_gmt_offset("no footer") is None


def test_absolute_dates() -> None:
    assert parse_absolute("发表于 2019-3-5 08:07:09", CST) == datetime(2019, 3, 5, 8, 7, 9, tzinfo=CST)
    assert parse_absolute("2019-3-5 08:07", CST) == datetime(2019, 3, 5, 8, 7, tzinfo=CST)
    assert parse_absolute("2019-13-45 08:07", CST) is None


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("刚刚", datetime(2024, 11, 23, 12, 48, tzinfo=CST)),
        ("半小时前", datetime(2024, 11, 23, 12, 18, tzinfo=CST)),
        ("5\u00a0分钟前", datetime(2024, 11, 23, 12, 43, tzinfo=CST)),
        ("3 小时前", datetime(2024, 11, 23, 9, 48, tzinfo=CST)),
        ("昨天\u00a022:43", datetime(2024, 11, 22, 22, 43, tzinfo=CST)),
        ("前天 08:00", datetime(2024, 11, 21, 8, 0, tzinfo=CST)),
        ("4 天前", datetime(2024, 11, 19, 12, 48, tzinfo=CST)),
    ],
)
def test_relative_times(shown: str, expected: datetime) -> None:
    assert parse_relative(shown, datetime(2024, 11, 23, 12, 48, tzinfo=CST)) == expected


def test_counts() -> None:
    assert parse_shown_count("9909万") is None
    assert parse_shown_count("9909万", "99099082") == 99099082
    assert parse_shown_count("312") == 312


def test_ids_in_urls() -> None:
    assert uid_from_url("home.php?mod=space&uid=7") == 7
    assert uid_from_url("space-uid-42.html") == 42
    assert tid_from_url("thread-2048-3-1.html") == 2048
    assert tid_from_url("forum.php?mod=viewthread&tid=9&page=2") == 9


def message(html: str) -> str:
    node = LexborHTMLParser(f'<table><tr><td id="postmessage_1">{html}</td></tr></table>').css_first("#postmessage_1")
    assert node is not None
    return clean_message(node, tz=CST).text


def test_jammer_both_forms() -> None:
    html = (
        'line one<font class="jammer">a &amp; "q</font><br />\r\n'
        'line two<br />\r\n<span style="display: none">x; ~</span>line three'
    )
    assert message(html) == "line one\nline two\nline three"


def test_whitespace_and_nbsp() -> None:
    assert message("a&nbsp;&nbsp; b<br />  c \t d") == "a b\nc d"


def test_author_words_survive() -> None:
    text = "他说：回复<br />发表于 2019-3-5 这行是原文<br />下载附件是个词"
    assert message(text) == "他说：回复\n发表于 2019-3-5 这行是原文\n下载附件是个词"


def test_ads_and_guest_tips_in_a_message_are_dropped() -> None:
    html = (
        '<div class="a_pr" style="width:200px"><a href="http://ad.example.com/">广告：买手机就上某某商城</a></div>'
        '<div class="attach_nopermission attach_tips"><div><h3><strong>本帖子中包含更多资源</strong></h3>'
        '<p>您需要 登录 才可以下载或查看，没有账号？立即注册</p></div><span class="atips_close">x</span></div>'
        "正文第一行<br />正文第二行"
    )
    assert message(html) == "正文第一行\n正文第二行"


def test_images_inside_links_are_not_missed() -> None:
    node = LexborHTMLParser(
        '<table><tr><td id="postmessage_1">看图<a href="http://x/big.jpg"><img src="http://x/small.jpg"></a></td></tr></table>'
    ).css_first("#postmessage_1")
    assert node is not None
    assert [i.url for i in clean_message(node, tz=CST).images] == ["http://x/small.jpg"]


def test_absolute_is_urljoin_with_a_fast_path() -> None:
    import itertools
    from urllib.parse import urljoin

    from discuz_extract._parsing.chrome import absolute

    urls = [
        "forum.php?mod=x&tid=2", "thread-1-1-1.html", "a/./b.html", "a/../b", "a/b/..", "./x", "../x", "/x",
        "?q", "#f", "x:y", "a b", "forum.php?u=http://a/b", "a/.", "a/..", "a/.hidden", "a//b", "a?x=/../",
        "%2e%2e/x", "a\\b", "a\tb", "a?b#c", "ü/x", "a;b=c", "//other.host/x",
    ]  # fmt: skip
    bases = ["http://127.0.0.1:8082/", "http://h/dir/", "http://h/dir/file.php", "http://h/?a", "http://[::1]:8/"]
    for url, base in itertools.product(urls, bases):
        assert absolute(url, base) == urljoin(base, url), (url, base)
