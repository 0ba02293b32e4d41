"""``--format csv``, pure: rows in, CSV text out.

Plain CSV is UTF-8 with ``\\n`` line ends, read by ``pandas.read_csv(dtype=ROW_DTYPES,
parse_dates=list(ROW_DATE_COLUMNS))``. ``excel=True`` adds what Excel needs: a UTF-8 byte
order mark, CRLF line ends, and text cells that would start a formula (``=``, ``+``, ``-``,
``@``, a tab or a carriage return) prefixed with ``'`` so a hostile post cannot run one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import datetime

from ..models import ROW_COLUMNS

BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object, *, excel: bool = False) -> str:
    """One value as CSV text: empty for unknown, true/false, ISO 8601 for times."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value if excel and value.startswith(_FORMULA_STARTS) else value
    return str(value)


def to_csv(rows: Iterable[Mapping[str, object]], *, header: bool, excel: bool = False) -> str:
    """The rows as CSV (with the header line and, for Excel, the byte order mark first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if excel else "\n")
    if header:
        if excel:
            buffer.write(BOM)
        writer.writerow(ROW_COLUMNS)
    for row in rows:
        writer.writerow([cell(row.get(column), excel=excel) for column in ROW_COLUMNS])
    return buffer.getvalue()
