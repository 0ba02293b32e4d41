"""WARC segments in, Discuz pages out: ``iter_warc`` reads ``.warc`` / ``.warc.gz`` with FastWARC.

Each response record is tested with ``sniff`` on its raw bytes first; only records that can be
Discuz pages are decoded and parsed. One result (``WarcPage``) comes out per Discuz record: the
parsed ``ThreadPage``, or the ``DiscuzError`` it raised, kept on the result. Nothing raises for
one bad record: truncated, non-200, revisit, ``WARC-Truncated``, a bad gzip member (the reader
resynchronises on the next member when the source can seek), garbage HTTP headers. What was
skipped, and why, is counted in ``WarcStats``.

Writing is ``WarcWriter`` (an observer of the fetchers' exchanges: ``extract_thread(url,
warc=WarcWriter("crawl.warc.gz"))``), from ``_warc_writer.py``.

Needs the ``warc`` extra (``pip install 'discuz-extract[warc]'``: FastWARC, and warcio to write).
"""

from __future__ import annotations

import io
import logging
import os
import re
import zlib
from collections.abc import Generator, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from ._parsing import SniffKind, parse_page, sniff
from ._parsing.sniff import cannot_be_discuz
from ._warc_writer import WarcWriter
from .errors import DiscuzError, ParseError, TruncatedRecord
from .models import PageFailure, ThreadPage

try:
    from fastwarc.stream_io import BrotliReader, ChunkedReader
    from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType
except ImportError as exc:  # pragma: no cover - the extra is missing
    raise ImportError("discuz_extract.warc needs FastWARC: pip install 'discuz-extract[warc]'") from exc

log = logging.getLogger("discuz_extract")

Source = str | os.PathLike[str] | IO[bytes]

# payload types that can hold a Discuz page (HTML, the mobile API's JSON or JSONP); none is kept too
CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/json",
        "text/json",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "text/plain",
    }
)
GZIP_MAGIC = b"\x1f\x8b\x08"
PLAIN_START = re.compile(rb"\s*[<{\[]|\s*[\w.$]+\s*\(\s*\{")  # markup, JSON, JSONP: not an encoded body
WARC_MAGIC = b"WARC/1."
RESYNC_CHUNK = 1 << 20
RESYNC_LIMIT = 256 << 20  # how far past a broken stretch the reader looks for the next record
MAX_PROBLEMS = 50  # messages about broken stretches kept on the stats


class WarcStats(BaseModel):
    """What a read saw. ``skipped`` names each reason a record was passed over."""

    records: int = 0
    responses: int = 0
    skipped_not_response: int = 0  # warcinfo, request, metadata, resource, conversion
    skipped_revisit: int = 0
    skipped_bad_http: int = 0  # no parseable HTTP status line or body encoding
    skipped_status: int = 0  # 1xx, 204 and 3xx answers
    skipped_content_type: int = 0  # images, CSS, PDF, ...
    skipped_not_discuz: int = 0  # sniff said no
    discuz: int = 0  # records sniff took as Discuz (one WarcPage each)
    pages: int = 0  # of those, parsed into a ThreadPage
    failed: int = 0  # of those, a DiscuzError (gates, listings, truncated, unreadable)
    errors: dict[str, int] = Field(default_factory=dict, description="failed records by error type")
    broken: int = 0  # unreadable stretches of a file (bad gzip member, cut file)
    problems: list[str] = Field(default_factory=list, description="the first messages about broken stretches")

    @property
    def skipped(self) -> int:
        return (
            self.skipped_not_response
            + self.skipped_revisit
            + self.skipped_bad_http
            + self.skipped_status
            + self.skipped_content_type
            + self.skipped_not_discuz
        )

    def add(self, other: WarcStats) -> WarcStats:
        """Both counts together (for the stats of several files or workers)."""
        data = {name: getattr(self, name) + getattr(other, name) for name in _COUNTS}
        errors = dict(self.errors)
        for key, value in other.errors.items():
            errors[key] = errors.get(key, 0) + value
        problems = (self.problems + other.problems)[:MAX_PROBLEMS]
        return WarcStats(**data, errors=errors, problems=problems)

    def note_problem(self, message: str) -> None:
        self.broken += 1
        log.warning("%s", message)
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)


_COUNTS = tuple(name for name, field in WarcStats.model_fields.items() if field.annotation is int)


