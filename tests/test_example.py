"""The README's first command runs this example: it must print the seed thread over loopback."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_example_prints_seed_thread() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "extract_thread.py")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "深化网信行业改革 着力构建良好网络生态——中央网信办专家答问" in out
    assert "查看: 40 | 回复: 4" in out
    for floor in range(1, 6):
        assert f"  #{floor} " in out
    assert "据新华社信息" in out and "编辑 赵熹" in out
    assert "【评测】用了一年的相机" in out
