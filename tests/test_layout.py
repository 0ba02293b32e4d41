"""The layout rules of src/: Discuz's words live in vocabulary modules, functions stay short,
and every vocabulary entry is used by some logic."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "discuz_extract"
# Han ideographs and the CJK/fullwidth punctuation Discuz prints (not mere Unicode ranges in code)
CJK = re.compile(r"[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]")
SELECTOR_CALLS = frozenset(("css", "css_first", "css_matches", "select", "merge_text"))
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_vocabulary(path: Path) -> bool:
    return path.stem.lstrip("_").startswith("vocab")


SOURCES = sorted(PACKAGE.rglob("*.py"))
LOGIC = [p for p in SOURCES if not is_vocabulary(p)]
VOCABULARIES = [p for p in SOURCES if is_vocabulary(p)]


def docstring_nodes(tree: ast.AST) -> set[int]:
    """Docstrings and ``description=`` texts: documentation, not logic."""
    found = {
        id(keyword.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "description"
    }
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


@pytest.mark.parametrize("path", LOGIC, ids=lambda p: str(p.relative_to(SRC)))
def test_no_chinese_literal_outside_vocabularies(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = docstring_nodes(tree)
    offending = [
        f"line {node.lineno}: {node.value[:40]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and CJK.search(node.value)
    ]
    assert not offending, f"Discuz words belong in a vocab module: {offending}"


@pytest.mark.parametrize("path", LOGIC, ids=lambda p: str(p.relative_to(SRC)))
def test_no_selector_literal_in_logic(path: Path) -> None:
    """A selector given to css()/css_first() is a name from a vocab module, never a literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offending = [
        f"line {node.lineno}: {arg.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SELECTOR_CALLS
        for arg in node.args[:1]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    ]
    assert not offending, f"selectors belong in a vocab module: {offending}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(SRC)))
def test_functions_are_short(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({(node.end_lineno or node.lineno) - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long


@dataclass
class Usage:
    """Names each module takes from each vocabulary module, by import or attribute access."""

    used: set[tuple[str, str]] = field(default_factory=set)

    def scan(self, path: Path) -> None:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        here = module_name(path)
        package = here if path.name == "__init__.py" else here.rpartition(".")[0]
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = resolve(package, node.module, node.level)
                for alias in node.names:
                    self.used.add((base, alias.name))  # from VOCAB import NAME
                    aliases[alias.asname or alias.name] = f"{base}.{alias.name}"  # from PKG import VOCAB as V
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                self.used.add((aliases[node.value.id], node.attr))


def resolve(package: str, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, module] if module else base)


def vocabulary_entries(path: Path) -> dict[str, ast.AST]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    entries: dict[str, ast.AST] = {}
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            if isinstance(target, ast.Name) and not target.id.startswith("_"):
                entries[target.id] = node
    return entries


def used_within(path: Path, entries: dict[str, ast.AST]) -> set[str]:
    """Entries the vocabulary itself builds others from (an alternation, a regex, a helper)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = set()
    for node in tree.body:
        own = {t.id for t in getattr(node, "targets", [getattr(node, "target", None)]) if isinstance(t, ast.Name)}
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and inner.id in entries and inner.id not in own:
                used.add(inner.id)
    return used


def test_every_vocabulary_entry_is_used() -> None:
    usage = Usage()
    for path in SOURCES:
        usage.scan(path)
    unused = []
    for path in VOCABULARIES:
        name = module_name(path)
        entries = vocabulary_entries(path)
        inner = used_within(path, entries)
        unused += [f"{name}.{entry}" for entry in entries if (name, entry) not in usage.used and entry not in inner]
    assert not unused, f"vocabulary entries no logic uses: {unused}"


def test_vocabularies_exist_per_area() -> None:
    names = {module_name(p) for p in VOCABULARIES}
    assert {"discuz_extract._vocab", "discuz_extract._cleaning.vocab"} <= names
    assert {f"discuz_extract._parsing.vocab_{kind}" for kind in ("desktop", "touch", "archiver", "printable")} <= names
