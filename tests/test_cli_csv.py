"""CSV for analysts: typed rows, a thread key across sites, pandas dtypes, and Excel."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from discuz_extract import ROW_COLUMNS, ROW_DATE_COLUMNS, ROW_DTYPES, Author, Post, Thread, merge_pages, parse_page
from discuz_extract.cli._csv import to_csv
from discuz_extract.testing import LoopbackSite, Reply

from .conftest import fixture_bytes
from .test_cli import run


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(max_requests=100) as server:
        server.route("/thread-1523-1-1.html", Reply.html(fixture_bytes("seed.desktop.gbk.html"), "gbk"))
        for n in (1, 2, 3):
            server.route(f"/thread-2048-{n}-1.html", Reply.html(fixture_bytes(f"rich.desktop.p{n}.gbk.html")))
        yield server


def rich() -> Thread:
    thread = merge_pages([parse_page(fixture_bytes(f"rich.desktop.p{n}.gbk.html")) for n in (1, 2, 3)])
    thread.url = "https://bbs.example.cn/bbs/thread-2048-1-1.html"
    return thread


def test_rows_are_typed_and_name_their_site() -> None:
    rows = rich().rows()
    assert len(rows) == 13 and all(tuple(row) == ROW_COLUMNS for row in rows)
    first = rows[0]
    assert (
        first["site"] == "https://bbs.example.cn/bbs/"
        and first["url"] == "https://bbs.example.cn/bbs/thread-2048-1-1.html"
    )
    assert isinstance(first["tid"], int) and isinstance(first["uid"], int) and first["is_first"] is True
    posted = first["posted_at"]
    assert isinstance(posted, datetime) and posted.utcoffset() is not None and posted.tzinfo == timezone.utc
    assert posted == rich().posts[0].posted_at  # the same instant, in UTC


def test_the_dtype_mapping_covers_every_column() -> None:
    assert set(ROW_DTYPES) | set(ROW_DATE_COLUMNS) == set(ROW_COLUMNS)
    assert not set(ROW_DTYPES) & set(ROW_DATE_COLUMNS)


def read(data: str | bytes) -> pd.DataFrame:
    source = io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)
    return pd.read_csv(source, dtype=ROW_DTYPES, parse_dates=list(ROW_DATE_COLUMNS), encoding="utf-8-sig")


def test_cli_csv_reads_into_pandas_with_the_documented_dtypes(site: LoopbackSite, tmp_path: Path) -> None:
    target = tmp_path / "posts.csv"
    urls = [site.url("thread-2048-1-1.html"), site.url("thread-1523-1-1.html")]
    code, _, _ = run([*urls, "--format", "csv", "-o", str(target), "--delay", "0"])
    assert code == 0
    frame = read(target.read_bytes())
    assert list(frame.columns) == list(ROW_COLUMNS) and len(frame) == 13 + 5
    assert {c: str(frame[c].dtype) for c in ("tid", "pid", "floor", "uid")} == dict.fromkeys(
        ("tid", "pid", "floor", "uid"), "Int64"
    )
    assert str(frame["is_first"].dtype) == "boolean" and str(frame["posted_at"].dtype).endswith(", UTC]")
    guest = frame[frame["floor"] == 6].iloc[0]
    assert guest["tid"] == 2048 and pd.isna(guest["uid"])  # a guest: <NA>, and the column stays Int64
    assert frame["site"].iloc[0] == site.url("") and frame["url"].iloc[-1] == urls[1]
    assert frame["text"].iloc[13].startswith("据新华社信息")
    want = rich().posts[0].posted_at
    assert frame["posted_at"].iloc[0] == pd.Timestamp(want)
    assert "\r\n" not in target.read_text(encoding="utf-8") and not target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_excel_csv_has_a_bom_and_crlf_and_no_formulas(site: LoopbackSite, tmp_path: Path) -> None:
    target = tmp_path / "posts.csv"
    code, _, _ = run(
        [site.url("thread-2048-1-1.html"), "--format", "csv", "--excel", "-o", str(target), "--delay", "0"]
    )
    raw = target.read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbfsite,url,tid,")
    assert raw.split(b"\r\n")[0].endswith(b",text") and raw.count(b"\r\n") >= 14  # header + 13 rows, CRLF
    assert len(read(raw)) == 13


def test_excel_cells_cannot_start_a_formula() -> None:
    thread = Thread(url="https://h/thread-1-1-1.html", tid=1, posts=[Post(floor=1, text='=HYPERLINK("x")')])
    thread.posts.append(Post(floor=2, text="-1 是负数", author=Author(name="@someone")))
    plain = to_csv(thread.rows(), header=True)
    excel = to_csv(thread.rows(), header=True, excel=True)
    assert "'=HYPERLINK" in excel and "'@someone" in excel and "'-1 是负数" in excel
    assert "'=" not in plain and read(plain)["text"].iloc[0] == '=HYPERLINK("x")'


def test_excel_is_for_csv_only() -> None:
    with pytest.raises(SystemExit) as caught:
        run(["http://h/thread-1-1-1.html", "--excel"])
    assert caught.value.code == 2
