"""``discuz-extract schema [MODEL]``: the JSON Schema of an output, for validators and codegen."""

from __future__ import annotations

import argparse
import json

from pydantic import BaseModel

import discuz_extract

from ._command import Command, Session, UsageError

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def known_models() -> dict[str, type[BaseModel]]:
    """Every model ``discuz_extract`` exports, by name."""
    found = {name: getattr(discuz_extract, name) for name in discuz_extract.__all__}
    return {name: obj for name, obj in found.items() if isinstance(obj, type) and issubclass(obj, BaseModel)}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model", nargs="?", default="Thread", metavar="MODEL", help="a model name (default: Thread)")
    parser.add_argument(
        "--mode",
        choices=("serialization", "validation"),
        default="serialization",
        help="serialization: the JSON written, computed fields included (default); validation: what is read back",
    )
    parser.add_argument("--list", action="store_true", help="list the model names and stop")


def run(ns: argparse.Namespace, session: Session) -> int:
    known = known_models()
    if ns.list:
        session.stdout.write("".join(f"{name}\n" for name in sorted(known)))
        return 0
    model = known.get(ns.model) or {k.lower(): v for k, v in known.items()}.get(ns.model.lower())
    if model is None:
        raise UsageError(f"no model named {ns.model!r}; models: {', '.join(sorted(known))}")
    schema = {"$schema": JSON_SCHEMA_DIALECT, **model.model_json_schema(mode=ns.mode)}
    session.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    return 0


COMMAND = Command(
    synopsis="[MODEL]", name="schema", summary="print the JSON Schema of an output model", configure=configure, run=run
)
