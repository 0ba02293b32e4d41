"""Every fixture and every shared real page gives exactly the JSON it gave when the digests
were written: refactors and speed work must not change a byte of output."""

from __future__ import annotations

import json

import pytest

from .golden import DIGESTS, REAL, digest, outputs


def test_outputs_match_golden_digests() -> None:
    expected: dict[str, str] = json.loads(DIGESTS.read_text(encoding="utf-8"))
    got = {name: digest(text) for name, text in outputs()}
    present = {n for n in expected if n.startswith("fixtures/") or REAL.exists()}
    present = {n for n in present if not n.startswith("seed/") or any(g.startswith("seed/") for g in got)}
    changed = sorted(n for n in present if got.get(n) != expected[n])
    new = sorted(set(got) - set(expected))
    assert not changed and not new, f"output changed for {changed}; not in the golden set: {new}"
    if not REAL.exists():
        pytest.skip("../shared is absent: only the fixtures were compared")
