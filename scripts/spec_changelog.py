"""What changed between two versions: in X's official document and in the generated client.

    spec_changelog.py OLD_PACKAGE NEW_PACKAGE                (two generated xmedia_generated dirs)
    spec_changelog.py --official OLD.json[.gz] NEW.json[.gz]  (two whole official documents)

The generated client is read statically (ast), never imported: operations are the modules of
api/<tag>/ (with their HTTP method, path and keyword arguments), models the attrs classes of models/
(with their fields and types), enums the StrEnum classes (with their values). A model or operation
that disappears while another with the same shape appears is reported as renamed: for operations
the same method and path, for models the most similar field set (at least half shared), for
enums the same values.

X's document is compared by what a client relies on: operations by method and path (so a new
operationId is a rename), their parameters, the schema names at each place an operation uses a
schema (request body, 200 answer, and the properties below them: a different name at the same
place is a rename), and the problem type URIs.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from official_spec import load_document, media_subset

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
PROBLEM_URI = re.compile(r"^https://api\.(?:x|twitter)\.com/2/problems/[a-z-]+$")
SCHEMA_PREFIX = "#/components/schemas/"
RENAME_SIMILARITY = 0.5


# --- the generated client, read statically --------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    module: str  # relative to xmedia_generated.api: <tag>.<operation>
    method: str
    path: str
    arguments: dict[str, str]  # keyword argument → annotation source


@dataclass(frozen=True)
class Model:
    name: str
    fields: dict[str, str]  # field → annotation source (models) or value (enums)
    is_enum: bool


@dataclass(frozen=True)
class Client:
    operations: dict[str, Operation]
    models: dict[str, Model]


def _literal_entries(node: ast.Dict) -> dict[str, str]:
    """String entries of a dict display; "...".format(...) values count as their template."""
    entries: dict[str, str] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if not isinstance(key, ast.Constant):
            continue
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "format"
        ):
            value = value.func.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            entries[str(key.value)] = value.value
    return entries


def read_operation(path: Path, module: str) -> Operation | None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    method = url = ""
    arguments: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_get_kwargs":
            for inner in ast.walk(node):
                if isinstance(inner, ast.Dict):
                    entries = _literal_entries(inner)
                    method = entries.get("method", method)
                    url = entries.get("url", url)
        if isinstance(node, ast.FunctionDef) and node.name == "sync_detailed":
            for argument in node.args.args + node.args.kwonlyargs:
                if argument.arg != "client" and argument.annotation is not None:
                    arguments[argument.arg] = ast.unparse(argument.annotation)
            if node.returns is not None:
                arguments["(returns)"] = ast.unparse(node.returns)
    if not method:
        return None
    # The path template: "/2/media/upload/{id}/append".format(id=...) or an f-string.
    path_template = re.sub(r"\{[^}]*\}", "{}", url)
    return Operation(module, method.lower(), path_template, arguments)


def read_model(node: ast.ClassDef) -> Model:
    bases = {ast.unparse(base) for base in node.bases}
    is_enum = bool(bases & {"StrEnum", "IntEnum", "Enum", "str, Enum"}) or "Enum" in " ".join(bases)
    fields: dict[str, str] = {}
    for item in node.body:
        if is_enum and isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant):
            for target in item.targets:
                if isinstance(target, ast.Name):
                    fields[target.id] = repr(item.value.value)
        elif (
            not is_enum
            and isinstance(item, ast.AnnAssign)
            and isinstance(item.target, ast.Name)
            and item.target.id != "additional_properties"
        ):
            fields[item.target.id] = ast.unparse(item.annotation)
    return Model(node.name, fields, is_enum)


def read_client(package: Path) -> Client:
    operations: dict[str, Operation] = {}
    api = package / "api"
    for path in sorted(api.rglob("*.py")):
        module = ".".join(path.relative_to(api).with_suffix("").parts)  # tag.operation
        if path.name != "__init__.py" and (operation := read_operation(path, module)) is not None:
            operations[module] = operation
    models: dict[str, Model] = {}
    for path in sorted((package / "models").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                models[node.name] = read_model(node)
    return Client(operations, models)


# --- changes ------------------------------------------------------------------------------------


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)


@dataclass
class Changelog:
    sections: list[Section]

    def text(self) -> str:
        out: list[str] = []
        for section in self.sections:
            out.append(f"{section.title}:")
            out.extend(f"  {line}" for line in section.lines or ["(no change)"])
        return "\n".join(out)

    def lines(self) -> list[str]:
        return [line for section in self.sections for line in section.lines]


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


_IDENTIFIER = re.compile(r"[A-Z][A-Za-z0-9_]*")


def _model_names(annotation: str, known: set[str]) -> list[str]:
    return [name for name in _IDENTIFIER.findall(annotation) if name in known]


def _model_renames(old: Client, new: Client) -> dict[str, set[str]]:
    """Old model → the new models that took its place, for models only the old client has.

    Seeds: the models an operation (same method and path) takes or returns. Then, recursively,
    the models a field of a renamed model refers to. What is left is paired by field similarity
    when the match is unambiguous (the same best on both sides)."""
    removed = set(old.models) - set(new.models)
    added = set(new.models) - set(old.models)
    renames: dict[str, set[str]] = {}
    pending: list[tuple[str, str]] = []

    def pair_annotations(before: str, after: str) -> None:
        old_names = _model_names(before, set(old.models))
        new_names = _model_names(after, set(new.models))
        gone = [name for name in old_names if name not in new_names]
        came = [name for name in new_names if name not in old_names]
        if len(gone) == len(came):
            pending.extend(zip(gone, came, strict=True))

    routes_new = {(op.method, op.path): op for op in new.operations.values()}
    for operation in old.operations.values():
        match = routes_new.get((operation.method, operation.path))
        if match is not None:
            for argument in operation.arguments.keys() & match.arguments.keys():
                pair_annotations(operation.arguments[argument], match.arguments[argument])
    seen: set[tuple[str, str]] = set()
    while pending:
        before, after = pending.pop()
        if (before, after) in seen:
            continue
        seen.add((before, after))
        if before in removed and after in added:
            renames.setdefault(before, set()).add(after)
        old_fields, new_fields = old.models[before].fields, new.models[after].fields
        for name in old_fields.keys() & new_fields.keys():
            pair_annotations(old_fields[name], new_fields[name])

    # Fallback: unambiguous field-set similarity among what is still unpaired.
    left_old = {n: old.models[n] for n in removed - renames.keys()}
    taken = {name for names in renames.values() for name in names}
    left_new = {n: new.models[n] for n in added - taken}

    def shape(model: Model) -> set[str]:
        return set(model.fields.values()) if model.is_enum else set(model.fields)

    scores = {
        (a, b): _similarity(shape(left_old[a]), shape(left_new[b]))
        for a in left_old
        for b in left_new
        if left_old[a].is_enum == left_new[b].is_enum
    }
    for (a, b), score in sorted(scores.items()):
        if score < RENAME_SIMILARITY:
            continue
        best_for_a = max(v for (x, _), v in scores.items() if x == a)
        best_for_b = max(v for (_, y), v in scores.items() if y == b)
        rivals = [1 for (x, y), v in scores.items() if (x == a) != (y == b) and v == score]
        if score == best_for_a == best_for_b and (x := a) and not rivals:
            renames.setdefault(x, set()).add(b)
    return renames


def _field_changes(kind: str, old: dict[str, str], new: dict[str, str]) -> Iterator[str]:
    for name in sorted(new.keys() - old.keys()):
        yield f"{kind} added: {name}" + ("" if kind == "value" else f" ({new[name]})")
    for name in sorted(old.keys() - new.keys()):
        yield f"{kind} removed: {name}"
    for name in sorted(old.keys() & new.keys()):
        if old[name] != new[name]:
            yield f"{kind} changed: {name}: {old[name]} -> {new[name]}"


def compare_clients(old: Client, new: Client) -> Changelog:
    operations = Section("Generated client: operations (xmedia_generated.api)")
    by_route_old = {(op.method, op.path): op for op in old.operations.values()}
    by_route_new = {(op.method, op.path): op for op in new.operations.values()}
    for route in sorted(by_route_old.keys() | by_route_new.keys()):
        before, after = by_route_old.get(route), by_route_new.get(route)
        label = f"{route[0].upper()} {route[1]}"
        if before is None and after is not None:
            operations.add(f"added: {after.module} ({label})")
            continue
        if after is None and before is not None:
            operations.add(f"removed: {before.module} ({label})")
            continue
        assert before is not None and after is not None
        if before.module != after.module:
            operations.add(f"renamed: {before.module} -> {after.module} ({label})")
        for change in _field_changes("argument", before.arguments, after.arguments):
            operations.add(f"{after.module}: {change}")

    models = Section("Generated client: models (xmedia_generated.models)")
    enums = Section("Generated client: enums (xmedia_generated.models)")
    renames = _model_renames(old, new)
    renamed_new = {name for names in renames.values() for name in names}
    for old_name, new_names in sorted(renames.items()):
        section = enums if old.models[old_name].is_enum else models
        section.add(f"renamed: {old_name} -> {', '.join(sorted(new_names))}")
        for new_name in sorted(new_names):
            kind = "value" if new.models[new_name].is_enum else "field"
            for change in _field_changes(
                kind, old.models[old_name].fields, new.models[new_name].fields
            ):
                section.add(f"{new_name}: {change}")
    for name in sorted(set(new.models) - set(old.models) - renamed_new):
        (enums if new.models[name].is_enum else models).add(f"added: {name}")
    for name in sorted(set(old.models) - set(new.models) - renames.keys()):
        (enums if old.models[name].is_enum else models).add(f"removed: {name}")
    for name in sorted(set(old.models) & set(new.models)):
        kind = "value" if new.models[name].is_enum else "field"
        section = enums if new.models[name].is_enum else models
        for change in _field_changes(kind, old.models[name].fields, new.models[name].fields):
            section.add(f"{name}: {change}")
    return Changelog([operations, models, enums])


# --- X's official document ------------------------------------------------------------------------


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method, path): item[method]
        for path, item in document["paths"].items()
        for method in HTTP_METHODS
        if isinstance(item.get(method), dict)
    }


def _deref(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _parameters(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, bool]:
    found: dict[str, bool] = {}
    for parameter in operation.get("parameters", []):
        parameter = _deref(document, parameter)
        found[f"{parameter['name']} ({parameter['in']})"] = bool(parameter.get("required"))
    return found


def _kind(document: dict[str, Any], node: Any, depth: int = 0) -> str:
    """The JSON type of a schema with references resolved (renaming a schema is not a change of
    its fields): object, string, array of ..., or the union keyword."""
    node = _deref(document, node)
    if not isinstance(node, dict) or depth > 4:
        return "any"
    if node.get("type") == "array":
        return f"array of {_kind(document, node.get('items'), depth + 1)}"
    for union in ("oneOf", "anyOf", "allOf"):
        if union in node:
            return union
    if "properties" in node and "type" not in node:
        return "object"
    return str(node.get("type", "any"))


def _schema_places(
    document: dict[str, Any],
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Where each operation uses a schema, walking properties: place → component schema name
    (when a $ref is there), and place → {property: its kind} for every object met."""
    names: dict[str, str] = {}
    fields: dict[str, dict[str, str]] = {}
    schemas = document.get("components", {}).get("schemas", {})

    def visit(place: str, node: Any, depth: int) -> None:
        if not isinstance(node, dict) or depth > 6:
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
            name = ref[len(SCHEMA_PREFIX) :]
            names[place] = name
            node = schemas.get(name, {})
        properties = node.get("properties", {})
        if properties:
            fields[place] = {key: _kind(document, sub) for key, sub in properties.items()}
        for key, sub in properties.items():
            visit(f"{place}.{key}", sub, depth + 1)
        if "items" in node:
            visit(f"{place}[]", node["items"], depth + 1)

    for (method, path), operation in sorted(_operations(document).items()):
        label = f"{method.upper()} {path}"
        for media, content in sorted(operation.get("requestBody", {}).get("content", {}).items()):
            visit(f"{label} request {media}", content.get("schema"), 0)
        answer = operation.get("responses", {}).get("200", {})
        for media, content in sorted(answer.get("content", {}).items()):
            visit(f"{label} 200 {media}", content.get("schema"), 0)
    return names, fields


