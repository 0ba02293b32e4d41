"""A response body read within limits: raw bytes in, decoded bytes kept, both capped.

The reader is fed the raw stream (``iter_raw``), decodes it with ``ContentDecoder`` and stops
as soon as the raw bytes, an inner encoding layer or the decoded body go over the cap:
``ResponseTooLarge``, or, for robots.txt (``truncate``), the body read so far. Every chunk is
also a point where the request's deadline is checked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx

from ..errors import ResponseTooLarge
from .deadline import Deadline
from .encodings import ContentDecoder, Overflow

_MAX_LENGTH_DIGITS = 18  # a Content-Length with more digits is over any cap (and int() may refuse it)


@dataclass(frozen=True)
class Fetched:
    """A response body read in full, within limits."""

    url: str  # the final URL, after redirects
    status: int
    content: bytes
    charset: str | None  # from the Content-Type header
    attempts: int
    date: str | None = None  # the Date header: the reference for relative times
    truncated: bool = False  # the body went over the cap and was cut there (robots.txt only)


def declared_length(response: httpx.Response) -> int | None:
    """The Content-Length, ``None`` when absent or not a plain ASCII number; a huge one is huge."""
    value = response.headers.get("content-length", "").strip()
    if not value or not (value.isascii() and value.isdigit()):
        return None
    return 1 << 62 if len(value) > _MAX_LENGTH_DIGITS else int(value)


def too_large(url: str, limit: int, status: int) -> ResponseTooLarge:
    return ResponseTooLarge(f"body larger than {limit} bytes", url=url, status=status)


class BodyReader:
    """Reads one body within ``limit`` bytes (raw and decoded) and before ``deadline``."""

    def __init__(self, response: httpx.Response, url: str, limit: int, deadline: Deadline, *, truncate: bool) -> None:
        self.response, self.url, self.limit, self.deadline, self.truncate = response, url, limit, deadline, truncate
        length = declared_length(response)
        if length is not None and length > limit and not truncate:
            raise too_large(url, limit, response.status_code)
        # a response built with its content (httpx.MockTransport) holds it decoded already
        self.loaded = response.is_stream_consumed
        encodings = [] if self.loaded else response.headers.get_list("content-encoding", split_commas=True)
        self.decoder = ContentDecoder(encodings, limit, url)
        self.kept: list[bytes] = []
        self.raw = self.total = 0
        self.full = False  # truncated at the cap: read no more

    def add(self, raw: bytes) -> bool:
        """Take one raw chunk; False once the body is complete at the cap (``truncate``)."""
        self.deadline.check()
        self.raw += len(raw)
        if self.raw > self.limit and not self.truncate:
            raise too_large(self.url, self.limit, self.response.status_code)
        try:
            for piece in self.decoder.decode(raw):
                if not self._keep(piece):
                    return False
        except Overflow:
            return self._over()
        if self.raw > self.limit:
            return self._over()
        return True

    def chunks(self) -> Iterator[bytes]:
        """The raw chunks of a streamed body (sync), or the content a built response holds."""
        yield from [self.response.content] if self.loaded else self.response.iter_raw()

    async def achunks(self) -> AsyncIterator[bytes]:
        if self.loaded:
            yield self.response.content
            return
        async for chunk in self.response.aiter_raw():
            yield chunk

    def _keep(self, piece: bytes) -> bool:
        room = self.limit - self.total
        if len(piece) > room:
            if not self.truncate:
                raise too_large(self.url, self.limit, self.response.status_code)
            self.kept.append(piece[:room])
            self.total = self.limit
            return self._over()
        self.kept.append(piece)
        self.total += len(piece)
        return True

    def _over(self) -> bool:
        if not self.truncate:
            raise too_large(self.url, self.limit, self.response.status_code)
        self.full = True
        return False

    def fetched(self, attempts: int) -> Fetched:
        r = self.response
        body = b"".join(self.kept)
        charset = _charset(r)
        return Fetched(str(r.url), r.status_code, body, charset, attempts, r.headers.get("date"), self.full)


def _charset(response: httpx.Response) -> str | None:
    try:
        return response.charset_encoding
    except (ValueError, LookupError):  # a Content-Type header nobody can read
        return None
