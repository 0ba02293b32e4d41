"""Thin adapters over the pure core for other engines: ``contrib.dask``, ``contrib.datatrove``,
``contrib.scrapy``.

Each needs its extra (``pip install 'discuz-extract[dask]'``, ``'discuz-extract[datatrove]'``,
``'discuz-extract[scrapy]'``).
"""