def _problem_uris(node: Any) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found |= {key for key in item if isinstance(key, str) and PROBLEM_URI.match(key)}
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and PROBLEM_URI.match(item):
            found.add(item)
    return found


def compare_official(old: dict[str, Any], new: dict[str, Any]) -> Changelog:
    """Both arguments are /2/media* subsets (scripts/official_spec.py)."""
    operations = Section("X's document: operations")
    old_ops, new_ops = _operations(old), _operations(new)
    for route in sorted(old_ops.keys() | new_ops.keys()):
        label = f"{route[0].upper()} {route[1]}"
        before, after = old_ops.get(route), new_ops.get(route)
        if before is None:
            operations.add(f"added: {label} ({after and after.get('operationId')})")
            continue
        if after is None:
            operations.add(f"removed: {label} ({before.get('operationId')})")
            continue
        if before.get("operationId") != after.get("operationId"):
            operations.add(
                f"operationId renamed: {before.get('operationId')} -> {after.get('operationId')} "
                f"({label})"
            )
        old_params, new_params = _parameters(old, before), _parameters(new, after)
        for name in sorted(new_params.keys() - old_params.keys()):
            operations.add(f"{label}: parameter added: {name}")
        for name in sorted(old_params.keys() - new_params.keys()):
            operations.add(f"{label}: parameter removed: {name}")

    schemas = Section("X's document: schemas")
    (old_places, old_fields), (new_places, new_fields) = _schema_places(old), _schema_places(new)
    renames: dict[str, set[str]] = {}
    for place in sorted(old_places.keys() & new_places.keys()):
        if old_places[place] != new_places[place]:
            renames.setdefault(old_places[place], set()).add(new_places[place])
    for old_name, new_names in sorted(renames.items()):
        schemas.add(f"renamed: {old_name} -> {', '.join(sorted(new_names))}")
    old_names = set(old.get("components", {}).get("schemas", {}))
    new_names = set(new.get("components", {}).get("schemas", {}))
    renamed_to = {name for names in renames.values() for name in names}
    added = sorted(new_names - old_names - renamed_to)
    removed = sorted(old_names - new_names - renames.keys())
    if added:
        schemas.add(f"added ({len(added)}): {', '.join(added)}")
    if removed:
        schemas.add(f"removed ({len(removed)}): {', '.join(removed)}")

    fields = Section("X's document: fields (where operations use them)")
    for place in sorted(old_fields.keys() & new_fields.keys()):
        before, after = old_fields[place], new_fields[place]
        for name in sorted(after.keys() - before.keys()):
            fields.add(f"{place}: added {name} ({after[name]})")
        for name in sorted(before.keys() - after.keys()):
            fields.add(f"{place}: removed {name}")
        for name in sorted(before.keys() & after.keys()):
            if before[name] != after[name]:
                fields.add(f"{place}: {name}: {before[name]} -> {after[name]}")

    problems = Section("X's document: problem types")
    old_uris, new_uris = _problem_uris(old), _problem_uris(new)

    def hosts(uris: set[str]) -> set[str]:
        return {uri.split("/")[2] for uri in uris}

    if hosts(old_uris) != hosts(new_uris) and old_uris and new_uris:
        problems.add(
            f"host: {', '.join(sorted(hosts(old_uris)))} -> {', '.join(sorted(hosts(new_uris)))}"
        )
    old_types = {uri.rsplit("/", 1)[1] for uri in old_uris}
    new_types = {uri.rsplit("/", 1)[1] for uri in new_uris}
    for name in sorted(new_types - old_types):
        problems.add(f"added: {name}")
    for name in sorted(old_types - new_types):
        problems.add(f"removed: {name}")
    return Changelog([operations, schemas, fields, problems])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--official", action="store_true", help="compare two official documents")
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.official:
        log = compare_official(
            media_subset(load_document(args.old)), media_subset(load_document(args.new))
        )
    else:
        log = compare_clients(read_client(args.old), read_client(args.new))
    print(log.text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
