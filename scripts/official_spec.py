"""X's whole official OpenAPI document → its /2/media* subset, mechanically and verbatim.

The subset keeps, unchanged and in X's order: `openapi`, `info`, `servers`, top-level `security`,
the path items whose path is /2/media or starts with /2/media/, the tags those operations use, and
every component they reach: $refs followed transitively, discriminator mappings, and the security
schemes the operations name. Nothing is rewritten; deviations belong in the overlay.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

Json = dict[str, Any]

MEDIA_PATH = "/2/media"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
TOP_LEVEL_KEPT = ("openapi", "info", "servers", "security")


def load_document(path: Path) -> Json:
    """A whole official document, as X publishes it (.json) or gzip-compressed (.json.gz)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    document: Json = json.loads(raw.decode("utf-8"))
    if not isinstance(document, dict) or "paths" not in document:
        raise ValueError(f"{path.name}: not an OpenAPI document (no paths)")
    return document


def is_media_path(path: str) -> bool:
    return path == MEDIA_PATH or path.startswith(MEDIA_PATH + "/")


def _component_refs(node: Any) -> set[tuple[str, str]]:
    """(kind, name) of every #/components/... reference inside node."""
    found: set[tuple[str, str]] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            refs = [item.get("$ref")]
            discriminator = item.get("discriminator")
            if isinstance(discriminator, dict):
                refs.extend((discriminator.get("mapping") or {}).values())
            for ref in refs:
                if isinstance(ref, str) and ref.startswith("#/components/"):
                    parts = ref.split("/")
                    if len(parts) == 4:
                        found.add((parts[2], parts[3].replace("~1", "/").replace("~0", "~")))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _operations(paths: Json) -> list[Json]:
    return [
        item[method]
        for item in paths.values()
        for method in HTTP_METHODS
        if isinstance(item.get(method), dict)
    ]


def media_subset(document: Json) -> Json:
    paths = {path: item for path, item in document["paths"].items() if is_media_path(path)}
    if not paths:
        raise ValueError("the document has no /2/media paths")
    components: Json = document.get("components", {})
    wanted: set[tuple[str, str]] = set()
    pending = _component_refs(paths)
    while pending:
        kind, name = pending.pop()
        if (kind, name) in wanted:
            continue
        if name not in components.get(kind, {}):
            raise ValueError(f"#/components/{kind}/{name} is referenced but not defined")
        wanted.add((kind, name))
        pending |= _component_refs(components[kind][name]) - wanted
    operations = _operations(paths)
    for requirements in [op.get("security", []) for op in operations] + [
        document.get("security", [])
    ]:
        wanted |= {
            ("securitySchemes", name) for requirement in requirements for name in requirement
        }
    used_tags = {tag for op in operations for tag in op.get("tags", [])}

    subset: Json = {}
    for key, value in document.items():
        if key in TOP_LEVEL_KEPT:
            subset[key] = value
        elif key == "paths":
            subset["paths"] = paths
        elif key == "tags":
            tags = [tag for tag in value if tag.get("name") in used_tags]
            if tags:
                subset["tags"] = tags
        elif key == "components":
            kept = {
                kind: {name: body for name, body in entries.items() if (kind, name) in wanted}
                for kind, entries in value.items()
            }
            subset["components"] = {kind: entries for kind, entries in kept.items() if entries}
    return subset


def version_of(document: Json) -> str:
    return str(document.get("info", {}).get("version", "unknown"))
