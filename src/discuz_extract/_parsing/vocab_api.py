"""Discuz's own words that the mobile API parser compares against (data, kept out of the code)."""

from __future__ import annotations

# the name Discuz gives the author of an anonymous post (``anonymous`` is not always "1" with it)
ANONYMOUS_NAME = "匿名"
