"""Small cases of the forum parsers: dates, filters, the archiver's pager window, API coercion."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from discuz_extract import PageKind, parse_forum_index, parse_forum_page
from discuz_extract._parsing.forum import detect_kind
from discuz_extract._parsing.forum_api import _int
from discuz_extract._parsing.forum_common import Context, shown_time

from .conftest import fixture_bytes

CST = timezone(timedelta(hours=8))
NOW = datetime(2024, 11, 23, 12, 48, tzinfo=CST)
CTX = Context(None, CST, NOW)


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("2024-11-4", None, (None, date(2024, 11, 4))),
        ("2024-11-4 09:05", None, (datetime(2024, 11, 4, 9, 5, tzinfo=CST), date(2024, 11, 4))),
        ("5&nbsp;天前", "2024-11-18", (None, date(2024, 11, 18))),
        ("昨天&nbsp;21:59", "2024-11-22", (datetime(2024, 11, 22, 21, 59, tzinfo=CST), date(2024, 11, 22))),
        ("前天 08:48", "2024-11-21 08:48", (datetime(2024, 11, 21, 8, 48, tzinfo=CST), date(2024, 11, 21))),
        ("3 小时前", "2024-11-23", (None, date(2024, 11, 23))),
        # touch and the API print no title: the day still follows from the reference
        ("5&nbsp;天前", None, (None, date(2024, 11, 18))),
        ("3 小時前", None, (None, date(2024, 11, 23))),
        ("昨天 07:30", None, (datetime(2024, 11, 22, 7, 30, tzinfo=CST), date(2024, 11, 22))),
        ("刚刚", None, (None, date(2024, 11, 23))),
        ("", None, (None, None)),
    ],
)
def test_shown_time(text: str, title: str | None, expected: tuple[datetime | None, date | None]) -> None:
    assert shown_time(text, title, CTX) == expected


def test_relative_dates_without_a_reference_stay_unknown() -> None:
    assert shown_time("5 天前", None, Context(None, CST, None)) == (None, None)


def test_a_digest_filtered_listing_shows_no_digest_levels() -> None:
    """``filter=digest`` lists digest threads only, without their icons: the level is not shown."""
    raw = fixture_bytes("forum.utf8.forumdisplay.p1.html").decode("utf-8")
    raw = raw.replace('filter=digest&amp;digest=1" class="xi2"', 'filter=digest&amp;digest=1" class="xi2 xw1"')
    raw = re.sub(r'<img src="static/image/common/digest_\d\.gif"[^>]*>', "", raw)
    assert all(row.digest is None for row in parse_forum_page(raw).threads)


def test_a_multi_forum_sticky_and_a_cookie_hidden_sticky() -> None:
    raw = fixture_bytes("forum.utf8.forumdisplay.p1.html").decode("utf-8")
    page = parse_forum_page(raw.replace("全局置頂主題", "多版置頂主題").replace("pin_3.gif", "pin_4.gif"))
    assert page.threads[0].sticky == 4


def test_the_archiver_does_not_show_counts_beyond_its_window() -> None:
    raw = fixture_bytes("forum.gbk.archiver.p1.html").decode("gb18030")
    links = "".join(f'<a href="?fid-2.html&page={n}">{n}</a> \n' for n in range(2, 11))
    raw = raw.replace('<a href="?fid-2.html&page=2">2</a> \n<a href="?fid-2.html&page=3">3</a> \n', links)
    assert parse_forum_page(raw).page_count is None  # page 1 links up to 10: there may be more


def test_api_scalars() -> None:
    assert [_int(v) for v in ("12", " 3 ", "-20", "", "-", None, 7, True, "1.5")] == [
        12,
        3,
        -20,
        None,
        None,
        None,
        7,
        1,
        None,
    ]


def test_api_lists_sent_as_objects_and_jsonp() -> None:
    doc = json.loads(fixture_bytes("forum.utf8.api.p2.json"))
    rows = doc["Variables"]["forum_threadlist"]
    doc["Variables"]["forum_threadlist"] = {str(i * 2): row for i, row in enumerate(rows)}  # keys with gaps
    text = "jsoncallback_5e8a1c3b(" + json.dumps(doc, ensure_ascii=False) + ");"
    page = parse_forum_page(text)
    assert page.kind is PageKind.API
    assert [r.tid for r in page.threads] == [None if r["views"] == "-" else int(r["tid"]) for r in rows]


def test_detect_kind() -> None:
    assert detect_kind(fixture_bytes("forum.gbk.touch.p1.html").decode()) is PageKind.TOUCH
    assert detect_kind(fixture_bytes("forum.gbk.archiver.p1.html").decode("gb18030")) is PageKind.ARCHIVER
    assert detect_kind(fixture_bytes("forum.gbk.index.html").decode("gb18030")) is PageKind.DESKTOP


def test_a_members_favourite_forums_are_not_a_category() -> None:
    raw = fixture_bytes("forum.utf8.index.html").decode("utf-8")
    favourites = raw.replace('id="category_2"', 'id="category_0"')
    assert [c.gid for c in parse_forum_index(favourites).categories] == [1]


def test_text_input_and_an_explicit_encoding_agree() -> None:
    raw = fixture_bytes("forum.gbk.forumdisplay.p3.html")
    assert parse_forum_page(raw.decode("gb18030")).threads == parse_forum_page(raw, encoding="gbk").threads
