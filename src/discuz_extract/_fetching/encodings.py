"""Content-Encoding decoded while the body streams, with every step's output bounded.

httpx decodes a whole network chunk at once, so a 6 KB brotli or a ``gzip, gzip`` body can
expand to gigabytes before a size cap sees it. Here the raw bytes go through a pipeline of
stages, one per listed encoding (the last one applied is undone first), and each stage hands
on at most ``_PIECE`` bytes per step: memory stays near the cap, whatever the expansion.

gzip and deflate use zlib's ``max_length`` / ``unconsumed_tail``; brotli (optional: the
``brotli`` or ``brotlicffi`` package) uses ``output_buffer_limit`` where the installed version
has it, and otherwise is fed one byte at a time (a byte was measured to expand to 8 MiB at
most); zstd (optional: ``zstandard``) is fed 64 bytes at a time (a zstd block, 128 KiB at
most, needs at least one new byte: 2 MiB per call at most) with its window capped at 8 MiB.
Anything else is a ``BadResponse``; a corrupt stream is an ``httpx.DecodingError`` (retried
like a cut body).
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any, Protocol

import httpx

from ..errors import BadResponse

_PIECE = 64 * 1024  # the most one stage hands on per step
_ZSTD_SLICE = 64  # input bytes per zstd call: 16 blocks of 128 KiB at most, 2 MiB
_BROTLI_SLICE = 1  # input bytes per call of a brotli without output_buffer_limit (one byte: ~8 MiB at most)
_MAX_STACK = 4  # more stacked encodings than this: BadResponse
_ZSTD_WINDOW = 1 << 23  # 8 MiB: what RFC 8878 asks HTTP decoders to support
_IDENTITY = frozenset({"", "identity"})
_GZIP_MAGIC = b"\x1f\x8b"


def _optional(*names: str) -> ModuleType | None:
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


_brotli = _optional("brotli", "brotlicffi")
_zstd = _optional("zstandard")


def supported() -> tuple[str, ...]:
    """The encodings this installation decodes, in the order they are offered."""
    return ("gzip", "deflate") + (("br",) if _brotli is not None else ()) + (("zstd",) if _zstd is not None else ())


def accept_encoding() -> str:
    """The ``Accept-Encoding`` header: exactly what ``supported()`` decodes."""
    return ", ".join(supported())


class _Stage(Protocol):
    def feed(self, data: bytes) -> None: ...

    def pull(self, limit: int) -> bytes:
        """At most ``limit`` bytes of output; ``b""`` once the input fed so far is used up."""
        ...


class _Identity:
    def __init__(self) -> None:
        self.pending = b""

    def feed(self, data: bytes) -> None:
        self.pending += data

    def pull(self, limit: int) -> bytes:
        out, self.pending = self.pending[:limit], self.pending[limit:]
        return out


class _Zlib:
    """gzip (several members in a row too) or deflate (zlib-wrapped, or raw as some servers
    send it). Bytes after the end that do not start another gzip member are ignored, as httpx
    does."""

    def __init__(self, gzip: bool) -> None:
        self.gzip = gzip
        self.wbits = zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS
        self.engine = zlib.decompressobj(self.wbits)
        self.pending = b""
        self.started = self.between = self.done = False

    def feed(self, data: bytes) -> None:
        if not self.done:
            self.pending += data

    def pull(self, limit: int) -> bytes:
        while not self.done:
            out = self._step(limit)
            if self.engine.eof:
                self._next_member()
            if out or not self.pending:
                return out
        return b""

    def _step(self, limit: int) -> bytes:
        if self.between:  # after a gzip member: another one, or trailing bytes to ignore
            self.between = False
            if not self.pending.startswith(_GZIP_MAGIC):
                self.done, self.pending = True, b""
                return b""
        data, self.pending = self.pending, b""
        try:
            out = self.engine.decompress(data, limit)
        except zlib.error as exc:
            if self.gzip or self.started:
                raise httpx.DecodingError(f"corrupt {'gzip' if self.gzip else 'deflate'} body: {exc}") from exc
            self.wbits, self.engine = -zlib.MAX_WBITS, zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
            out = self.engine.decompress(data, limit)
        self.started = True
        self.pending = self.engine.unconsumed_tail
        return out

    def _next_member(self) -> None:
        rest, self.pending = self.engine.unused_data + self.pending, b""
        self.engine = zlib.decompressobj(self.wbits)
        if not self.gzip:
            self.done = True
        elif rest:
            self.pending, self.between = rest, True
        else:
            self.between = True


class _Sliced:
    """A decoder without an output limit, fed ``size`` bytes per call so that one call's
    output stays bounded by what that many bytes can expand to."""

    def __init__(self, make: Any, name: str, size: int) -> None:
        self.make, self.name, self.size = make, name, size
        self.engine = make()
        self.pending = b""

    def feed(self, data: bytes) -> None:
        self.pending += data

    def pull(self, limit: int) -> bytes:
        while self.pending:
            piece, self.pending = self.pending[: self.size], self.pending[self.size :]
            out = self._decode(piece)
            if out:
                return out
        return b""

    def _decode(self, piece: bytes) -> bytes:
        try:
            decode = self.engine.decompress if hasattr(self.engine, "decompress") else self.engine.process
            out: bytes = decode(piece)
        except Exception as exc:  # each library has its own error class
            raise httpx.DecodingError(f"corrupt {self.name} body: {exc}") from exc
        if getattr(self.engine, "eof", False) and (rest := getattr(self.engine, "unused_data", b"")):
            self.engine = self.make()  # the next zstd frame
            self.pending = rest + self.pending
        return out


class _Brotli:
    """brotli with ``output_buffer_limit`` (brotli >= 1.2): each call yields at most ``limit``."""

    def __init__(self) -> None:
        assert _brotli is not None
        self.engine = _brotli.Decompressor()
        self.pending = b""

    def feed(self, data: bytes) -> None:
        self.pending += data

    def pull(self, limit: int) -> bytes:
        idle = 0
        while True:
            accepts = self.engine.can_accept_more_data()
            data, self.pending = (self.pending, b"") if accepts else (b"", self.pending)
            try:
                out: bytes = self.engine.process(data, output_buffer_limit=limit)
            except Exception as exc:  # brotli.error, or brotlicffi's error
                raise httpx.DecodingError(f"corrupt brotli body: {exc}") from exc
            if out or not self.pending:
                return out
            idle += 1
            if idle > 2:  # holds input it will not take, and gives nothing
                raise httpx.DecodingError("corrupt brotli body: the decoder stalled")


def _brotli_has_output_limit() -> bool:
    if _brotli is None:
        return False
    try:
        _brotli.Decompressor().process(b"", output_buffer_limit=1)
    except TypeError:
        return False
    except Exception:
        return True
    return True


_BROTLI_LIMITED = _brotli_has_output_limit()


def _stage(name: str) -> _Stage:
    if name in ("gzip", "x-gzip"):
        return _Zlib(gzip=True)
    if name == "deflate":
        return _Zlib(gzip=False)
    if name == "br" and _brotli is not None:
        return _Brotli() if _BROTLI_LIMITED else _Sliced(_brotli.Decompressor, "brotli", _BROTLI_SLICE)
    if name == "zstd" and _zstd is not None:
        zstd = _zstd
        return _Sliced(lambda: zstd.ZstdDecompressor(max_window_size=_ZSTD_WINDOW).decompressobj(), "zstd", _ZSTD_SLICE)
    raise BadResponse(f"unsupported Content-Encoding {name!r} (this installation decodes {', '.join(supported())})")


class ContentDecoder:
    """Raw body bytes in, decoded pieces out, each step bounded; ``limit`` caps what any
    stage may hand on in all (so a layer that expands into nothing still ends)."""

    def __init__(self, encodings: list[str], limit: int, url: str | None = None) -> None:
        names = [e.strip().lower() for e in encodings if e.strip().lower() not in _IDENTITY]
        if len(names) > _MAX_STACK:
            raise BadResponse(f"{len(names)} stacked Content-Encodings (at most {_MAX_STACK})", url=url)
        try:
            self.stages: list[_Stage] = [_stage(n) for n in reversed(names)] or [_Identity()]
        except BadResponse as exc:
            exc.url = url
            raise
        self.limit = limit
        self.handed = [0] * len(self.stages)  # bytes each stage has handed on

    def decode(self, raw: bytes) -> Iterator[bytes]:
        """The decoded pieces of ``raw`` (each at most ``_PIECE`` bytes), as they come."""
        self.stages[0].feed(raw)
        while piece := self._pull(len(self.stages) - 1):
            yield piece

    def _pull(self, index: int) -> bytes:
        """Up to ``_PIECE`` bytes out of stage ``index``, pulling input from the stage before."""
        stage = self.stages[index]
        while True:
            out = stage.pull(_PIECE)
            if out:
                self.handed[index] += len(out)
                if self.handed[index] > self.limit and index < len(self.stages) - 1:
                    raise Overflow()  # an inner layer larger than the cap (the reader counts the last)
                return out
            if index == 0:
                return b""
            upstream = self._pull(index - 1)
            if not upstream:
                return b""
            stage.feed(upstream)


class Overflow(Exception):
    """An inner layer handed on more than the limit (the reader turns this into ResponseTooLarge)."""
