"""Public mobile-API forumdisplay responses (versions 1 and 5) read field by field.

The expected values come from the JSON itself, read here with ``json``: every row field the
response carries must land in its ``ThreadSummary`` field, and every field it lacks must be
``None`` (version 1 has no ``displayorder``, ``special`` or ``typeid``).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from discuz_extract import PageKind, parse_forum_page

from .conftest import REAL, require

FILES = {
    "03_stage1st-mobileapi-forumdisplay-fid6.json": (6, "动漫论坛", 50),
    "04_stage1st-mobileapi-forumdisplay-fid51.json": (51, "ＰＣ数码", 50),
    "06_comsenz-testsite-mobileapi-v5-forumdisplay.json": (2, "天下实事", 11),
}
SPECIALS = {"0": None, "1": "poll", "2": "trade", "3": "reward", "4": "activity", "5": "debate"}
CST = timezone(timedelta(hours=8))


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(require(REAL / name).read_text(encoding="utf-8"))
    return data


def maybe_int(row: dict[str, Any], key: str) -> int | None:
    return int(row[key]) if key in row else None


@pytest.mark.parametrize("name", sorted(FILES))
def test_forum_fields(name: str) -> None:
    fid, forum_name, rows = FILES[name]
    raw = load(name)
    variables = raw["Variables"]
    page = parse_forum_page(require(REAL / name).read_bytes())
    assert (page.kind, page.fid, page.name, len(page.threads)) == (PageKind.API, fid, forum_name, rows)
    assert page.thread_count == int(variables["forum"]["threads"])
    assert page.description == (variables["forum"].get("description") or None)
    assert page.page == int(variables["page"])
    threadcount = variables["forum"].get("threadcount")  # version 1 does not send it
    assert page.page_count == (-(-int(threadcount) // int(variables["tpp"])) if threadcount else None)
    types = variables.get("threadtypes", {}).get("types")
    assert page.thread_types == ({int(k): v for k, v in types.items()} if types else None)
    subs = [(int(s["fid"]), s["name"], int(s["threads"]), int(s["posts"])) for s in variables["sublist"]]
    assert [(s.fid, s.name, s.threads, s.posts) for s in page.sub_forums] == subs
    assert page.site.charset == raw["Charset"].lower() and page.site.utc_offset == 8.0


@pytest.mark.parametrize("name", sorted(FILES))
def test_rows_field_by_field(name: str) -> None:
    raw = load(name)["Variables"]["forum_threadlist"]
    page = parse_forum_page(require(REAL / name).read_bytes())
    for row, source in zip(page.threads, raw, strict=True):
        assert (row.tid, row.title, row.author, row.author_uid) == (
            int(source["tid"]),
            source["subject"],
            source["author"],
            int(source["authorid"]),
        )
        assert row.created_at == datetime.fromtimestamp(int(source["dbdateline"]), CST)
        assert row.created_on == datetime.fromtimestamp(int(source["dbdateline"]), CST).date()
        assert row.last_post_at == datetime.fromtimestamp(int(source["dblastpost"]), CST)
        assert (row.last_poster, row.views, row.replies) == (
            source.get("lastposter") or None,
            int(source["views"]),
            int(source["replies"]),
        )
        assert (row.digest, row.read_permission) == (int(source["digest"]), int(source["readperm"]))
        attachment = int(source["attachment"])
        assert (row.has_attachment, row.has_image) == (attachment > 0, attachment == 2)
        assert row.sticky == maybe_int(source, "displayorder")
        assert row.special == (SPECIALS[source["special"]] if "special" in source else None)
        assert row.type_id == (maybe_int(source, "typeid") or None)
        assert row.reply_credit == maybe_int(source, "replycredit")
        assert row.moved is False and row.moved_to is None and row.closed is None and row.page_count is None


def test_version_five_row_details() -> None:
    page = parse_forum_page(require(REAL / "06_comsenz-testsite-mobileapi-v5-forumdisplay.json").read_bytes())
    first = page.threads[0]
    assert (first.tid, first.sticky, first.special, first.has_image) == (20, 3, "poll", True)
    assert first.created_on is not None and first.created_on.isoformat() == "2017-05-26"
