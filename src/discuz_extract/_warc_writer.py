"""WARC capture: every HTTP exchange of a fetch written as a WARC/1.1 request and response pair.

``WarcWriter`` is an exchange observer (``_fetching/exchange.py``): give it to any fetching call
(``extract_thread(url, warc=writer)``, ``iter_forum``, ``extract_forum``, ``crawl_site``) and each
exchange is written as it ends, attempts, redirect hops and robots.txt included, with a
``warcinfo`` record first. Records are written whole, each its own gzip member, under a lock
(the fetchers of a site crawl run in several threads).

What is stored: the request as sent (credential headers such as ``Cookie`` and
``Authorization`` redacted unless ``keep_credentials``), the status line and headers as
received, and the body before content decoding: a gzip body stays gzip, with its
``Content-Encoding``. httpx hands over a chunked body without its framing, so such a record
drops ``Transfer-Encoding`` and says ``Content-Length`` (the stored length); a body the
transport held already decoded (a mock transport) drops ``Content-Encoding`` too. A body cut
short (a cap, a deadline, a dropped connection) is marked ``WARC-Truncated``.

Needs warcio (the ``warc`` extra).
"""

from __future__ import annotations

import io
import os
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from ._fetching.exchange import Exchange
from ._fetching.redirects import is_credential
from ._version import __version__

try:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter as _WARCWriter
except ImportError as exc:  # pragma: no cover - the extra is missing
    raise ImportError("WARC capture needs warcio: pip install 'discuz-extract[warc]'") from exc

__all__ = ["WarcWriter"]

REDACTED = b"[redacted]"
_FRAMING = (b"transfer-encoding", b"content-length")
_Headers = list[tuple[bytes, bytes]]


class _RawHeaders(StatusAndHeaders):  # type: ignore[misc]  # warcio has no type information
    """An HTTP header block written byte for byte as given (warcio would re-encode it)."""

    def __init__(self, block: bytes, statusline: str, headers: _Headers) -> None:
        pairs = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
        super().__init__(statusline, pairs, protocol="")
        self.raw_block = block

    def compute_headers_buffer(self, header_filter: Any = None) -> None:
        self.headers_buff = self.raw_block


def _block(first_line: str, headers: _Headers) -> bytes:
    lines = [first_line.encode("latin-1", "replace")] + [name + b": " + value for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _warc_date(exchange: Exchange) -> str:
    return exchange.started.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def request_headers(exchange: Exchange, *, keep_credentials: bool) -> _Headers:
    """The request's headers as sent; credential values redacted unless kept."""
    if keep_credentials:
        return list(exchange.request_headers)
    return [(k, REDACTED if is_credential(k.decode("latin-1")) else v) for k, v in exchange.request_headers]


def response_headers(exchange: Exchange) -> _Headers:
    """The answer's headers, made to describe the stored body (see the module's docstring)."""
    headers = list(exchange.response_headers)
    names = {name.lower() for name, _ in headers}
    dechunked = b"transfer-encoding" in names
    if not (dechunked or exchange.decoded):
        return headers
    dropped = _FRAMING + ((b"content-encoding",) if exchange.decoded else ())
    kept = [(name, value) for name, value in headers if name.lower() not in dropped]
    if exchange.truncated is None:
        kept.append((b"Content-Length", str(len(exchange.body)).encode()))
    return kept


class WarcWriter:
    """Writes each exchange it is called with as a WARC/1.1 ``request`` and ``response`` pair.

    ``target`` is a path (opened for appending: a rerun adds its records after the last run's,
    each run starting with its own ``warcinfo`` record) or a binary stream. ``gzip`` defaults to
    whether the path ends in ``.gz`` (``True`` for a stream). ``info`` adds fields to the
    ``warcinfo`` record. Use it as a context manager, or call ``close``.
    """

    def __init__(
        self,
        target: str | os.PathLike[str] | IO[bytes],
        *,
        gzip: bool | None = None,
        keep_credentials: bool = False,
        info: Mapping[str, str] | None = None,
    ) -> None:
        self._own = isinstance(target, (str, os.PathLike))
        name = Path(os.fspath(target)).name if isinstance(target, (str, os.PathLike)) else None
        self._stream: IO[bytes] = (
            Path(os.fspath(target)).open("ab") if isinstance(target, (str, os.PathLike)) else target  # noqa: SIM115
        )
        compress = gzip if gzip is not None else (name is None or name.endswith(".gz"))
        self._writer = _WARCWriter(self._stream, gzip=compress, warc_version="1.1")
        self.keep_credentials = keep_credentials
        self.records = 0
        self._lock = threading.Lock()
        self._closed = False
        self._write_info(name, info or {})

    def _write_info(self, name: str | None, extra: Mapping[str, str]) -> None:
        fields = {
            "software": f"discuz-extract/{__version__}",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            **extra,
        }
        with self._lock:
            self._writer.write_record(self._writer.create_warcinfo_record(name, fields))
            self.records += 1

    def __call__(self, exchange: Exchange) -> None:
        """Write ``exchange`` (the observer's call): the request record, then the response's."""
        request_id, response_id = _record_id(), _record_id()
        request = self._request_record(exchange, request_id, response_id)
        response = self._response_record(exchange, response_id, request_id)
        with self._lock:
            if self._closed:
                raise ValueError("the WarcWriter is closed")
            self._writer.write_record(request)
            self._writer.write_record(response)
            self.records += 2

    def _request_record(self, exchange: Exchange, own: str, other: str) -> Any:
        first = f"{exchange.method} {exchange.target.decode('latin-1')} {exchange.http_version}"
        headers = request_headers(exchange, keep_credentials=self.keep_credentials)
        http = _RawHeaders(_block(first, headers), first, headers)
        return self._writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=http,
            warc_headers_dict=self._warc_headers(exchange, own, other),
        )

    def _response_record(self, exchange: Exchange, own: str, other: str) -> Any:
        first = f"{exchange.http_version} {exchange.status} {exchange.reason}".rstrip()
        headers = response_headers(exchange)
        http = _RawHeaders(_block(first, headers), first, headers)
        fields = self._warc_headers(exchange, own, other)
        if exchange.truncated is not None:
            fields["WARC-Truncated"] = exchange.truncated
        return self._writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=http,
            warc_headers_dict=fields,
        )

    @staticmethod
    def _warc_headers(exchange: Exchange, own: str, other: str) -> dict[str, str]:
        fields = {"WARC-Record-ID": own, "WARC-Date": _warc_date(exchange), "WARC-Concurrent-To": other}
        if exchange.peer:
            fields["WARC-IP-Address"] = exchange.peer
        return fields

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._stream.flush()
            if self._own:
                self._stream.close()

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"
