"""Values no forum prints, in pages that are otherwise fine: ids and counts of dozens of digits,
times before year 1 or at 99:99, an offset of GMT+99, a duration of ``1.2.3`` seconds.

Each must cost only its own field (unknown), never the page, and no integer may leave the
parsers that a 64-bit column cannot hold: one such page once stopped a whole Parquet corpus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from discuz_extract import DiscuzError, ParseError, merge_pages, parse_forum_index, parse_forum_page, parse_page
from discuz_extract._decoding import load_json
from discuz_extract._text import MAX_INT, parse_int, to_int
from discuz_extract._time import parse_gmt_offset, parse_relative
from discuz_extract.errors import UnexpectedError
from discuz_extract.models import ThreadPage

from .conftest import FIXTURES, REAL, fixture_bytes

HUGE = "9" * 28  # past int64, and past the 18 digits any id or count is read in
SEED = fixture_bytes("seed.desktop.utf8.html").decode("utf-8")
URL = "https://bbs.example.cn/thread-1523-1-1.html"


def ints(value: object) -> Iterator[int]:
    """Every integer in a model's JSON dump."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from ints(item)
    elif isinstance(value, list):
        for item in value:
            yield from ints(item)


def assert_int64(page: ThreadPage) -> None:
    found = list(ints(json.loads(page.model_dump_json())))
    assert found and all(-MAX_INT <= n <= MAX_INT for n in found)


@pytest.mark.parametrize(
    ("text", "value"),
    [("123", 123), ("-5", -5), (" 42 ", 42), ("9" * 18, 10**18 - 1), ("9" * 19, None), ("", None), (None, None)],
)
def test_to_int_reads_at_most_18_digits(text: str | None, value: int | None) -> None:
    assert to_int(text) == value


def test_parse_int_refuses_what_no_count_is() -> None:
    assert parse_int("共 1,234 帖") == 1234
    assert parse_int(f"x{HUGE}y") is None
    assert parse_int("9" * 5000) is None  # past int()'s own limit of digits: no ValueError


def test_a_pid_too_long_to_be_one_keeps_its_post() -> None:
    page = parse_page(SEED.replace("post_45031", f"post_{HUGE}"), url=URL)
    assert [p.pid for p in page.posts] == [45031, 45188, 46870, 47012, 47025]  # from table#pid45031
    everywhere = re.sub(r"(post_|pid|postmessage_)45031\b", rf"\g<1>{HUGE}", SEED)
    page = parse_page(everywhere, url=URL)
    assert [p.pid for p in page.posts] == [None, 45188, 46870, 47012, 47025]
    assert page.posts[0].floor == 1 and page.posts[0].text.startswith(parse_page(SEED).posts[0].text[:20])
    assert_int64(page)


def test_absurd_numbers_are_unknown_not_huge() -> None:
    hostile = (
        SEED.replace("parseInt('1523')", f"parseInt('{HUGE}')")
        .replace('<span class="xi1">40</span>', f'<span class="xi1">{HUGE}</span>')
        .replace('class="xi2">3031</a>', f'class="xi2">{HUGE}</a>')
        .replace("99099082", HUGE)  # the credits: the stat cell's title, the popup's pair
        .replace("22 queries", f"{HUGE} queries")
    )
    hostile = re.sub(r"(uid=|authorid=)1001\b", rf"\g<1>{HUGE}", hostile)
    page = parse_page(hostile, url=URL)
    first = page.posts[0].author
    assert page.tid == 1523  # the URL's, once the script's is unreadable
    assert page.views is None and page.replies == 4
    assert first is not None and first.threads is None and first.credits is None and first.uid is None
    assert first.name == parse_page(SEED).posts[0].author.name  # type: ignore[union-attr]
    assert page.site.queries is None
    assert_int64(page)


def test_times_no_calendar_has_cost_only_the_time() -> None:
    hostile = re.sub(r'(<em id="authorposton45031">)[^<]*', r"\g<1>发表于 9999999 天前", SEED)
    hostile = re.sub(r'(<em id="authorposton45188">)[^<]*', r"\g<1>发表于 昨天 99:99", hostile)
    hostile = hostile.replace("GMT+8, 2024-11-23", "GMT+99, 2024-11-23").replace("0.152690 second", "1.2.3 second")
    page = parse_page(hostile, url=URL)
    assert [p.posted_at is None for p in page.posts[:3]] == [True, True, False]
    assert page.site.utc_offset is None and page.site.processing_seconds is None
    assert len(page.posts) == 5 and page.posts[1].text


@pytest.mark.parametrize(
    "text", ["9999999 天前", "99999999999 天前", f"{HUGE} 秒前", "昨天 99:99", "9" * 5000 + " 秒前"]
)
def test_relative_times_out_of_range_are_none(text: str) -> None:
    from datetime import datetime, timezone

    assert parse_relative(text, datetime(2024, 11, 23, tzinfo=timezone.utc)) is None