class WarcPage(BaseModel):
    """One Discuz response record: where it came from, and its page or its error."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    record_id: str
    url: str | None = None
    fetched_at: datetime | None = Field(default=None, description="WARC-Date")
    http_status: int | None = None
    charset: str | None = Field(default=None, description="from the HTTP Content-Type, handed to decoding")
    source: str | None = Field(default=None, description="the file the record was read from")
    offset: int | None = Field(default=None, description="the record's position in that file")
    kind: SniffKind
    evidence: tuple[str, ...] = ()
    page: ThreadPage | None = None
    error: DiscuzError | None = None

    @field_serializer("error")
    def _error_json(self, error: DiscuzError | None) -> dict[str, Any] | None:
        if error is None:
            return None
        fields = {k: v for k, v in vars(error).items() if isinstance(v, (str, int, type(None)))}
        return {"type": type(error).__name__, **fields}

    @property
    def ok(self) -> bool:
        return self.page is not None

    def failure(self, page: int) -> PageFailure:
        """This record's error as the ``PageFailure`` a thread names it by."""
        error = self.error or ParseError("no page", url=self.url)
        return PageFailure(page=page, url=self.url, error=str(error), error_type=type(error).__name__)


def iter_warc(source: Source, *, stats: WarcStats | None = None, name: str | None = None) -> Iterator[WarcPage]:
    """Every Discuz response record of a ``.warc`` / ``.warc.gz`` file (a path or a binary stream).

    Pass ``stats=WarcStats()`` to read the counts afterwards. ``name`` labels the results'
    ``source`` (default: the path, or the stream's ``name``).
    """
    counts = stats if stats is not None else WarcStats()
    label = name or _label(source)
    for record in _records(source, counts, label):
        result = _result(record, counts, label)
        if result is not None:
            yield result


def _label(source: Source) -> str | None:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return str(getattr(source, "name", "")) or None


def _records(source: Source, stats: WarcStats, label: str | None) -> Iterator[WarcRecord]:
    """Records of the source; a broken stretch is counted and skipped to the next member."""
    owned = isinstance(source, (str, os.PathLike))
    try:
        stream = Path(os.fspath(source)).open("rb") if isinstance(source, (str, os.PathLike)) else source  # noqa: SIM115
    except OSError as exc:
        stats.note_problem(f"{label}: cannot open: {exc}")
        return
    try:
        if not stream.seekable():  # FastWARC asks a Python stream where it is: answer for it
            yield from _records_from(io.BufferedReader(_Forward(stream)), 0, stats, label, resync=False)
            return
        start: int | None = stream.tell()
        while start is not None:
            start = yield from _records_from(stream, start, stats, label)
    except OSError as exc:  # the file cannot be opened or read at all
        stats.note_problem(f"{label}: unreadable: {exc}")
    finally:
        if owned:
            stream.close()


