"""The pages the WARC tests mix: Discuz fixtures and shared real pages (with the URLs they were
served at), and the ordinary pages of tests/fixtures/ordinary (with the URLs they stand for)."""

from __future__ import annotations

import email.utils
import io
import json
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .conftest import FIXTURES, REAL

ORDINARY_DIR = FIXTURES / "ordinary"
# each ordinary fixture and the URL it was served at (what a WARC record carries)
ORDINARY_URLS = {
    "news-article.html": "https://www.harbourtimes.example/news/2024/05/14/council-cycling-lanes",
    "blog-post.html": "https://shed.example/posts/fanless-home-server/",
    "wordpress-wpdiscuz.html": "https://slowlife.example/2024/03/pour-over-coffee/",
    "cms-pasted-discuz.html": "http://news.citylife.example/shehui/2024/0418/9981.html",
    "discuz-site-list.html": "https://daohang.example/discuz-bbs-list.html",
    "mybb-thread.html": "https://forum.makershed.example/showthread.php?tid=4412",
    "phpbb-thread.html": "https://breadboard.example/viewtopic.php?t=8812",
    "bbpress-topic.html": "https://hatchclub.example/forums/topic/winter-tyres-or-all-season/",
    "discourse-topic.html": "https://admins.example/t/migrating-a-15-year-old-forum-what-broke-for-us/2291",
    "vbulletin-thread.html": "https://valveamps.example/showthread.php?2290-Vintage-amp-hums",
    "json-api.json": "https://api.weather.example/v2/forecast?city=hangzhou",
    "gbk-portal.html": "http://www.huaxia-portal.example/",
    "cloudflare-challenge.html": "https://shop.gardentools.example/products/hedge-shears-pro",
}
ORDINARY_TYPES = {"json-api.json": "application/json", "gbk-portal.html": "text/html; charset=gb2312"}

_CHARSET = re.compile(r"^content-type:.*charset=([\w-]+)", re.I | re.M)
_DATE = re.compile(r"^date:\s*(.+)$", re.I | re.M)
_FIXTURE_HOST = "http://bbs.example.cn/"


@dataclass(frozen=True)
class Page:
    """One body as a crawler fetched it."""

    name: str
    body: bytes
    url: str
    content_type: str
    date: datetime | None = None


def ordinary_pages() -> list[Page]:
    return [
        Page(name, (ORDINARY_DIR / name).read_bytes(), url, ORDINARY_TYPES.get(name, "text/html; charset=utf-8"))
        for name, url in ORDINARY_URLS.items()
    ]


def fixture_url(name: str) -> str:
    """A URL of the kind each fixture was rendered for (bbs.example.cn, the fixtures' site)."""
    stem, kind = name.split(".")[0], name.split(".")[1]
    tid = {"seed": 1523, "rich": 2048}.get(stem) or zlib.crc32(name.encode()) % 9000 + 1000  # a gate: its own
    if kind.startswith("api-"):
        kind = "api"
    page = int(m.group(1)) if (m := re.search(r"\.p(\d)\.", name)) else 1
    forms = {
        "desktop": f"forum.php?mod=viewthread&tid={tid}&page={page}",
        "touch": f"forum.php?mod=viewthread&tid={tid}&page={page}&mobile=2",
        "archiver": f"archiver/?tid-{tid}.html" + (f"&page={page}" if page > 1 else ""),
        "printable": f"forum.php?mod=viewthread&action=printable&tid={tid}",
        "api": f"api/mobile/index.php?version=4&module=viewthread&tid={tid}&page={page}",
    }
    return _FIXTURE_HOST + forms.get(kind, f"forum.php?mod=viewthread&tid={tid}")


def discuz_fixture_pages() -> list[Page]:
    pages = []
    for path in sorted(FIXTURES.glob("*")):
        if path.suffix in (".html", ".json") and path.stat().st_size:
            kind = "application/json" if path.suffix == ".json" else "text/html"
            pages.append(Page(f"fixtures/{path.name}", path.read_bytes(), fixture_url(path.name), kind))
    return pages


