"""The committed fixtures are exactly what ``tests/fixtures/generate.py`` writes today.

The generator writes into a temporary folder and each committed fixture is compared byte for
byte. The ``seed.*`` fixtures carry the seed's article, read from ``../shared/seed``: where that
is absent they are skipped (each says so) and every other fixture is still compared. A fixture
that differs is a failure to look into, never a cue to regenerate: rerun the generator and
commit its output only for a change that is meant.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import FIXTURES
from .fixtures.generate import SEED, SEED_STEM, write_all

# the forum listings are generate_forum.py's, compared by tests/test_forum_fixtures.py
FORUM_PREFIX = "forum."
COMMITTED = sorted(
    p.name for p in FIXTURES.iterdir() if p.suffix in (".html", ".json") and not p.name.startswith(FORUM_PREFIX)
)


def needs_seed(name: str) -> bool:
    return name.startswith(f"{SEED_STEM}.")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixtures")
    write_all(out, with_seed=SEED.exists())
    return out


def test_generator_writes_the_committed_set(generated: Path) -> None:
    written = sorted(p.name for p in generated.iterdir())
    assert written == [n for n in COMMITTED if SEED.exists() or not needs_seed(n)]
    assert len([n for n in COMMITTED if not needs_seed(n)]) == 44  # compared with or without ../shared


@pytest.mark.parametrize("name", COMMITTED)
def test_committed_fixture_is_what_the_generator_writes(generated: Path, name: str) -> None:
    if needs_seed(name) and not SEED.exists():
        pytest.skip(f"{name} carries the seed's article and {SEED} is absent; the other fixtures were compared")
    got, committed = (generated / name).read_bytes(), (FIXTURES / name).read_bytes()
    if got != committed:
        at = next((i for i, (a, b) in enumerate(zip(got, committed)) if a != b), min(len(got), len(committed)))
        pytest.fail(
            f"committed {name} ({len(committed)} bytes) is not what generate.py writes ({len(got)} bytes); "
            f"first difference at byte {at}: committed {committed[at : at + 60]!r}, generated {got[at : at + 60]!r}"
        )
