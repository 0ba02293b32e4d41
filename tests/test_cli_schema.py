"""``discuz-extract schema``: the JSON Schema of every exported model, and the JSON the
command writes validates against it."""

from __future__ import annotations

import json

import jsonschema
import pytest

from discuz_extract import Thread, merge_pages, parse_page

from .conftest import FIXTURES
from .test_cli import run


def schema_of(*args: str) -> dict[str, object]:
    code, out, _ = run(["schema", *args])
    assert code == 0
    data: dict[str, object] = json.loads(out)
    return data


def test_the_default_is_the_thread_as_written() -> None:
    schema = schema_of()
    assert schema["title"] == "Thread" and schema["$schema"].endswith("2020-12/schema")  # type: ignore[union-attr]
    assert {"article", "complete", "reply_texts", "posts", "missing_pages"} <= set(schema["properties"])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["Post", "ThreadPage", "ForumPage", "author"])
def test_any_exported_model_by_name(name: str) -> None:
    assert str(schema_of(name)["title"]).lower() == name.lower()


def test_an_unknown_model_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as caught:
        run(["schema", "Nope"])
    assert caught.value.code == 2


def test_list_names_every_model() -> None:
    code, out, _ = run(["schema", "--list"])
    assert code == 0 and {"Thread", "Post", "ThreadPage", "SiteInfo"} <= set(out.split())


def test_the_json_written_validates_against_the_schema() -> None:
    files = [str(FIXTURES / f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]
    code, out, _ = run(["parse", *files])
    assert code == 0
    jsonschema.validate(json.loads(out), schema_of("Thread"))
    page = parse_page((FIXTURES / "rich.desktop.p1.gbk.html").read_bytes())
    jsonschema.validate(json.loads(page.model_dump_json()), schema_of("ThreadPage"))
    assert Thread.model_validate_json(merge_pages([page]).model_dump_json()).tid == page.tid
