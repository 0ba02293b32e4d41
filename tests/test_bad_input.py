"""Malformed or non-Discuz input raises a DiscuzError subclass, never anything else."""

from __future__ import annotations

import pytest

from discuz_extract import ChallengePage, DiscuzError, NotDiscuzPage, parse_page

from .conftest import fixture_bytes


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   ",
        b"\x00\x01\x02\xff\xfe",
        "<html><body><p>hello</p></body></html>",
        b"<html><head><title>x</title></head><body><div id='post_1'></div></body></html>",
        b"<div id='postmessage_abc'>x</div>",
        "<table id='pid12'><tr><td class='plc'><em id='authorposton12'>发表于 not a date</em></td></tr></table>",
        b"\xef\xbb\xbf<html>" + "中文".encode() + b"</html>",
        b"<" * 10000,
        b"<div>" * 2000,
    ],
)
def test_garbage_raises_typed_error_or_parses(content: bytes | str) -> None:
    try:
        page = parse_page(content)
    except DiscuzError:
        return
    assert isinstance(page.posts, list)


def test_non_discuz_page() -> None:
    with pytest.raises(NotDiscuzPage):
        parse_page(b"<html><head><title>Blog</title></head><body><article>hi</article></body></html>")


def test_antitheft_script() -> None:
    body = (
        b"<script type=\"text/javascript\">var x1='_ds';function getName(){return 'ign'};location.href=u+x1;</script>"
    )
    with pytest.raises(ChallengePage) as caught:
        parse_page(body)
    assert caught.value.challenge == "antitheft"


@pytest.mark.parametrize("cut", [100, 2000, 9000, 15000, 30000])
def test_truncated_fixture(cut: int) -> None:
    raw = fixture_bytes("rich.desktop.p1.gbk.html")[:cut]
    try:
        page = parse_page(raw)
    except DiscuzError:
        return
    assert all(p.pid for p in page.posts)


def test_wrong_type() -> None:
    with pytest.raises(TypeError):
        parse_page(123)  # type: ignore[arg-type]
