"""The public surface is exactly what is pinned here: a name added or dropped is a decision,
made here, never a side effect of a refactor (as httpx pins its exports)."""

from __future__ import annotations
import __future__

import importlib
import pkgutil

import pytest

import discuz_extract

TOP_LEVEL = {
    # fetching
    "DEFAULT_USER_AGENT", "UNSET", "FetchOptions", "FetchSettings", "PageResult",
    "aextract_thread", "aiter_pages", "aiter_posts", "extract_thread", "iter_pages", "iter_posts",
    "parse_thread_url", "parse_forum_url", "ForumURL",
    # whole boards and sites: listings, incremental crawls, the exchange hook of WARC capture
    "iter_forum", "aiter_forum", "iter_listing_pages", "aiter_listing_pages", "ListingPageResult", "ForumThread",
    "fetch_forum_index", "afetch_forum_index", "extract_forum", "aextract_forum", "crawl_site",
    "ForumRun", "ThreadRun", "GoneThread", "HostRun", "SiteRun", "CrawlFailure", "Exchange", "ExchangeObserver",
    # parsing
    "parse_page", "parse_text", "clean_text", "merge_pages", "parse_forum_page", "parse_forum_index",
    "sniff", "Sniff", "SniffKind",
    # bulk
    "assemble_threads", "AssemblyReport", "CorpusDocument",
    # models
    "Attachment", "Author", "EditInfo", "ForumCategory", "ForumIndex", "ForumLastPost", "ForumPage", "ForumRef",
    "ForumSummary", "Image", "Link", "PageFailure", "PageKind", "PageRange", "PageSource", "Post", "PostConflict",
    "PostStatus", "Quote", "SiteInfo", "Thread", "ThreadPage", "ThreadSpecial", "ThreadSummary",
    "ROW_COLUMNS", "ROW_DATE_COLUMNS", "ROW_DTYPES",
    # errors
    "DiscuzError", "ParseError", "DecodeError", "NotDiscuzPage", "NotAThreadPage", "NotAForumPage", "TruncatedRecord",
    "GatePage", "ThreadNotFound", "PermissionDenied", "LoginRequired", "BoardClosed", "AccessBanned", "ChallengePage",
    "FetchError", "ResponseTooLarge", "TooManyRedirects", "DeadlineExceeded", "BadResponse", "RedirectRefused",
    "LeftThread", "LeftForum", "RobotsDisallowed", "InvalidThreadURL", "InvalidForumURL", "InvalidSettings",
    "IncompleteThread", "IncompleteForum",
    "LimitExceeded", "UnexpectedError",
    "__version__",
}  # fmt: skip
# modules a user imports by name; every other module is private (a leading underscore)
PUBLIC_MODULES = {
    "discuz_extract",
    "discuz_extract.models",
    "discuz_extract.errors",
    "discuz_extract.links",
    "discuz_extract.warc",
    "discuz_extract.corpus",
    "discuz_extract.testing",
    "discuz_extract.cli",
    "discuz_extract.contrib",
    "discuz_extract.contrib.dask",
    "discuz_extract.contrib.datatrove",
    "discuz_extract.contrib.scrapy",
}


def test_the_top_level_exports_exactly_the_pinned_names() -> None:
    exported = set(discuz_extract.__all__)
    assert exported == TOP_LEVEL, f"added: {sorted(exported - TOP_LEVEL)}; dropped: {sorted(TOP_LEVEL - exported)}"
    assert len(discuz_extract.__all__) == len(exported)  # each name once


@pytest.mark.parametrize("name", sorted(TOP_LEVEL))
def test_every_pinned_name_resolves(name: str) -> None:
    assert getattr(discuz_extract, name, None) is not None


def test_nothing_public_is_left_out_of_all() -> None:
    stray = {
        name
        for name, value in vars(discuz_extract).items()
        if not name.startswith("_")
        and not isinstance(value, (type(discuz_extract), __future__._Feature))  # submodules, `annotations`
        and name not in TOP_LEVEL
    }
    assert not stray, f"public names not in __all__: {sorted(stray)}"


def _modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(discuz_extract.__path__, "discuz_extract.")]


def test_every_module_is_public_by_decision_or_private_by_name() -> None:
    for name in _modules():
        parts = name.split(".")[1:]
        if name in PUBLIC_MODULES or parts[-1] == "__main__":
            continue
        assert any(part.startswith("_") for part in parts), f"{name} looks public but is not pinned"


@pytest.mark.parametrize("name", sorted(PUBLIC_MODULES - {"discuz_extract"}))
def test_public_modules_declare_their_names(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ImportError as exc:  # an optional extra that is not installed
        pytest.skip(f"{name}: {exc}")
    declared = getattr(module, "__all__", None)
    if name in ("discuz_extract.models", "discuz_extract.errors", "discuz_extract.contrib"):
        return  # their public names are the classes they define, re-exported at the top level
    assert declared, f"{name} has no __all__"
    assert all(hasattr(module, n) for n in declared)


def test_the_library_logger_has_a_null_handler() -> None:
    import logging

    handlers = logging.getLogger("discuz_extract").handlers
    assert any(isinstance(h, logging.NullHandler) for h in handlers)
