"""Apply an OpenAPI Overlay 1.0 document, reporting what each action did.

The Overlay Specification 1.0.0 (spec.openapis.org/overlay/v1.0.0): an overlay is an ordered list
of actions; each has a `target` (a JSONPath query, RFC 9535) and either `update` (merged into every
selected object, appended to every selected array) or `remove: true` (every selected node is
removed from its parent). Targets selecting nothing are not an error in the specification; here
they are reported, because for xmedia an action whose target vanished is a deviation that no longer
applies to X's new document and needs a human look.

Why not a published applier: oas-patch (the only maintained Python one) says nothing about targets
that select nothing, appends arrays where the specification replaces them, and brings click, rich,
Jinja2, deepdiff and jsonschema along. What is needed here is ~200 lines: the JSONPath subset below,
update and remove, and a per-action report.

Supported JSONPath (a strict subset of RFC 9535; anything else is rejected with the position):
    $                       the root
    .name   ['name']        a member (shorthand names are [A-Za-z_][A-Za-z0-9_]*; quote the rest)
    ['a', 'b']              several members
    .*   [*]                every member / element
    [3]  [-1]               an array element
    [?@.a.b]  [?@.a == 'x'] [?@.a != 'x']
                            children (of an object or array) where the relative path exists / where
                            its value equals (or not) a string, number, true, false or null literal

Per action the report says one of:
    applied     it changed the document
    missing     the target selected nothing (the official document no longer has what it changes)
    redundant   it selected something but changed nothing (the official document already says it)
    dangling    applying it would leave a $ref (or discriminator mapping) pointing at nothing, so it
                was not applied (it refers to a component the official document no longer has)
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

Json = Any
Status = Literal["applied", "missing", "redundant", "dangling"]

OVERLAY_VERSION = re.compile(r"^1\.0\.\d+$")
_SHORTHAND = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_MISSING = object()


class OverlayError(ValueError):
    """The overlay document or one of its targets is malformed."""


# --- JSONPath ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    names: tuple[str, ...]


@dataclass(frozen=True)
class Wildcard:
    pass


@dataclass(frozen=True)
class Index:
    index: int


@dataclass(frozen=True)
class Filter:
    path: tuple[str, ...]
    operator: Literal["exists", "==", "!="]
    literal: Json = None


Segment = Names | Wildcard | Index | Filter


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, message: str) -> OverlayError:
        return OverlayError(f"JSONPath {self.text!r} at {self.pos}: {message}")

    def peek(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def take(self, token: str) -> None:
        if not self.peek(token):
            raise self.fail(f"expected {token!r}")
        self.pos += len(token)

    def spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def match(self, pattern: re.Pattern[str]) -> str | None:
        found = pattern.match(self.text, self.pos)
        if found is None:
            return None
        self.pos = found.end()
        return found.group(0)

    def string(self) -> str:
        quote = self.text[self.pos] if self.pos < len(self.text) else ""
        if quote not in ("'", '"'):
            raise self.fail("expected a quoted name")
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            self.pos += 1
            if char == quote:
                return "".join(out)
            if char == "\\":
                if self.pos >= len(self.text):
                    break
                escaped = self.text[self.pos]
                self.pos += 1
                out.append({"n": "\n", "t": "\t"}.get(escaped, escaped))
            else:
                out.append(char)
        raise self.fail("unterminated string")

    def literal(self) -> Json:
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.peek(word):
                self.pos += len(word)
                return value
        if self.pos < len(self.text) and self.text[self.pos] in "'\"":
            return self.string()
        number = self.match(_NUMBER)
        if number is None:
            raise self.fail("expected a literal")
        return float(number) if any(c in number for c in ".eE") else int(number)

    def relative_path(self) -> tuple[str, ...]:
        self.take("@")
        parts: list[str] = []
        while True:
            if self.peek("."):
                self.pos += 1
                name = self.match(_SHORTHAND)
                if name is None:
                    raise self.fail("expected a member name")
                parts.append(name)
            elif self.peek("['") or self.peek('["'):
                self.pos += 1
                parts.append(self.string())
                self.take("]")
            else:
                return tuple(parts)

    def filter(self) -> Filter:
        self.take("?")
        self.spaces()
        grouped = self.peek("(")
        if grouped:
            self.pos += 1
            self.spaces()
        path = self.relative_path()
        if not path:
            raise self.fail("a filter needs a relative path such as @.name")
        self.spaces()
        result = Filter(path, "exists")
        for operator in ("==", "!="):
            if self.peek(operator):
                self.pos += 2
                self.spaces()
                result = Filter(path, operator, self.literal())
                self.spaces()
                break
        if grouped:
            self.take(")")
            self.spaces()
        return result

    def bracket(self) -> Segment:
        self.take("[")
        self.spaces()
        segment: Segment
        if self.peek("*"):
            self.pos += 1
            segment = Wildcard()
        elif self.peek("?"):
            segment = self.filter()
        elif self.peek("'") or self.peek('"'):
            names = [self.string()]
            self.spaces()
            while self.peek(","):
                self.pos += 1
                self.spaces()
                names.append(self.string())
                self.spaces()
            segment = Names(tuple(names))
        else:
            number = self.match(_INTEGER)
            if number is None:
                raise self.fail("unsupported selector (supported: 'name', *, index, ?filter)")
            segment = Index(int(number))
        self.spaces()
        self.take("]")
        return segment

    def parse(self) -> tuple[Segment, ...]:
        self.take("$")
        segments: list[Segment] = []
        while self.pos < len(self.text):
            if self.peek(".."):
                raise self.fail("descendant segments (..) are not supported")
            if self.peek("."):
                self.pos += 1
                if self.peek("*"):
                    self.pos += 1
                    segments.append(Wildcard())
                    continue
                name = self.match(_SHORTHAND)
                if name is None:
                    raise self.fail("expected a member name or * after '.'")
                segments.append(Names((name,)))
            elif self.peek("["):
                segments.append(self.bracket())
            else:
                raise self.fail("expected '.' or '['")
        return tuple(segments)


def parse_path(text: str) -> tuple[Segment, ...]:
    return _Parser(text).parse()


# A selected node: its parent container and its key there (the root has neither).
Location = tuple[Json, Any]


def _children(node: Json) -> Iterator[tuple[Any, Json]]:
    if isinstance(node, dict):
        yield from node.items()
    elif isinstance(node, list):
        yield from enumerate(node)


def _lookup(node: Json, path: tuple[str, ...]) -> Json:
    for name in path:
        if not isinstance(node, dict) or name not in node:
            return _MISSING
        node = node[name]
    return node


def _passes(node: Json, test: Filter) -> bool:
    value = _lookup(node, test.path)
    if test.operator == "exists":
        return value is not _MISSING
    # JSON equality: true is not 1 (Python says it is).
    equal = (
        value is not _MISSING and type(value) is type(test.literal) and value == test.literal
    ) or (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and isinstance(test.literal, int | float)
        and not isinstance(test.literal, bool)
        and value == test.literal
    )
    return equal if test.operator == "==" else not equal


def select(document: Json, target: str) -> list[Location]:
    """Every node target selects, as (parent, key), in document order, without duplicates."""
    nodes: list[tuple[Location, Json]] = [((None, None), document)]
    for segment in parse_path(target):
        found: list[tuple[Location, Json]] = []
        for _, node in nodes:
            if isinstance(segment, Names):
                if isinstance(node, dict):
                    found.extend(((node, n), node[n]) for n in segment.names if n in node)
            elif isinstance(segment, Wildcard):
                found.extend(((node, key), child) for key, child in _children(node))
            elif isinstance(segment, Index):
                if isinstance(node, list) and -len(node) <= segment.index < len(node):
                    index = segment.index % len(node)
                    found.append(((node, index), node[index]))
            else:
                found.extend(
                    ((node, key), child)
                    for key, child in _children(node)
                    if _passes(child, segment)
                )
        nodes = found
    unique: list[Location] = []
    seen: set[tuple[int, Any]] = set()
    for (parent, key), _ in nodes:
        if (id(parent), key) not in seen:
            seen.add((id(parent), key))
            unique.append((parent, key))
    return unique


# --- actions -------------------------------------------------------------------------------------


def merge(node: Json, update: Json) -> Json:
    """Overlay 1.0 update of one node: objects merge member by member (recursively), a selected
    array gets the value appended, and any other member value (arrays included) is replaced."""
    if isinstance(node, list):
        node.append(copy.deepcopy(update))
        return node
    if isinstance(node, dict) and isinstance(update, dict):
        for key, value in update.items():
            if isinstance(node.get(key), dict) and isinstance(value, dict):
                merge(node[key], value)
            else:
                node[key] = copy.deepcopy(value)
        return node
    raise OverlayError("an update must target an object (with an object) or an array")


def already_there(node: Json, update: Json, prefix: str = "") -> list[str]:
    """The leaves of an object update that node already has with the same value (dotted paths);
    a selected array never already has what an update would append. A matching `type` says
    nothing about X adopting the change, so it is not reported."""
    if not isinstance(node, dict) or not isinstance(update, dict):
        return []
    found: list[str] = []
    for key, value in update.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and isinstance(node.get(key), dict):
            found.extend(already_there(node[key], value, path))
        elif key in node and node[key] == value and key != "type":
            found.append(path)
    return found


def _references(document: Json) -> Iterator[str]:
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield ref
            discriminator = node.get("discriminator")
            if isinstance(discriminator, dict) and isinstance(discriminator.get("mapping"), dict):
                yield from (v for v in discriminator["mapping"].values() if isinstance(v, str))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _resolves(document: Json, ref: str) -> bool:
    if not ref.startswith("#/"):
        return True  # external references are not this tool's business
    node = document
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return True


def dangling_references(document: Json) -> set[str]:
    return {ref for ref in _references(document) if not _resolves(document, ref)}


@dataclass(frozen=True)
class ActionReport:
    number: int  # 1-based position in the overlay
    target: str
    description: str
    status: Status
    selected: int
    detail: str = ""
    # For an applied update: the parts X's document already says (a hint that X adopted part of it).
    already: tuple[str, ...] = ()

    def line(self) -> str:
        summary = self.description.strip().splitlines()[0] if self.description.strip() else ""
        text = f"#{self.number:<3} {self.status:<9} {self.target}"
        if summary:
            text += f"\n      {summary}"
        if self.detail:
            text += f"\n      {self.detail}"
        if self.already:
            text += f"\n      X's document already says: {', '.join(self.already)}"
        return text


def validate_overlay(overlay: Json) -> None:
    if not isinstance(overlay, dict):
        raise OverlayError("an overlay is a mapping")
    version = overlay.get("overlay")
    if not isinstance(version, str) or not OVERLAY_VERSION.match(version):
        raise OverlayError(f"overlay: expected a 1.0.x version, got {version!r}")
    info = overlay.get("info")
    if not isinstance(info, dict) or not {"title", "version"} <= info.keys():
        raise OverlayError("info: title and version are required")
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise OverlayError("actions: a non-empty list is required")
    for number, action in enumerate(actions, 1):
        if not isinstance(action, dict) or not isinstance(action.get("target"), str):
            raise OverlayError(f"action #{number}: a target string is required")
        unknown = {k for k in action if not k.startswith("x-")} - {
            "target",
            "description",
            "update",
            "remove",
        }
        if unknown:
            raise OverlayError(f"action #{number}: unknown fields {sorted(unknown)}")
        if ("update" in action) == bool(action.get("remove")):
            raise OverlayError(f"action #{number}: exactly one of update and remove: true")
        parse_path(action["target"])


def apply_action(document: Json, action: Json, number: int = 0) -> tuple[Json, ActionReport]:
    """Apply one action to a copy of document; return the new document and what happened."""
    target = action["target"]
    description = str(action.get("description", ""))
    result = copy.deepcopy(document)
    locations = select(result, target)

    def report(status: Status, detail: str = "") -> ActionReport:
        return ActionReport(number, target, description, status, len(locations), detail)

    if not locations:
        return document, report("missing", "the target selects nothing")
    already: list[str] = []
    if action.get("remove"):
        if any(parent is None for parent, _ in locations):
            raise OverlayError(f"action #{number}: the root cannot be removed")
        # Delete later list elements first so earlier indexes stay valid.
        for parent, key in sorted(
            locations, key=lambda loc: loc[1] if isinstance(loc[0], list) else 0, reverse=True
        ):
            del parent[key]
    else:
        for parent, key in locations:
            node = result if parent is None else parent[key]
            already.extend(p for p in already_there(node, action["update"]) if p not in already)
            try:
                merge(node, action["update"])
            except OverlayError as exc:
                raise OverlayError(f"action #{number} ({target}): {exc}") from None
    if result == document:
        return document, report("redundant", "the official document already says this")
    new_dangling = dangling_references(result) - dangling_references(document)
    if new_dangling:
        return document, report(
            "dangling", "would leave unresolved " + ", ".join(sorted(new_dangling))
        )
    if already:
        return result, ActionReport(
            number, target, description, "applied", len(locations), "", tuple(already)
        )
    return result, report("applied")


def apply_overlay(document: Json, overlay: Json) -> tuple[Json, list[ActionReport]]:
    """The document with every applicable action applied in order (the input is not modified)."""
    validate_overlay(overlay)
    reports: list[ActionReport] = []
    for number, action in enumerate(overlay["actions"], 1):
        document, report = apply_action(document, action, number)
        reports.append(report)
    return document, reports
