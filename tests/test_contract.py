"""The JSON contract: every public model and field is described, and a Thread's JSON carries
what the README lists (article, complete, reply_texts) and reads back."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

import discuz_extract
from discuz_extract import Thread, merge_pages, parse_page

from .conftest import fixture_bytes

MODELS = sorted(
    (
        obj
        for name in discuz_extract.__all__
        if isinstance(obj := getattr(discuz_extract, name), type) and issubclass(obj, BaseModel)
    ),
    key=lambda m: m.__name__,
)


def test_the_public_models_are_found() -> None:
    names = {m.__name__ for m in MODELS}
    assert {"Thread", "ThreadPage", "Post", "Author", "Quote", "Link", "SiteInfo", "ForumPage"} <= names


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_public_model_has_a_docstring(model: type[BaseModel]) -> None:
    doc = model.__dict__.get("__doc__")  # its own, not a base class's
    assert isinstance(doc, str) and doc.strip(), f"{model.__name__} has no docstring"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_of_every_public_model_is_described(model: type[BaseModel]) -> None:
    fields = {name: info.description for name, info in model.model_fields.items()}
    fields |= {name: info.description for name, info in model.model_computed_fields.items()}
    undescribed = sorted(name for name, description in fields.items() if not (description or "").strip())
    assert not undescribed, f"{model.__name__}: fields without a description: {undescribed}"


def rich_thread() -> Thread:
    return merge_pages([parse_page(fixture_bytes(f"rich.desktop.p{n}.gbk.html")) for n in (1, 2, 3)])


def test_thread_json_carries_the_computed_fields() -> None:
    thread = rich_thread()
    data = json.loads(thread.model_dump_json())
    assert data["complete"] is True and data["article"] == thread.posts[0].text
    assert data["reply_texts"] == [p.text for p in thread.posts[1:]] and len(data["reply_texts"]) == 12
    incomplete = merge_pages([parse_page(fixture_bytes("rich.desktop.p1.gbk.html"))])
    assert json.loads(incomplete.model_dump_json())["complete"] is False


def test_thread_json_reads_back() -> None:
    thread = rich_thread()
    again = Thread.model_validate_json(thread.model_dump_json())
    assert again == thread and again.model_dump_json() == thread.model_dump_json()


def test_the_schema_of_a_thread_lists_the_computed_fields() -> None:
    properties = Thread.model_json_schema(mode="serialization")["properties"]
    assert {"article", "complete", "reply_texts"} <= set(properties)
    assert all(p.get("description") for p in properties.values())
