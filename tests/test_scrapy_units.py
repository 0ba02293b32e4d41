"""contrib.scrapy without a crawl: page objects, exporters, the merge pipeline, the spider's
arguments and settings, and requests that survive a scheduler that stores them."""

from __future__ import annotations

import asyncio
import io
import json
import pickle
from typing import Any

import pytest
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.exporters import JsonLinesItemExporter as ScrapyJsonLines
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler
from scrapy_poet import Addon
from web_poet import HttpResponse

from discuz_extract import (
    DEFAULT_USER_AGENT,
    ChallengePage,
    FetchError,
    InvalidForumURL,
    LoginRequired,
    NotAForumPage,
    Thread,
    ThreadNotFound,
    merge_pages,
    parse_forum_index,
    parse_forum_page,
    parse_page,
)
from discuz_extract.contrib.scrapy import (
    DiscuzForumPage,
    DiscuzIndexPage,
    DiscuzSpider,
    DiscuzThreadPage,
    JsonItemExporter,
    JsonLinesItemExporter,
    ThreadCrawl,
    ThreadMergePipeline,
    ThreadPageItem,
)
from discuz_extract.links import ThreadURL

from .conftest import fixture_bytes

SITE = "http://bbs.example.cn/"
RICH = [fixture_bytes(f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]
GBK = {"Content-Type": "text/html; charset=gbk", "Date": "Sat, 23 Nov 2024 04:48:00 GMT"}


def response(url: str, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    return HttpResponse(url, body, status=status, headers=GBK if headers is None else headers)


def rich_thread() -> Thread:
    url = SITE + "thread-2048-1-1.html"
    return merge_pages([parse_page(body, url=url) for body in RICH], url=url)


# --- page objects ------------------------------------------------------------------------------------


def test_page_objects_return_what_the_parsers_return() -> None:
    url = SITE + "thread-2048-2-1.html"
    assert asyncio.run(DiscuzThreadPage(response(url, RICH[1])).to_item()) == parse_page(RICH[1], url=url)
    listing = fixture_bytes("forum.gbk.forumdisplay.p1.html")
    got = asyncio.run(DiscuzForumPage(response(SITE + "forum-2-1.html", listing)).to_item())
    assert got == parse_forum_page(listing, url=SITE + "forum-2-1.html")
    index = fixture_bytes("forum.gbk.index.html")
    assert asyncio.run(DiscuzIndexPage(response(SITE + "forum.php", index)).to_item()) == parse_forum_index(
        index, url=SITE + "forum.php"
    )


def test_page_objects_decode_without_a_charset_header() -> None:
    page = asyncio.run(DiscuzThreadPage(response(SITE + "thread-2048-1-1.html", RICH[0], headers={})).to_item())
    assert page.title is not None and page.title.startswith("【评测】") and page.site.charset == "gb18030"


@pytest.mark.parametrize(
    ("name", "status", "error"),
    [
        ("gate.login.gbk.html", 200, LoginRequired),
        ("gate.notfound.gbk.html", 404, ThreadNotFound),  # X3.5 sends its message page with a 404
        ("gate.cc-refresh.gbk.html", 200, ChallengePage),
    ],
)
def test_gate_pages_raise_their_error_whatever_the_status(name: str, status: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        asyncio.run(DiscuzThreadPage(response(SITE + "thread-1-1-1.html", fixture_bytes(name), status)).to_item())


def test_an_error_status_without_a_discuz_page_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="HTTP 404") as caught:
        asyncio.run(DiscuzThreadPage(response(SITE + "thread-1-1-1.html", b"<html>nope</html>", 404)).to_item())
    assert caught.value.status == 404
    with pytest.raises(NotAForumPage):  # a thread page where a listing was expected, status 200
        asyncio.run(DiscuzForumPage(response(SITE + "forum-2-1.html", RICH[0])).to_item())


# --- exporters ---------------------------------------------------------------------------------------


def test_scrapy_default_exporter_is_not_the_cli_json() -> None:
    """Why the spider sets its own exporters: itemadapter reads model fields only."""
    out = io.BytesIO()
    ScrapyJsonLines(out).export_item(rich_thread())
    line = json.loads(out.getvalue())
    assert "article" not in line and line != rich_thread().model_dump(mode="json")


@pytest.mark.parametrize("exporter", [JsonLinesItemExporter, JsonItemExporter])
def test_exporters_write_model_dump_json(exporter: Any) -> None:
    thread = rich_thread()
    out = io.BytesIO()
    writer = exporter(out, encoding="utf-8")
    writer.start_exporting()
    writer.export_item(thread)
    writer.export_item({"plain": "dict"})
    writer.finish_exporting()
    text = out.getvalue().decode("utf-8")
    items = json.loads(text) if exporter is JsonItemExporter else [json.loads(line) for line in text.splitlines()]
    assert items == [thread.model_dump(mode="json"), {"plain": "dict"}]
    assert items[0]["article"] == thread.article and items[0]["posts"][0]["posted_at"].endswith("+08:00")
    assert "sources" not in items[0]


def test_exporters_keep_feed_export_fields() -> None:
    out = io.BytesIO()
    JsonLinesItemExporter(out, fields_to_export=["tid", "article"]).export_item(rich_thread())
    assert list(json.loads(out.getvalue())) == ["tid", "article"]


# --- the merge pipeline ---------------------------------------------------------------------------------


def page_items(thread_url: str, *, skip: int | None = None) -> list[ThreadPageItem]:
    items = []
    for n, body in enumerate(RICH, start=1):
        parsed = None if n == skip else parse_page(body, url=SITE + f"thread-2048-{n}-1.html")
        items.append(
            ThreadPageItem(thread_url=thread_url, host="bbs.example.cn", tid=2048, page=n, page_count=3, parsed=parsed)
        )
    return [item for item in items if item.parsed is not None]


def test_pipeline_merges_when_every_page_came_in_any_order() -> None:
    pipeline = ThreadMergePipeline(get_crawler(DiscuzSpider, {"REMOTE_CONTROL_ENABLED": False}))
    first, second, third = page_items(SITE + "thread-2048-2-1.html")
    assert pipeline.process_item({"other": 1}) == {"other": 1}
    for held in (first, third):
        with pytest.raises(DropItem):
            pipeline.process_item(held)
    thread = pipeline.process_item(second)
    expected = merge_pages([first.parsed, second.parsed, third.parsed], url=SITE + "thread-2048-2-1.html")  # type: ignore[list-item]
    assert thread == expected and thread.complete and not pipeline.pending


def test_pipeline_flushes_incomplete_threads_at_close_naming_the_missing_pages() -> None:
    crawler = get_crawler(DiscuzSpider, {"REMOTE_CONTROL_ENABLED": False})
    pipeline = ThreadMergePipeline(crawler)
    sent: list[Any] = []

    def scraped(item: Any, **_: Any) -> None:  # what the feed exporter hears
        sent.append(item)

    crawler.signals.connect(scraped, signal=signals.item_scraped)
    for item in page_items(SITE + "thread-2048-1-1.html", skip=2):
        with pytest.raises(DropItem):
            pipeline.process_item(item)
    asyncio.run(pipeline.close_spider())
    assert len(sent) == 1
    thread = sent[0]
    assert isinstance(thread, Thread) and not thread.complete
    assert thread.missing_pages == [2] and [(f.page, f.error_type) for f in thread.failures] == [
        (2, "IncompleteThread")
    ]
    assert thread.failures[0].url == SITE + "thread-2048-2-1.html"
    assert crawler.stats is not None and crawler.stats.get_value("discuz/threads/incomplete") == 1


# --- the spider's arguments, settings and requests -----------------------------------------------------


def test_spider_takes_a_list_or_a_comma_separated_string() -> None:
    urls = [SITE + "thread-1-1-1.html", SITE + "forum-2-1.html", SITE]
    assert DiscuzSpider(start_urls=",".join(urls)).start_urls == urls
    assert DiscuzSpider(start_urls=f" {urls[0]} ,, ").start_urls == urls[:1]
    spider = DiscuzSpider(start_urls=urls, mode="fanout", max_pages="2")
    assert (spider.mode, spider.max_pages) == ("fanout", 2)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, ValueError),
        ({"start_urls": SITE, "mode": "parallel"}, ValueError),
        ({"start_urls": "bbs.example.cn/thread-1-1-1.html"}, InvalidForumURL),
    ],
)
def test_spider_refuses_bad_arguments_before_the_crawl(kwargs: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        DiscuzSpider(**kwargs)


class NullPipeline:
    def process_item(self, item: Any) -> Any:
        return item


def test_polite_defaults_give_way_to_the_project_settings() -> None:
    defaults = get_crawler(DiscuzSpider).settings
    assert defaults.getfloat("DOWNLOAD_DELAY") == 1.0 and defaults.getbool("AUTOTHROTTLE_ENABLED")
    assert defaults.getbool("ROBOTSTXT_OBEY") and defaults.get("USER_AGENT") == DEFAULT_USER_AGENT
    assert defaults.getbool("COOKIES_ENABLED")  # Scrapy's own, untouched
    project = get_crawler(DiscuzSpider, {"DOWNLOAD_DELAY": 0.25, "ROBOTSTXT_OBEY": False, "USER_AGENT": "x"}).settings
    assert (project.getfloat("DOWNLOAD_DELAY"), project.getbool("ROBOTSTXT_OBEY"), project.get("USER_AGENT")) == (
        0.25,
        False,
        "x",
    )
    mine = f"{__name__}.NullPipeline"
    pipelines = get_crawler(DiscuzSpider, {"ITEM_PIPELINES": {mine: 300}}).settings.getdict("ITEM_PIPELINES")
    assert pipelines == {mine: 300, ThreadMergePipeline: 900}  # added to the project's, not replacing them
    exporters = get_crawler(DiscuzSpider, {"FEED_EXPORTERS": {"jsonl": "my.Exporter"}}).settings["FEED_EXPORTERS"]
    assert exporters["jsonl"] == "my.Exporter" and exporters["jl"].endswith("JsonLinesItemExporter")
    assert Addon in get_crawler(DiscuzSpider).settings.getdict("ADDONS")


def test_a_chain_request_survives_a_pickling_scheduler() -> None:
    """JOBDIR and scrapy-redis store requests as request_to_dict, pickled: the chain's state too."""
    spider = DiscuzSpider(start_urls=SITE + "thread-2048-2-1.html")
    state = ThreadCrawl.start(ThreadURL(SITE, 2048, rewrite=True), SITE + "thread-2048-2-1.html")
    state = state.model_copy(update={"page": 2, "rest": [3], "pages": [parse_page(RICH[0])], "page_count": 3})
    request = spider._page_request(state)
    stored = pickle.loads(pickle.dumps(request.to_dict(spider=spider)))
    restored = request_from_dict(stored, spider=spider)
    assert restored.url == SITE + "thread-2048-2-1.html" and restored.callback == spider.parse_thread
    assert restored.cb_kwargs["state"] == state
