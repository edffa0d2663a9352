"""Fault plans: which requests get latency, 5xx, 429, aborted or mangled responses.

A plan is a list of rules; each rule targets an operation (``append``), an endpoint group
(``upload`` = INIT/APPEND/FINALIZE) or ``*``, and fires either on explicit occurrences
(``append#3`` = the 3rd APPEND the rule sees) or with a probability drawn deterministically
from the plan's seed and the occurrence number — the same seed gives the same faults on the
same request sequence. Text syntax (one rule per ``;``)::

    TARGET[#N[,N...]]:KIND[=ARG][@RATE]

    append#3:error=503       fail the 3rd APPEND with 503
    *:latency=20@0.5         add 20 ms to half of all requests
    finalize:abort@0.1       10 % of FINALIZEs: processed, headers sent, then the connection dies
    append:drop@0.1          10 % of APPENDs: body read but NOT processed, then the connection dies
    status#1,2:rate_limit    the first two STATUS calls get 429
    append:truncate@0.05     response body cut in half, then the connection dies
    *:slow=65536             response bodies trickle at 64 KiB/s
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field

FAULT_KINDS = ("latency", "error", "rate_limit", "drop", "abort", "truncate", "slow")
# Operation names used by targets, stats and the rate limiter.
OPERATIONS = (
    "initialize",
    "append",
    "finalize",
    "status",
    "oneshot",
    "metadata",
    "subtitles",
    "lookup",
    "analytics",
)
OPERATION_GROUPS = {
    "initialize": "upload",
    "append": "upload",
    "finalize": "upload",
    "status": "status",
    "oneshot": "oneshot",
    "metadata": "metadata",
    "subtitles": "subtitles",
    "lookup": "lookup",
    "analytics": "analytics",
}


class FaultPlanError(ValueError):
    """A fault plan string or dict that cannot be understood."""


@dataclass(frozen=True)
class FaultRule:
    kind: str
    target: str = "*"
    occurrences: frozenset[int] = frozenset()  # 1-based; empty = not by occurrence
    rate: float | None = None  # probability per matching request
    status: int = 503  # for kind="error"
    latency_ms: float = 0.0  # for kind="latency"
    bytes_per_sec: int = 65536  # for kind="slow"

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise FaultPlanError(f"unknown fault kind {self.kind!r}; known: {FAULT_KINDS}")
        valid_targets = {"*", *OPERATIONS, *OPERATION_GROUPS.values()}
        if self.target not in valid_targets:
            raise FaultPlanError(f"unknown target {self.target!r}; known: {sorted(valid_targets)}")
        if self.rate is not None and not 0.0 <= self.rate <= 1.0:
            raise FaultPlanError("rate must be within 0..1")
        if self.kind == "error" and not 500 <= self.status <= 599:
            raise FaultPlanError("error faults take a 5xx status")
        if any(n < 1 for n in self.occurrences):
            raise FaultPlanError("occurrences are 1-based")

    def matches(self, operation: str) -> bool:
        return self.target in ("*", operation, OPERATION_GROUPS.get(operation))

    def to_text(self) -> str:
        text = self.target
        if self.occurrences:
            text += "#" + ",".join(str(n) for n in sorted(self.occurrences))
        text += ":" + self.kind
        if self.kind == "error":
            text += f"={self.status}"
        elif self.kind == "latency":
            text += f"={self.latency_ms:g}"
        elif self.kind == "slow":
            text += f"={self.bytes_per_sec}"
        if self.rate is not None:
            text += f"@{self.rate:g}"
        return text

    @classmethod
    def parse(cls, text: str) -> FaultRule:
        try:
            head, _, spec = text.strip().partition(":")
            if not spec:
                raise FaultPlanError(f"rule {text!r} needs TARGET:KIND")
            target, _, occ = head.strip().partition("#")
            occurrences = frozenset(int(n) for n in occ.split(",") if n.strip()) if occ else None
            spec, _, rate_text = spec.partition("@")
            kind, _, arg = spec.strip().partition("=")
            kwargs: dict[str, object] = {"kind": kind.strip(), "target": target.strip() or "*"}
            if occurrences:
                kwargs["occurrences"] = occurrences
            if rate_text.strip():
                kwargs["rate"] = float(rate_text)
            if arg.strip():
                key = {"error": "status", "latency": "latency_ms", "slow": "bytes_per_sec"}.get(
                    kind.strip()
                )
                if key is None:
                    raise FaultPlanError(f"fault {kind!r} takes no argument")
                kwargs[key] = float(arg) if key == "latency_ms" else int(arg)
            return cls(**kwargs)  # type: ignore[arg-type]
        except FaultPlanError:
            raise
        except (ValueError, TypeError) as exc:
            raise FaultPlanError(f"cannot parse fault rule {text!r}: {exc}") from exc


@dataclass(frozen=True)
class FaultPlan:
    rules: tuple[FaultRule, ...] = ()
    seed: int = 0

    @classmethod
    def parse(cls, text: str, seed: int = 0) -> FaultPlan:
        rules = tuple(FaultRule.parse(part) for part in text.split(";") if part.strip())
        return cls(rules, seed)

    def to_text(self) -> str:
        return ";".join(rule.to_text() for rule in self.rules)

    def __bool__(self) -> bool:
        return bool(self.rules)


@dataclass
class FaultDecision:
    latency_ms: float = 0.0
    # At most one of these disrupts the response.
    kind: str | None = None
    rule: FaultRule | None = None


def _draw(seed: int, rule_index: int, occurrence: int) -> float:
    """Uniform [0, 1) from (seed, rule, occurrence): reproducible, order-independent."""
    digest = hashlib.blake2b(f"{seed}:{rule_index}:{occurrence}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass
class FaultInjector:
    """Runtime side of a plan: per-rule occurrence counters and injected-fault counts."""

    plan: FaultPlan = field(default_factory=FaultPlan)
    injected: Counter[str] = field(default_factory=Counter)
    _seen: list[int] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._seen = [0] * len(self.plan.rules)

    def set_plan(self, plan: FaultPlan) -> None:
        with self._lock:
            self.plan = plan
            self._seen = [0] * len(plan.rules)

    def decide(self, operation: str) -> FaultDecision:
        decision = FaultDecision()
        with self._lock:
            for index, rule in enumerate(self.plan.rules):
                if not rule.matches(operation):
                    continue
                self._seen[index] += 1
                occurrence = self._seen[index]
                if rule.occurrences and occurrence not in rule.occurrences:
                    continue
                if rule.rate is not None and _draw(self.plan.seed, index, occurrence) >= rule.rate:
                    continue
                if rule.kind == "latency":
                    decision.latency_ms += rule.latency_ms
                    self.injected["latency"] += 1
                elif decision.kind is None:
                    decision.kind = rule.kind
                    decision.rule = rule
                    self.injected[rule.kind] += 1
        return decision