def real_pages() -> list[Page]:
    """Every shared real page with the URL its headers or README name, when ../shared is there."""
    if not REAL.exists():
        return []
    pages = []
    for path in sorted(REAL.rglob("*")):
        if path.suffix not in (".html", ".json") or path.name.endswith(".truth.json") or not path.stat().st_size:
            continue
        charset, date = _headers(path)
        kind = "application/json" if path.suffix == ".json" else "text/html"
        content_type = f"{kind}; charset={charset}" if charset else kind
        name = f"shared/{path.relative_to(REAL)}"
        pages.append(Page(name, path.read_bytes(), _real_url(path), content_type, date))
    return pages


def _headers(path: Path) -> tuple[str | None, datetime | None]:
    side = path.with_name(path.name + ".headers")
    if not side.exists():
        return None, None
    text = side.read_text(encoding="latin-1")
    charset, date = _CHARSET.search(text), _DATE.search(text)
    return (charset.group(1) if charset else None), (
        email.utils.parsedate_to_datetime(date.group(1).strip()) if date else None
    )


def _real_url(path: Path) -> str:
    """Shared pages are served on loopback ports per folder; the public ones at their sites."""
    folder = path.parent.name
    port = {"discuz-x34-local": 8082, "discuz-x34-board": 8082, "discuz-x35-local": 8092}.get(folder)
    base = f"http://127.0.0.1:{port}/" if port else "https://public.example/"
    stem = path.name.split(".")[0]
    truth = path.with_name(f"{stem}.truth.json")
    tid = json.loads(truth.read_text(encoding="utf-8")).get("tid") if truth.exists() else None
    return base + _real_form(path.name, tid if isinstance(tid, int) else zlib.crc32(stem.encode()) % 900 + 100)


def _real_form(name: str, tid: int) -> str:
    parts = name.split(".")
    kind = parts[1] if len(parts) > 2 else "desktop"
    if name.startswith(("board.", "subforum.", "forum-", "index")) or "forumdisplay" in name:
        kind = "forumdisplay"
    page = int(m.group(1)) if (m := re.search(r"\.p(\d)\.", name)) else 1
    forms = {
        "desktop": f"forum.php?mod=viewthread&tid={tid}&page={page}",
        "rewrite": f"thread-{tid}-{page}-1.html",
        "touch": f"forum.php?mod=viewthread&tid={tid}&page={page}&mobile=2",
        "archiver": f"archiver/?tid-{tid}.html&page={page}",
        "printable": f"forum.php?mod=viewthread&action=printable&tid={tid}",
        "api": f"api/mobile/index.php?version=4&module=viewthread&tid={tid}&page={page}",
        "forumdisplay": f"forum.php?mod=forumdisplay&fid={tid}",
    }
    return forms.get(kind, f"forum.php?mod=viewthread&tid={tid}&page={page}")


# --- WARC files written with warcio, as a crawler would ------------------------------------------

WARC_DATE = "2024-11-23T04:48:00Z"


def write_warc(path: Path, pages: list[Page], *, gzip: bool = True, status: str = "200 OK") -> Path:
    """One response record per page (its URL, Content-Type and date), a warcinfo record first."""
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests/corpus.py"}))
        for page in pages:
            writer.write_record(response_record(writer, page, status=status))
    return path


def response_record(writer: Any, page: Page, *, status: str = "200 OK", extra: dict[str, str] | None = None) -> Any:
    from warcio.statusandheaders import StatusAndHeaders

    http = StatusAndHeaders(status, [("Content-Type", page.content_type)], protocol="HTTP/1.1")
    date = page.date.strftime("%Y-%m-%dT%H:%M:%SZ") if page.date else WARC_DATE
    headers = {"WARC-Date": date, **(extra or {})}
    return writer.create_warc_record(
        page.url, "response", payload=io.BytesIO(page.body), http_headers=http, warc_headers_dict=headers
    )
