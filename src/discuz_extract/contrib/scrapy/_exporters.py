"""Feed exporters that write the library's models as the CLI does: ``model_dump(mode="json")``.

itemadapter reads a pydantic model field by field: it leaves out computed fields
(``Thread.article``), keeps fields the model excludes from its dumps (``Thread.sources``) and
hands datetimes to Scrapy's JSON encoder, which drops their time zone. These exporters dump a
pydantic item first (then ``FEED_EXPORT_FIELDS`` and the rest apply to that dict as usual), so
a line of ``-O out.jsonl`` is ``Thread.model_dump(mode="json")``. ``DiscuzSpider`` sets them
for the ``json``, ``jsonlines``, ``jsonl`` and ``jl`` formats; another spider sets them with::

    FEED_EXPORTERS = {"jsonl": "discuz_extract.contrib.scrapy.JsonLinesItemExporter", ...}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from scrapy import exporters

__all__ = ["FEED_EXPORTERS", "JsonItemExporter", "JsonLinesItemExporter"]


class _ModelFields(exporters.BaseItemExporter):
    def get_serialized_fields(
        self, item: Any, default_value: Any = None, include_empty: bool | None = None
    ) -> Iterable[tuple[str, Any]]:
        if isinstance(item, BaseModel):
            item = item.model_dump(mode="json")
        return super().get_serialized_fields(item, default_value, include_empty)


class JsonLinesItemExporter(_ModelFields, exporters.JsonLinesItemExporter):
    """Scrapy's JSON Lines exporter, with pydantic items dumped as their JSON."""


class JsonItemExporter(_ModelFields, exporters.JsonItemExporter):
    """Scrapy's JSON exporter, with pydantic items dumped as their JSON."""


_LINES = f"{__name__}.JsonLinesItemExporter"
FEED_EXPORTERS = {"json": f"{__name__}.JsonItemExporter", "jsonlines": _LINES, "jsonl": _LINES, "jl": _LINES}
