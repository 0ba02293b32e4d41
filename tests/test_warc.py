"""iter_warc on WARC files written here with warcio: Discuz records come out (pages or typed
errors), ordinary records never do, and no bad record stops a read."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from discuz_extract import ChallengePage, ThreadNotFound, TruncatedRecord, parse_page
from discuz_extract.warc import WarcStats, iter_warc

from .corpus import Page, discuz_fixture_pages, ordinary_pages, real_pages, response_record, write_warc

DISCUZ = discuz_fixture_pages() + real_pages()
ORDINARY = ordinary_pages()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every Discuz page and every ordinary page, interleaved, in one .warc.gz."""
    pages = [p for pair in zip(DISCUZ, ORDINARY * 50) for p in pair] + DISCUZ[len(ORDINARY) * 50 :]
    return write_warc(tmp_path_factory.mktemp("warc") / "mixed.warc.gz", pages)


def test_every_discuz_record_gives_one_result(mixed: Path) -> None:
    stats = WarcStats()
    results = list(iter_warc(mixed, stats=stats))
    assert len(results) == len(DISCUZ) == stats.discuz
    for page, result in zip(DISCUZ, results):  # in record order
        assert result.url == page.url
        assert result.record_id.startswith("<urn:uuid:") and result.fetched_at is not None
        try:
            expected = parse_page(page.body, url=page.url, encoding=result.charset, fetched_at=result.fetched_at)
        except Exception as exc:  # the same typed failure, kept on the result
            assert type(result.error) is type(exc), page.name
            continue
        assert result.page is not None and result.page.model_dump() == expected.model_dump(), page.name
    assert stats.records == len(DISCUZ) + min(len(DISCUZ), len(ORDINARY) * 50) + 1  # + warcinfo
    assert stats.skipped_not_discuz == stats.records - 1 - len(DISCUZ) and stats.skipped_not_response == 1
    assert stats.pages + stats.failed == stats.discuz and sum(stats.errors.values()) == stats.failed


def test_no_ordinary_page_yields_anything(tmp_path: Path) -> None:
    stats = WarcStats()
    assert list(iter_warc(write_warc(tmp_path / "ordinary.warc", ORDINARY, gzip=False), stats=stats)) == []
    assert stats.skipped_not_discuz == len(ORDINARY) and stats.discuz == 0


def test_charset_from_the_http_header(tmp_path: Path) -> None:
    page = next(p for p in DISCUZ if p.name == "fixtures/seed.archiver.gbk.html")  # no meta charset
    labelled = Page(page.name, page.body, page.url, "text/html; charset=GBK")
    (result,) = iter_warc(write_warc(tmp_path / "one.warc.gz", [labelled]))
    assert result.charset == "gbk" and result.page is not None and result.page.site.charset == "gb18030"


def _bad_records_warc(path: Path) -> Path:
    seed = next(p for p in DISCUZ if p.name == "fixtures/seed.desktop.gbk.html")
    notfound = next(p for p in DISCUZ if p.name == "fixtures/gate.notfound.utf8.html")
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(response_record(writer, seed, extra={"WARC-Truncated": "length"}))
        writer.write_record(response_record(writer, notfound, status="404 Not Found"))
        redirect = Page("redirect", b"", seed.url + "&r=1", "text/html")
        writer.write_record(response_record(writer, redirect, status="302 Found"))
        image = Page("image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "http://bbs.example.cn/logo.png", "image/png")
        writer.write_record(response_record(writer, image))
        writer.write_record(
            writer.create_revisit_record(seed.url, digest="sha1:AAAA", refers_to_uri=seed.url, refers_to_date="x")
        )
        writer.write_record(
            writer.create_warc_record(seed.url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        )
        writer.write_record(_gzip_encoded(writer, seed))
    return path


def _gzip_encoded(writer: WARCWriter, page: Page) -> object:
    http = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
    )
    url = page.url + "&encoded=1"
    return writer.create_warc_record(url, "response", payload=io.BytesIO(gzip.compress(page.body)), http_headers=http)


def test_bad_records_are_counted_or_kept_as_errors(tmp_path: Path) -> None:
    stats = WarcStats()
    results = list(iter_warc(_bad_records_warc(tmp_path / "bad.warc.gz"), stats=stats))
    truncated, notfound, encoded = results
    assert isinstance(truncated.error, TruncatedRecord) and truncated.error.reason == "length"
    assert isinstance(notfound.error, ThreadNotFound) and notfound.http_status == 404
    assert encoded.page is not None and len(encoded.page.posts) == 5
    assert stats.skipped_status == 1 and stats.skipped_content_type == 1
    assert stats.skipped_revisit == 1 and stats.skipped_not_response == 1
    assert stats.errors == {"TruncatedRecord": 1, "ThreadNotFound": 1}


def _members(raw: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"\x1f\x8b\x08", raw)]


def test_a_bad_gzip_member_is_skipped_and_reading_goes_on(mixed: Path, tmp_path: Path) -> None:
    raw = bytearray(mixed.read_bytes())
    starts = _members(bytes(raw))
    for i in range(starts[40] + 30, starts[40] + 60):  # inside member 40's deflate stream
        raw[i] ^= 0x5A
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(bytes(raw))
    whole = list(iter_warc(mixed))
    stats = WarcStats()
    results = list(iter_warc(broken, stats=stats))
    assert stats.broken == 1 and stats.problems and "broken" in stats.problems[0]
    assert len(whole) - 1 <= len(results) < len(whole) + 1
    assert results[-1].url == whole[-1].url  # read to the end
    streamed = list(iter_warc(io.BytesIO(bytes(raw))))
    assert [r.url for r in streamed] == [r.url for r in results]


def test_a_cut_file_and_a_forward_only_stream(mixed: Path, tmp_path: Path) -> None:
    raw = mixed.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(raw[: _members(raw)[30] + 200])
    stats = WarcStats()
    results = list(iter_warc(cut, stats=stats))
    assert 0 < len(results) <= 30 and stats.records in (30, 31)

    class ForwardOnly(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            data = self.inner.read(len(buffer))
            buffer[: len(data)] = data
            return len(data)

    streamed = list(iter_warc(io.BufferedReader(ForwardOnly(raw))))
    assert [r.url for r in streamed] == [r.url for r in iter_warc(mixed)]


def test_garbage_http_headers_and_plain_warc(tmp_path: Path) -> None:
    seed = next(p for p in DISCUZ if p.name == "fixtures/seed.desktop.utf8.html")
    path = write_warc(tmp_path / "plain.warc", [seed, seed], gzip=False)
    raw = path.read_bytes()
    at = raw.find(b"HTTP/1.1 200 OK")
    path.write_bytes(raw[:at] + b"\x00\xffNOT HTTP\r\nzz" + raw[at + 17 :])
    stats = WarcStats()
    results = list(iter_warc(path, stats=stats))
    assert len(results) == 1 and results[0].page is not None
    assert stats.skipped_bad_http == 1


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    stats = WarcStats()
    assert list(iter_warc(tmp_path / "absent.warc.gz", stats=stats)) == []
    assert stats.broken == 1 and "cannot open" in stats.problems[0]


def test_results_keep_errors_as_json(mixed: Path) -> None:
    failed = next(r for r in iter_warc(mixed) if isinstance(r.error, ChallengePage))
    dumped = failed.model_dump(mode="json")
    assert dumped["error"]["type"] == "ChallengePage" and dumped["error"]["challenge"]
    assert dumped["kind"] == "gate" and dumped["page"] is None
