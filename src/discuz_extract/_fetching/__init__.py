"""Fetching: the only I/O in discuz-extract."""

from .http import AsyncFetcher, Fetched, SyncFetcher
from .settings import DEFAULT_USER_AGENT, UNSET, FetchOptions, FetchSettings
from .threads import PageResult, aextract_thread, aiter_pages, aiter_posts, extract_thread, iter_pages, iter_posts
from .urls import ThreadURL, parse_thread_url

__all__ = [
    "DEFAULT_USER_AGENT",
    "UNSET",
    "AsyncFetcher",
    "FetchOptions",
    "FetchSettings",
    "Fetched",
    "PageResult",
    "SyncFetcher",
    "ThreadURL",
    "aextract_thread",
    "aiter_pages",
    "aiter_posts",
    "extract_thread",
    "iter_pages",
    "iter_posts",
    "parse_thread_url",
]