class _Forward(io.RawIOBase):
    """A stream that cannot seek, with the position FastWARC asks for (tell, no-op seeks)."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner, self.position = inner, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.position += len(data)
        return len(data)

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if (whence == io.SEEK_CUR and offset == 0) or (whence == io.SEEK_SET and offset == self.position):
            return self.position
        raise io.UnsupportedOperation("this stream reads forward only")


def _records_from(
    stream: IO[bytes], start: int, stats: WarcStats, label: str | None, *, resync: bool = True
) -> Generator[WarcRecord, None, int | None]:
    """Records from ``start`` on; returns where to resume after a broken stretch, None at the end."""
    last = None
    try:
        for record in ArchiveIterator(stream, parse_http=True, auto_decode="none", stream_detect=True):
            last = record.stream_pos
            yield record
        return None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # OSError, and the PanicException FastWARC's Rust side raises
        where = f"after the record at {last}" if last is not None else f"at {start}"
        stats.note_problem(f"{label}: broken {where}: {type(exc).__name__}: {exc}")
    if not resync:
        return None
    return _next_member(stream, (last if last is not None else start) + 1)


def _next_member(stream: IO[bytes], after: int) -> int | None:
    """The offset of the next gzip member (or plain WARC record) that reads, past ``after``."""
    position = after
    while position - after < RESYNC_LIMIT:
        stream.seek(position)
        chunk = stream.read(RESYNC_CHUNK + len(GZIP_MAGIC))
        if not chunk:
            return None
        hits = [i for i in (chunk.find(GZIP_MAGIC), chunk.find(WARC_MAGIC)) if i >= 0]
        if hits and _readable_at(stream, position + min(hits)):
            stream.seek(position + min(hits))
            return position + min(hits)
        position += min(hits) + 1 if hits else RESYNC_CHUNK
    return None


def _readable_at(stream: IO[bytes], offset: int) -> bool:
    stream.seek(offset)
    try:
        next(iter(ArchiveIterator(stream, parse_http=False, stream_detect=True)))
    except (OSError, StopIteration):
        return False
    return True


def _result(record: WarcRecord, stats: WarcStats, label: str | None) -> WarcPage | None:
    stats.records += 1
    payload = _response_body(record, stats)
    if payload is None:
        return None
    body, cut = payload
    if cannot_be_discuz(body):  # the common case, decided before any header is read
        stats.skipped_not_discuz += 1
        return None
    url = record.headers.get("WARC-Target-URI")
    found = sniff(body, url=url)
    if found is None:
        stats.skipped_not_discuz += 1
        return None
    stats.discuz += 1
    fetched_at = _record_date(record)
    status = record.http_headers.status_code
    common: dict[str, Any] = {
        "record_id": record.record_id or f"{label}@{record.stream_pos}",
        "url": url,
        "fetched_at": fetched_at,
        "http_status": status,
        "charset": record.http_charset,
        "source": label,
        "offset": record.stream_pos,
        "kind": found.kind,
        "evidence": found.evidence,
    }
    try:
        _refuse_truncated(record, cut, url)
        page = parse_page(body, url=url, encoding=record.http_charset, fetched_at=fetched_at)
    except DiscuzError as exc:
        stats.failed += 1
        stats.errors[type(exc).__name__] = stats.errors.get(type(exc).__name__, 0) + 1
        return WarcPage(**common, error=exc)
    stats.pages += 1
    return WarcPage(**common, page=page)


def _response_body(record: WarcRecord, stats: WarcStats) -> tuple[bytes, bool] | None:
    """The decoded HTTP payload of a response that can be a page, and whether it was cut short
    of the record's length; None (counted) otherwise."""
    if record.record_type == WarcRecordType.revisit:
        stats.skipped_revisit += 1
        return None
    if record.record_type != WarcRecordType.response:
        stats.skipped_not_response += 1
        return None
    stats.responses += 1
    status = record.http_headers.status_code if record.is_http else None
    if status is None:
        stats.skipped_bad_http += 1
        return None
    if status < 200 or status == 204 or 300 <= status < 400:
        stats.skipped_status += 1
        return None
    content_type = (record.http_content_type or "").strip().lower()
    if content_type and content_type not in CONTENT_TYPES:
        stats.skipped_content_type += 1
        return None
    raw = record.reader.read()
    try:
        body = _decode_payload(raw, record)
    except (OSError, ValueError, zlib.error):
        stats.skipped_bad_http += 1
        return None
    return body, len(raw) < record.content_length


def _decode_payload(raw: bytes, record: WarcRecord) -> bytes:
    """Undo Transfer-Encoding and Content-Encoding when the crawler kept them (Common Crawl
    stores payloads decoded: a body that opens like markup or JSON skips the header lookups)."""
    if PLAIN_START.match(raw):
        return raw
    headers = record.http_headers
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        raw = ChunkedReader(io.BytesIO(raw)).read()
    encoding = (headers.get("Content-Encoding") or "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompress(raw, 47)
    if encoding == "deflate":
        try:
            return zlib.decompress(raw)
        except zlib.error:
            return zlib.decompress(raw, -15)
    if encoding == "br":
        decoded: bytes = BrotliReader(io.BytesIO(raw)).read()
        return decoded
    return raw


def _refuse_truncated(record: WarcRecord, cut: bool, url: str | None) -> None:
    reason = record.headers.get("WARC-Truncated") or ("length" if cut else None)
    if reason is not None:
        raise TruncatedRecord(f"the WARC record is truncated ({reason}): not parsed", url=url, reason=reason)


def _record_date(record: WarcRecord) -> datetime | None:
    try:
        return record.record_date
    except (ValueError, OSError):
        return None


__all__ = ["CONTENT_TYPES", "WarcPage", "WarcStats", "WarcWriter", "iter_warc"]
