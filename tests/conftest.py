"""Shared paths and fixtures. Real pages are read from ../shared and skipped when absent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
REAL = SHARED / "real-pages"
LOCAL = REAL / "discuz-x34-local"
SEED = SHARED / "seed" / "000_a6dbbf05ba6b50ab.txt"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared is optional)")
    return path


def load_truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(require(LOCAL / f"{name}.truth.json").read_text(encoding="utf-8"))
    return data


def seed_article_paragraphs() -> list[str]:
    lines = require(SEED).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("据新华社信息"))
    end = next(i for i, line in enumerate(lines) if line.startswith("编辑 赵熹"))
    return [line.strip() for line in lines[start : end + 1] if line.strip()]


@pytest.fixture(autouse=True)
def _fresh_robots_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test serves its own robots.txt on its own port: a fresh robots cache (and pace
    schedule, and a resolver that asks no DNS) per test, so nothing carries over."""
    from discuz_extract._fetching import context
    from discuz_extract.testing import StaticResolver

    # no test asks DNS: the names tests use resolve from a table (unknown names do not resolve)
    monkeypatch.setattr(context, "DEFAULT_CONTEXT", context.FetchContext(resolver=StaticResolver(TEST_HOSTS)))


# the public names the tests use, on public addresses (never connected to: mock transports only)
TEST_HOSTS = {"bbs.example.cn": ["93.184.216.34"], "cdn.other.net": ["93.184.216.35"], "h": ["93.184.216.36"]}
