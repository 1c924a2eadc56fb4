"""Cases generated from the OpenAPI document, so a new route, field or parameter is covered without listing it.

``text_fields`` and ``date_fields`` walk each JSON request body's schema to
its string leaves and build, for each, a body that is valid everywhere else
(required members filled with a plain sample), so a refusal can only be about
the leaf under test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Build = Callable[[Any], Any]


@dataclass(frozen=True)
class Leaf:
    method: str
    path: str
    key: str  # as problems name it: "booker.name", "tags[0]"
    schema: dict[str, Any]
    build: Build

    @property
    def id(self) -> str:
        return f"{self.method} {self.path} {self.key}"


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _branches(doc: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve(doc, schema)
    options = schema.get("oneOf") or schema.get("anyOf")
    if not options:
        return [schema]
    # Litestar puts a union's constraints (pattern, lengths) beside the oneOf: they hold for each branch.
    outer = {key: value for key, value in schema.items() if key not in ("oneOf", "anyOf")}
    return [
        {**outer, **branch} if branch.get("type") not in ("object", "array") else branch
        for option in options
        for branch in _branches(doc, option)
        if branch.get("type") != "null"
    ]


def sample(doc: dict[str, Any], schema: dict[str, Any]) -> Any:
    """A plain value the schema accepts: required members only, the first choice of a union."""
    schema = _branches(doc, schema)[0]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {name: sample(doc, schema["properties"][name]) for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return 0
    if kind == "boolean":
        return False
    fmt = schema.get("format")
    if fmt == "date":
        return "2027-06-01"
    if fmt == "date-time":
        return "2027-06-01T10:00:00"
    return (schema.get("examples") or ["x"])[0]


def _leaves(doc: dict[str, Any], schema: dict[str, Any], key: str, build: Build) -> Iterator[tuple[str, dict, Build]]:
    for branch in _branches(doc, schema):
        kind = branch.get("type")
        if kind == "object":
            base = sample(doc, branch)
            for name, member in branch.get("properties", {}).items():
                inner = f"{key}.{name}" if key else name
                yield from _leaves(
                    doc, member, inner, lambda value, base=base, name=name, build=build: build({**base, name: value})
                )
        elif kind == "array":
            yield from _leaves(doc, branch["items"], f"{key}[0]", lambda value, build=build: build([value]))
        elif kind == "string" and "enum" not in branch:
            yield key, branch, build


def body_leaves(doc: dict[str, Any]) -> list[Leaf]:
    found: dict[str, Leaf] = {}
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            content = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
            if not content:
                continue
            for key, schema, build in _leaves(doc, content["schema"], "", lambda value: value):
                leaf = Leaf(method.upper(), path, key, schema, build)
                found.setdefault(leaf.id, leaf)
    return list(found.values())


def json_operations(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, item in doc["paths"].items()
        for method, operation in item.items()
        if (operation.get("requestBody") or {}).get("content", {}).get("application/json")
    ]


def query_parameters(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(path, query parameter, declared statuses) of every GET."""
    return [
        (path, parameter["name"], ",".join(item["get"]["responses"]))
        for path, item in doc["paths"].items()
        if "get" in item
        for parameter in item["get"].get("parameters", [])
        if parameter["in"] == "query"
    ]


def string_path_parameters(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (path, parameter["name"], ",".join(item["get"]["responses"]))
        for path, item in doc["paths"].items()
        if "get" in item
        for parameter in item["get"].get("parameters", [])
        if parameter["in"] == "path" and _branches(doc, parameter["schema"])[0].get("type") == "string"
    ]
