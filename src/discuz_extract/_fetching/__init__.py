"""Fetching: the only I/O in discuz-extract."""

from .._urls import ThreadURL, parse_thread_url
from .context import FetchContext
from .exchange import Exchange, ExchangeObserver
from .forums import (
    afetch_forum_index,
    aiter_forum,
    aiter_listing_pages,
    fetch_forum_index,
    iter_forum,
    iter_listing_pages,
)
from .http import AsyncFetcher, Fetched, SyncFetcher
from .listing import ListingPageResult
from .settings import DEFAULT_USER_AGENT, UNSET, FetchOptions, FetchSettings
from .threads import PageResult, aextract_thread, aiter_pages, aiter_posts, extract_thread, iter_pages, iter_posts

__all__ = [
    "DEFAULT_USER_AGENT",
    "UNSET",
    "AsyncFetcher",
    "Exchange",
    "ExchangeObserver",
    "FetchContext",
    "FetchOptions",
    "FetchSettings",
    "Fetched",
    "ListingPageResult",
    "PageResult",
    "SyncFetcher",
    "ThreadURL",
    "aextract_thread",
    "afetch_forum_index",
    "aiter_forum",
    "aiter_listing_pages",
    "aiter_pages",
    "aiter_posts",
    "extract_thread",
    "fetch_forum_index",
    "iter_forum",
    "iter_listing_pages",
    "iter_pages",
    "iter_posts",
    "parse_thread_url",
]
