"""Bytes to text, the way a Discuz page must be decoded (pure).

Order: the charset the caller knows (the HTTP header), then the page's own declaration
(``<meta http-equiv>``, ``<meta charset>``, ``<?xml encoding>``, the ``charset = '…'`` JS
literal), then charset-normalizer. GBK and GB2312 are decoded as GB18030 (a superset that
also covers characters GBK sites emit anyway), Big5 as Big5-HKSCS. A declared charset that
the bytes contradict (a header saying utf-8 over GBK bytes) is not trusted, and a header naming a
single-byte default (iso-8859-1, windows-1252: servers send them when unconfigured, and they
decode anything) yields to the page's own declaration.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from .errors import DecodeError

_SNIFF_BYTES = 4096
_JSON_START = re.compile(r"(?:[\w.$]+\s*\(\s*)?\{")  # an object, or a JSONP callback's
_JSONP = re.compile(r"^\s*[\w.$]+\s*\((.*)\)\s*;?\s*$", re.S)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # \ud800 to \udfff in JSON text
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECLARATIONS = (
    re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I),
    re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9_\-]+)", re.I),
    re.compile(rb"\bcharset\s*=\s*'([A-Za-z0-9_\-]+)'", re.I),
)
_SUPERSETS = {
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "x-x-big5": "big5hkscs",
}


# what servers send when nobody configured a charset; they decode any bytes at all
_SINGLE_BYTE_DEFAULTS = frozenset(("iso8859-1", "cp1252", "ascii", "iso8859-15"))


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str  # the codec actually used, e.g. "gb18030"
    source: str  # "bom", "header", "meta", "detected", "fallback"


def normalize_charset(name: str | None) -> str | None:
    """A codec name Python knows, with Discuz's charsets mapped to their supersets."""
    if not name:
        return None
    key = name.strip().strip("\"'").lower()
    key = _SUPERSETS.get(key, key)
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def declared_charset(content: bytes) -> str | None:
    """The charset the document declares in its first few KB, normalised, or None."""
    head = content[:_SNIFF_BYTES]
    for pattern in _DECLARATIONS:
        m = pattern.search(head)
        if m and (name := normalize_charset(m.group(1).decode("ascii", "replace"))):
            return name
    return None


def _strict(content: bytes, charset: str) -> str | None:
    try:
        return content.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None


def reject_binary(content: bytes) -> None:
    """``DecodeError`` for NUL bytes in the head: an image, a PDF, an archive served as a page."""
    if b"\x00" in content[:_SNIFF_BYTES]:
        raise DecodeError("binary content (NUL bytes), not a text page")


def decode_html(content: bytes, header_charset: str | None = None) -> Decoded:
    """Decode a page's bytes; see the module docstring for the order of evidence.

    Raises ``DecodeError`` for binary content (NUL bytes in the head: an image, a PDF, an
    archive served as a page), which no charset turns into a page.
    """
    if content.startswith(codecs.BOM_UTF8):
        return Decoded(content[3:].decode("utf-8", "replace"), "utf-8", "bom")
    reject_binary(content)
    header = normalize_charset(header_charset)
    meta = declared_charset(content)
    evidence = (("header", header), ("meta", meta))
    if header in _SINGLE_BYTE_DEFAULTS and meta is not None and meta != header:
        # every byte decodes in a single-byte charset, so a server's default there proves
        # nothing; the page's own declaration is the better witness
        evidence = (("meta", meta), ("header", header))
    for source, charset in evidence:
        if charset and (text := _strict(content, charset)) is not None:
            return Decoded(text, charset, source)
    if not content:
        return Decoded("", header or meta or "utf-8", "fallback")
    best = from_bytes(content[:262144]).best()
    if best is not None and (charset := normalize_charset(best.encoding)):
        return Decoded(content.decode(charset, "replace"), charset, "detected")
    fallback = meta or header or "utf-8"
    return Decoded(content.decode(fallback, "replace"), fallback, "fallback")


def looks_json(text: str) -> bool:
    """A JSON object, or one wrapped in a JSONP callback (``cb({...});``), by its first bytes."""
    return bool(_JSON_START.match(text.lstrip()[:200]))


def load_json(text: str) -> object:
    """JSON (or JSONP) text to Python values, as ``json.loads`` (and its errors). An escaped
    surrogate left without its pair (``\\ud83d`` alone: no UTF-8 writer can encode it) becomes
    U+FFFD, so a hostile reply cannot break the JSON, CSV or Parquet written from it."""
    wrapped = _JSONP.match(text)
    data = json.loads(wrapped.group(1) if wrapped else text)
    if not _SURROGATE_ESCAPE.search(text):
        return data
    if isinstance(data, str):
        return _SURROGATE.sub("\ufffd", data)
    pending = [data] if isinstance(data, (dict, list)) else []
    while pending:  # iterative: a reply nests as deep as json.loads allows
        pending.extend(_mend_surrogates(pending.pop()))
    return data


_Container = dict[str, object] | list[object]


def _mend_surrogates(node: _Container) -> list[_Container]:
    """Mend the strings directly in ``node``; the containers in it, to mend next."""
    inner: list[_Container] = []
    if isinstance(node, dict):
        for key in [k for k in node if _SURROGATE.search(k)]:
            node[_SURROGATE.sub("\ufffd", key)] = node.pop(key)
        for key, value in node.items():
            node[key] = _mended(value, inner)
    else:
        for index, value in enumerate(node):
            node[index] = _mended(value, inner)
    return inner


def _mended(value: object, inner: list[_Container]) -> object:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, (dict, list)):
        inner.append(value)
    return value
