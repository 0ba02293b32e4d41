"""A datatrove pipeline step: Discuz records become documents with every reply; the rest go on.

FineWeb-style pipelines run ``WarcReader`` then ``Trafilatura(include_comments=False)``, which
keeps a thread's first post and drops its replies. Put ``DiscuzExtractor`` in its place and
hand it that extractor as ``fallback``: Discuz pages are read here (one document per page, or
per post), every other document goes through the fallback untouched by this step::

    pipeline = [
        WarcReader("s3://commoncrawl/crawl-data/CC-MAIN-2024-10/segments/", glob_pattern="*/warc/*"),
        DiscuzExtractor(fallback=Trafilatura(favour_precision=True)),
        ...filters, a writer...
    ]

Without a fallback, non-Discuz documents pass through unchanged (to a later extractor).
A Discuz record that is a gate, a listing or unreadable is dropped and counted in the step's
stats (``discuz_failed_<Error>``), never passed on as text. Needs the ``datatrove`` extra.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .._assemble import assemble_threads
from .._documents import CorpusDocument, Granularity
from .._parsing import parse_page
from .._parsing.sniff import sniff_content
from ..errors import DiscuzError
from ..models import ThreadPage

try:
    from datatrove.data import Document
    from datatrove.pipeline.base import PipelineStep
except ImportError as exc:  # pragma: no cover - the extra is missing
    raise ImportError("contrib.datatrove needs datatrove: pip install 'discuz-extract[datatrove]'") from exc


@dataclass(frozen=True)
class _Record:
    record_id: str
    url: str | None
    fetched_at: datetime | None
    page: ThreadPage | None
    error: DiscuzError | None = None


class DiscuzExtractor(PipelineStep):  # type: ignore[misc]  # datatrove has no type information
    """Discuz pages to documents with their replies; other documents to ``fallback`` or onward."""

    name = "🗣 Discuz threads"
    type = "🛢 - EXTRAC"

    def __init__(
        self, granularity: Granularity = "page", fallback: Any | None = None, *, source: str = "discuz"
    ) -> None:
        super().__init__()
        if granularity not in ("page", "post"):
            raise ValueError("a record is one page: granularity is 'page' or 'post'")
        self.granularity, self.fallback, self.source = granularity, fallback, source

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        if data is None:
            return
        if self.fallback is None:
            for document in data:
                converted = self.convert(document)
                yield from converted if converted is not None else (document,)
            return
        ready: deque[Any] = deque()

        def others() -> Iterator[Any]:
            for document in data:
                converted = self.convert(document)
                if converted is None:
                    yield document
                else:
                    ready.extend(converted)

        for extracted in self.fallback.run(others(), rank, world_size):
            while ready:  # Discuz documents read since the fallback's last output
                yield ready.popleft()
            yield extracted
        yield from ready

    def convert(self, document: Any) -> list[Any] | None:
        """The documents a Discuz record gives (maybe none), or None when it is not Discuz."""
        self.stat_update("total")
        url = document.metadata.get("url")
        if sniff_content(document.text, url=url) is None:
            self.stat_update("not_discuz")
            return None
        with self.track_time():
            try:
                page = parse_page(document.text, url=url, fetched_at=_date(document.metadata.get("date")))
            except DiscuzError as exc:
                self.stat_update(f"discuz_failed_{type(exc).__name__}")
                return []
            record = _Record(str(document.id), url, _date(document.metadata.get("date")), page)
            rows = [row for thread in assemble_threads([record]) for row in thread.to_document(self.granularity)]
        self.stat_update("discuz_pages")
        return [self._document(document, row) for row in rows if row["text"]]

    def _document(self, original: Any, row: CorpusDocument) -> Any:
        metadata = {**original.metadata, "source": self.source, "discuz": row["metadata"], "discuz_id": row["id"]}
        if row["created"]:
            metadata["created"] = row["created"]
        key = row["metadata"]["pid"] if row["metadata"]["pid"] is not None else row["metadata"]["floor"]
        doc_id = str(original.id) if self.granularity == "page" else f"{original.id}/{key}"
        self.update_doc_stats(document := Document(text=row["text"], id=doc_id, metadata=metadata))
        return document


def _date(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


__all__ = ["DiscuzExtractor"]