def test_offsets_no_clock_uses_are_none() -> None:
    assert parse_gmt_offset("GMT+8") == 8.0 and parse_gmt_offset("GMT-12") == -12.0
    assert parse_gmt_offset("GMT+99") is None and parse_gmt_offset("GMT+24") is None


def test_api_numbers_past_int64_are_unknown() -> None:
    body = json.loads(fixture_bytes("rich.api.p1.json"))
    posts = body["Variables"]["postlist"]
    posts[0]["pid"], posts[1]["pid"] = 10**30, 1e30
    posts[2]["authorid"] = HUGE
    page = parse_page(
        json.dumps(body).encode(), url="https://bbs.example.cn/api/mobile/index.php?module=viewthread&tid=2048"
    )
    assert [p.pid for p in page.posts[:2]] == [None, None]
    assert page.posts[2].author is not None and page.posts[2].author.uid is None
    assert_int64(page)


def test_a_listing_row_with_an_absurd_tid_is_kept_without_it() -> None:
    body = fixture_bytes("forum.utf8.forumdisplay.p1.html").decode("utf-8")
    hostile = body.replace('id="normalthread_20"', f'id="normalthread_{HUGE}"')
    url = "https://bbs.example.cn/forum.php?mod=forumdisplay&fid=2"
    before, after = parse_forum_page(body, url=url), parse_forum_page(hostile, url=url)
    assert len(after.threads) == len(before.threads)
    assert all(-MAX_INT <= n <= MAX_INT for n in ints(json.loads(after.model_dump_json())))


def test_parquet_takes_every_hostile_page(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from discuz_extract.corpus import ParquetWriter

    everything = re.sub(r"(post_|pid|postmessage_)45031\b", rf"\g<1>{HUGE}", SEED)
    everything = everything.replace("<em>1</em><sup>#</sup>", f"<em>{'9' * 12}</em><sup>#</sup>")
    thread = merge_pages([parse_page(everything, url=URL)])
    path = tmp_path / "posts.parquet"
    with ParquetWriter(path) as writer:
        writer.write(thread.to_document("post"))
    assert pq.read_table(path).num_rows == len(thread.posts)


def test_lone_surrogates_in_json_become_replacement_characters() -> None:
    text = r'{"a\ud800": ["x\udc00y", {"b": "\ud83d\ude00"}], "c": "\\ud800"}'
    assert load_json(text) == {"a\ufffd": ["x\ufffdy", {"b": "\U0001f600"}], "c": "\\ud800"}  # pairs kept


def test_an_api_reply_with_lone_surrogates_writes_as_json() -> None:
    body = fixture_bytes("rich.api.p1.json").decode("utf-8")
    hostile = body.replace("老猫", "\\ud83d老猫", 1).replace('"message":"', '"message":"\\udc00', 1)
    page = parse_page(hostile, url="https://bbs.example.cn/api/mobile/index.php?module=viewthread&tid=2048")
    dumped = page.model_dump_json()  # raised PydanticSerializationError before
    assert "\ufffd" in json.loads(dumped)["posts"][0]["text"]


def test_forum_api_nested_past_the_recursion_limit_is_a_parse_error() -> None:
    deep = '{"Variables": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}"
    with pytest.raises(ParseError, match="invalid mobile API JSON"):
        parse_forum_page(deep, url="https://bbs.example.cn/api/mobile/index.php?module=forumdisplay&fid=2")


PAGES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".html", ".json")) + sorted(
    p for p in REAL.rglob("*") if p.suffix in (".html", ".json") and not p.name.endswith(".truth.json")
)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_number_absurd_costs_no_page(path: Path) -> None:
    """Every run of digits in a real or fixture page made 28 digits long: whatever reads it
    ends typed, and what it reads holds no integer past int64 and writes as JSON."""
    hostile = re.sub(rb"\d{2,}", HUGE.encode(), path.read_bytes())
    for parse in (parse_page, parse_forum_page, parse_forum_index):
        try:
            model = parse(hostile, url=None)
        except UnexpectedError:
            raise
        except DiscuzError:
            continue
        assert all(-MAX_INT <= n <= MAX_INT for n in ints(json.loads(model.model_dump_json())))


def test_a_jsonp_wrapped_thread_reply_reads_as_the_plain_one() -> None:
    body = fixture_bytes("rich.api.p1.json").decode("utf-8")
    url = "https://bbs.example.cn/api/mobile/index.php?module=viewthread&tid=2048"
    wrapped = parse_page(f"  jQuery123_456({body});\n", url=url)
    assert wrapped.model_dump() == parse_page(body, url=url).model_dump()
