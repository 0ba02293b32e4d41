"""The forum modules keep the codebase's rules: words and selectors in the vocabulary, short
functions, every vocabulary entry used, and the public names exported."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import discuz_extract

PARSING = Path(discuz_extract.__file__).parent / "_parsing"
MODULES = sorted(PARSING.glob("forum*.py"))
VOCAB = PARSING / "vocab_forum.py"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
CSS = re.compile(r"^[#.][\w-]|^\w+\[|^[a-z0-9]+[.#>]")


def functions(tree: ast.AST) -> list[ast.FunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]


def test_the_forum_modules_exist() -> None:
    names = {path.stem for path in MODULES}
    expected = {"forum", "forum_desktop", "forum_touch", "forum_archiver", "forum_api", "forum_index"}
    assert expected <= names


def test_no_discuz_word_or_selector_inside_a_function() -> None:
    for path in MODULES:
        for function in functions(ast.parse(path.read_text(encoding="utf-8"))):
            for node in ast.walk(function):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    assert not CJK.search(node.value), f"{path.name}:{node.lineno} {node.value!r}"
                    assert not CSS.match(node.value), f"{path.name}:{node.lineno} {node.value!r}"


def test_functions_are_at_most_sixty_lines() -> None:
    for path in [*MODULES, VOCAB]:
        for function in functions(ast.parse(path.read_text(encoding="utf-8"))):
            length = (function.end_lineno or function.lineno) - function.lineno + 1
            assert length <= 60, f"{path.name}:{function.name} has {length} lines"


def test_every_vocabulary_entry_is_used() -> None:
    tree = ast.parse(VOCAB.read_text(encoding="utf-8"))
    defined = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    vocab_source = VOCAB.read_text(encoding="utf-8")
    used_elsewhere = " ".join(path.read_text(encoding="utf-8") for path in MODULES)
    for name in sorted(defined):
        in_modules = re.search(rf"\bV\.{name}\b", used_elsewhere) is not None
        in_vocab = len(re.findall(rf"\b{name}\b", vocab_source)) > 1  # used to build another entry
        assert in_modules or in_vocab, f"vocab_forum.{name} is not used"


def test_public_names() -> None:
    for name in (
        "parse_forum_page",
        "parse_forum_index",
        "ForumPage",
        "ThreadSummary",
        "ForumSummary",
        "ForumCategory",
        "ForumIndex",
        "NotAForumPage",
    ):
        assert name in discuz_extract.__all__ and hasattr(discuz_extract, name)
    assert issubclass(discuz_extract.NotAForumPage, discuz_extract.ParseError)


def test_every_model_field_is_described() -> None:
    from discuz_extract import models

    for model in (
        models.ThreadSummary,
        models.ForumLastPost,
        models.ForumSummary,
        models.ForumPage,
        models.ForumCategory,
        models.ForumIndex,
    ):
        assert model.__doc__
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name}"
