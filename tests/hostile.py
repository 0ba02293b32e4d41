"""What the hostile-server tests serve: compression bombs and pages that lie about themselves.

Bombs are built fast and small: a deflate block of zeros ends with a full flush (byte-aligned,
state reset), so repeating it is still a valid stream of that many times the zeros.
"""

from __future__ import annotations

import functools
import struct
import zlib

import brotli
import zstandard

from discuz_extract import FetchSettings

from .conftest import fixture_bytes

MIB = 1 << 20
FAST = FetchSettings(
    delay=0, backoff=0.01, backoff_max=0.02, retry_after_max=0.2, timeout=5, max_attempts=2, obey_robots=False
)
SEED = fixture_bytes("seed.desktop.gbk.html")
RICH = [fixture_bytes(f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]


@functools.cache
def _deflate_block(megabytes: int) -> tuple[bytes, bytes]:
    engine = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return engine.compress(bytes(megabytes * MIB)) + engine.flush(zlib.Z_FULL_FLUSH), engine.flush()


@functools.cache
def gzip_bomb(megabytes: int) -> bytes:
    """A gzip body of ``megabytes`` MiB of zeros (about 1 KiB per MiB)."""
    block, end = _deflate_block(1)
    crc = 0
    chunk = bytes(MIB)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + block * megabytes + end + struct.pack("<II", crc, (megabytes * MIB) & 0xFFFFFFFF)


@functools.cache
def gzip_gzip_bomb(megabytes: int) -> bytes:
    """``Content-Encoding: gzip, gzip``: the gzip bomb, gzipped again (a few KiB)."""
    engine = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return engine.compress(gzip_bomb(megabytes)) + engine.flush()


@functools.cache
def brotli_bomb(megabytes: int) -> bytes:
    return bytes(brotli.compress(bytes(megabytes * MIB), quality=5))


@functools.cache
def zstd_bomb(megabytes: int) -> bytes:
    return bytes(zstandard.ZstdCompressor(level=1).compress(bytes(megabytes * MIB)))


BOMBS = {"gzip": gzip_bomb, "gzip, gzip": gzip_gzip_bomb, "br": brotli_bomb, "zstd": zstd_bomb}


def with_page_count(page: bytes, count: str) -> bytes:
    """A rich-thread page whose pager claims ``count`` pages (digits as text)."""
    return page.replace(" / 3 页".encode("gbk"), f" / {count} 页".encode("gbk")).replace(
        "共 3 页".encode("gbk"), f"共 {count} 页".encode("gbk")
    )
