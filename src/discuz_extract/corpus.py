"""Write corpus documents (``Thread.to_document``): JSON Lines, gzip when the name ends in ``.gz``,
or Parquet through pyarrow (the ``parquet`` extra) with one fixed, explicit Arrow schema.

Author stat labels differ between sites (主题/帖子/回帖/积分, a custom 威望 ...), so the
author's card is a ``map<string, string>``, not a struct.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

from ._documents import GRANULARITIES, CorpusDocument, Granularity

FORMATS = ("jsonl", "parquet")
ROW_GROUP_DOCUMENTS = 4096
_TIMES = ("added", "created")


class DocumentWriter(Protocol):
    count: int

    def write(self, documents: Iterable[CorpusDocument]) -> None: ...

    def close(self) -> None: ...


class _Closing:
    def __enter__(self) -> Any:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class JsonlWriter(_Closing):
    """One document per line, each line written whole; gzip when the path ends in ``.gz``."""

    def __init__(self, path: str | Path | IO[str]) -> None:
        self.count = 0
        self._owned = isinstance(path, (str, Path))
        if isinstance(path, (str, Path)):
            target = Path(path)
            opener = gzip.open if target.suffix == ".gz" else open
            self._stream: IO[str] = opener(target, "wt", encoding="utf-8")
        else:
            self._stream = path

    def write(self, documents: Iterable[CorpusDocument]) -> None:
        for document in documents:
            self._stream.write(json.dumps(document, ensure_ascii=False) + "\n")
            self.count += 1

    def close(self) -> None:
        if self._owned:
            self._stream.close()
        else:
            self._stream.flush()


def document_schema() -> Any:
    """The Arrow schema of a corpus document (``pyarrow.Schema``). Every integer is int64: the
    parsers read no id or count past 18 digits, so no page can overflow a column."""
    import pyarrow as pa

    timestamp = pa.timestamp("us", tz="UTC")
    metadata = pa.struct(
        [
            ("granularity", pa.string()),
            ("url", pa.string()),
            ("host", pa.string()),
            ("tid", pa.int64()),
            ("title", pa.string()),
            ("forum", pa.string()),
            ("fid", pa.int64()),
            ("page", pa.int64()),
            ("kind", pa.string()),
            ("warc_record_id", pa.string()),
            ("warc_record_ids", pa.list_(pa.string())),
            ("pid", pa.int64()),
            ("floor", pa.int64()),
            ("is_first", pa.bool_()),
            ("status", pa.string()),
            ("author", pa.string()),
            ("author_uid", pa.int64()),
            ("author_group", pa.string()),
            ("author_profile", pa.map_(pa.string(), pa.string())),
            ("posted_at", timestamp),
            ("posts", pa.int64()),
            ("page_count", pa.int64()),
            ("missing_pages", pa.list_(pa.int64())),
            ("complete", pa.bool_()),
            ("replies", pa.int64()),
            ("views", pa.int64()),
            ("site", pa.string()),
        ]
    )
    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("text", pa.string(), nullable=False),
            pa.field("source", pa.string(), nullable=False),
            pa.field("added", timestamp, nullable=False),
            pa.field("created", timestamp),
            pa.field("metadata", metadata, nullable=False),
        ]
    )


class ParquetWriter(_Closing):
    """Documents as Parquet rows of ``document_schema()``, a row group every few thousand."""

    def __init__(self, path: str | Path, *, row_group_documents: int = ROW_GROUP_DOCUMENTS) -> None:
        try:
            import pyarrow.parquet as pq
        except ImportError as exc:  # pragma: no cover - the extra is missing
            raise ImportError("Parquet output needs pyarrow: pip install 'discuz-extract[parquet]'") from exc
        self.count = 0
        self.schema = document_schema()
        self._writer = pq.ParquetWriter(str(path), self.schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._batch = row_group_documents

    def write(self, documents: Iterable[CorpusDocument]) -> None:
        for document in documents:
            self._rows.append(_arrow_row(document))
            self.count += 1
            if len(self._rows) >= self._batch:
                self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def _arrow_row(document: CorpusDocument) -> dict[str, Any]:
    row: dict[str, Any] = dict(document)
    for name in _TIMES:
        row[name] = _time(row[name])
    metadata = dict(document["metadata"])
    metadata["posted_at"] = _time(metadata.get("posted_at"))
    metadata["author_profile"] = list((metadata.get("author_profile") or {}).items())
    row["metadata"] = metadata
    return row


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def open_writer(path: str | Path, format: str | None = None) -> JsonlWriter | ParquetWriter:
    """A writer for ``path``: Parquet for ``.parquet`` (or ``format="parquet"``), else JSON Lines."""
    chosen = format or ("parquet" if str(path).endswith(".parquet") else "jsonl")
    if chosen not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {chosen!r}")
    return ParquetWriter(path) if chosen == "parquet" else JsonlWriter(path)


__all__ = [
    "FORMATS",
    "GRANULARITIES",
    "CorpusDocument",
    "DocumentWriter",
    "Granularity",
    "JsonlWriter",
    "ParquetWriter",
    "document_schema",
    "open_writer",
]
