"""Whole boards and sites: a forum's threads read incrementally against an archive, and a site's
forums crawled host by host (``board.py`` decides, ``forum.py`` and ``site.py`` fetch)."""
