"""Typed builders of Vigil's six input event types, checked against the rules of their schemas.

    >>> from vigil_events import TaskStatusChanged
    >>> event = TaskStatusChanged("task-1", "submitted", source="orchestrator", tenant="acme")
    >>> event.data()
    {'task_id': 'task-1', 'status': 'submitted', 'tenant': 'acme'}
    >>> event.key
    'task-1'
    >>> record = event.to_kafka("binary")  # key, value and headers of the Kafka record

Each builder is a frozen dataclass: the data fields of its schema (named as on the wire), then the
CloudEvent envelope as keyword arguments: ``source`` (required), ``id`` (a new UUID), ``time`` (now,
UTC), ``subject`` and ``traceparent`` (by default the current OpenTelemetry span's, if any). Construction refuses what
Vigil would dead-letter with a ValueError naming the field and the rule, e.g.
``data.status: must be one of submitted, running, ... (enum), got 'done'``. Optional fields left as
None are absent from the data. Contract: docs/events.md.
"""

import json
import re
import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any, ClassVar, Dict, List, Mapping, NamedTuple, Optional, Tuple, Type, Union

from . import _rules
from ._rules import Enum, Integer, Number, Str
from .tracing import current_traceparent

BINARY = "binary"
STRUCTURED = "structured"
MODES = (BINARY, STRUCTURED)

JSON = "application/json"
CLOUDEVENTS_JSON = "application/cloudevents+json"

TASK_STATUSES = ("submitted", "running", "succeeded", "failed", "cancelled")
STEP_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled", "timed_out")
CALL_STATUSES = ("ok", "error")
RELEASE_REASONS = ("released", "expired", "revoked")
POOL_STATES = ("healthy", "degraded", "down")

# RFC 3339 date-time with seconds and an offset, as Vigil reads `time` (t and z may be lower case).
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$")
_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


def _rule(rule: _rules.Rule) -> Dict[str, Any]:
    return {"rule": rule}


def _new_id() -> str:
    return str(uuid.uuid4())


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class KafkaRecord(NamedTuple):
    """What goes to Kafka: the key and value as bytes, the headers as (name, UTF-8 bytes)."""

    key: bytes
    value: bytes
    headers: List[Tuple[str, bytes]]


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _format_time(name: str, value: Union[datetime, str]) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name}: a datetime needs a time zone (RFC 3339 has an offset), got {value!r}")
        text = value.isoformat(timespec="milliseconds")
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if not isinstance(value, str):
        raise ValueError(f"{name}: must be a datetime or an RFC 3339 string, got {value!r}")
    match = _RFC3339.match(value)
    if match is None:
        raise ValueError(f"{name}: must be an RFC 3339 date-time with seconds and an offset, got {value!r}")
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError as e:
        raise ValueError(f"{name}: not a valid date-time ({e}), got {value!r}") from None
    if match.group(9) is not None and (int(match.group(9)) > 23 or int(match.group(10)) > 59):
        raise ValueError(f"{name}: offset out of range, got {value!r}")
    return value


def _check_traceparent(value: str) -> str:
    match = _TRACEPARENT.match(value) if isinstance(value, str) else None
    if match is None or match.group(1) == "ff" or set(match.group(2)) == {"0"} or set(match.group(3)) == {"0"}:
        raise ValueError(f"traceparent: must be a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>), got {value!r}")
    return value


@dataclass(frozen=True, kw_only=True)
class Event:
    """What the six builders share: the CloudEvent envelope (keyword-only fields, so they follow each
    builder's data fields), validation, data, key, and the two Kafka encodings.

    >>> event = PoolStatus("browser", 8, source="orchestrator", healthy=7)
    >>> event.to_cloudevent()["data"]
    {'pool': 'browser', 'capacity': 8, 'healthy': 7}
    """

    TYPE: ClassVar[str] = ""  # the CloudEvent type, set by each builder

    source: str
    id: str = field(default_factory=_new_id)
    time: Optional[Union[datetime, str]] = field(default_factory=_utc_now)
    subject: Optional[str] = None
    traceparent: Optional[str] = None

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            rule = f.metadata.get("rule")
            if rule is not None:
                object.__setattr__(self, f.name, rule.check("data." + f.name, getattr(self, f.name)))
        self._check_across()
        Str(required=True).check("source", self.source)
        Str(required=True).check("id", self.id)
        Str().check("subject", self.subject)
        if self.time is not None:
            object.__setattr__(self, "time", _format_time("time", self.time))
        if self.traceparent is None:
            object.__setattr__(self, "traceparent", current_traceparent())
        else:
            _check_traceparent(self.traceparent)

    def _check_across(self) -> None:
        """Rules between fields, beyond what a field's own rule says."""

    @classmethod
    def data_fields(cls) -> Tuple[str, ...]:
        """The names of the data fields, in schema order."""
        return tuple(f.name for f in fields(cls) if "rule" in f.metadata)  # type: ignore[arg-type]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, source: str, **envelope: Any) -> "Event":
        """The event of a ``data`` object as it would travel (e.g. parsed JSON); unknown fields are dropped.

        >>> TaskStatusChanged.from_data({"task_id": "t-1", "status": "running"}, source="orchestrator").status
        'running'
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"data: must be a JSON object, got {data!r}")
        names = cls.data_fields()
        return cls(**{name: data[name] for name in names if name in data}, source=source,  # type: ignore[call-arg]
                   **{name: None for name in names if name not in data}, **envelope)

    @property
    def key(self) -> str:
        """The entity id, the Kafka record key (docs/events.md, Keys)."""
        raise NotImplementedError

    def data(self) -> Dict[str, Any]:
        """The ``data`` object: every data field that is not None, in schema order."""
        return {name: getattr(self, name) for name in self.data_fields() if getattr(self, name) is not None}

    def attributes(self) -> Dict[str, str]:
        """The CloudEvent attributes (without ``data``); absent optional ones are left out."""
        attributes = {"specversion": "1.0", "id": self.id, "source": self.source, "type": self.TYPE}
        for name in ("time", "subject", "traceparent"):
            if getattr(self, name) is not None:
                attributes[name] = getattr(self, name)
        return attributes

    def to_cloudevent(self) -> Dict[str, Any]:
        """The whole event as a structured-mode JSON object."""
        return {**self.attributes(), "datacontenttype": JSON, "data": self.data()}

    def to_kafka(self, mode: str = BINARY) -> KafkaRecord:
        """The Kafka record in ``binary`` (attributes as ``ce_`` headers, data as value) or ``structured`` mode."""
        key = self.key.encode("utf-8")
        if mode == BINARY:
            headers = [("ce_" + name, value.encode("utf-8")) for name, value in self.attributes().items()]
            headers.append(("content-type", JSON.encode("utf-8")))
            return KafkaRecord(key, _json_bytes(self.data()), headers)
        if mode == STRUCTURED:
            return KafkaRecord(key, _json_bytes(self.to_cloudevent()),
                               [("content-type", CLOUDEVENTS_JSON.encode("utf-8"))])
        raise ValueError(f"mode: must be one of {', '.join(MODES)}, got {mode!r}")


@dataclass(frozen=True)
class TaskStatusChanged(Event):
    """``agent.task.status_changed``: a task moved to a new status. Key: ``task_id``.

    >>> TaskStatusChanged("task-1", "succeeded", source="orchestrator", duration_ms=1530.25).key
    'task-1'
    """

    TYPE = "agent.task.status_changed"

    task_id: str = field(metadata=_rule(Str(required=True)))
    status: str = field(metadata=_rule(Enum(TASK_STATUSES, required=True)))
    duration_ms: Optional[float] = field(default=None, metadata=_rule(Number(0, _rules.MILLIS_MAX)))
    error_type: Optional[str] = field(default=None, metadata=_rule(Str()))
    tenant: Optional[str] = field(default=None, metadata=_rule(Str()))

    @property
    def key(self) -> str:
        return self.task_id


@dataclass(frozen=True)
class StepStatusChanged(Event):
    """``agent.step.status_changed``: a step of a task moved to a new status. Key: ``task_id``.

    >>> StepStatusChanged("task-1", "plan", "running", "planner", "reasoning", source="orchestrator").attempt
    """

    TYPE = "agent.step.status_changed"

    task_id: str = field(metadata=_rule(Str(required=True)))
    step_id: str = field(metadata=_rule(Str(required=True)))
    status: str = field(metadata=_rule(Enum(STEP_STATUSES, required=True)))
    agent_name: str = field(metadata=_rule(Str(required=True)))
    capability: str = field(metadata=_rule(Str(required=True)))
    attempt: Optional[int] = field(default=None, metadata=_rule(Integer(1, _rules.ATTEMPT_MAX)))
    duration_ms: Optional[float] = field(default=None, metadata=_rule(Number(0, _rules.MILLIS_MAX)))
    error_type: Optional[str] = field(default=None, metadata=_rule(Str()))

    @property
    def key(self) -> str:
        return self.task_id


@dataclass(frozen=True)
class CallCompleted(Event):
    """``agent.call.completed``: an agent (LLM) call finished. Key: ``task_id`` when set, else ``call_id``.

    >>> CallCompleted("call-1", "planner", "reasoning", "gpt-4o", "ok", 812.5, 1200, 340,
    ...               source="orchestrator", task_id="task-1", cached_input_tokens=1000).key
    'task-1'

    ``cached_input_tokens`` (of the ``input_tokens``, so at most that many) and ``tenant`` are optional.
    """

    TYPE = "agent.call.completed"

    call_id: str = field(metadata=_rule(Str(required=True)))
    agent_name: str = field(metadata=_rule(Str(required=True)))
    capability: str = field(metadata=_rule(Str(required=True)))
    model_name: str = field(metadata=_rule(Str(required=True)))
    status: str = field(metadata=_rule(Enum(CALL_STATUSES, required=True)))
    latency_ms: float = field(metadata=_rule(Number(0, _rules.MILLIS_MAX, required=True)))
    input_tokens: int = field(metadata=_rule(Integer(0, _rules.TOKENS_MAX, required=True)))
    output_tokens: int = field(metadata=_rule(Integer(0, _rules.TOKENS_MAX, required=True)))
    task_id: Optional[str] = field(default=None, metadata=_rule(Str()))
    step_id: Optional[str] = field(default=None, metadata=_rule(Str()))
    cost_usd: Optional[float] = field(default=None, metadata=_rule(Number(0, _rules.COST_MAX)))
    error_type: Optional[str] = field(default=None, metadata=_rule(Str()))
    cached_input_tokens: Optional[int] = field(default=None, metadata=_rule(Integer(0, _rules.TOKENS_MAX)))
    tenant: Optional[str] = field(default=None, metadata=_rule(Str()))

    def _check_across(self) -> None:
        if self.cached_input_tokens is not None and self.cached_input_tokens > self.input_tokens:
            raise ValueError(f"data.cached_input_tokens: must be <= input_tokens ({self.input_tokens}), "
                             f"got {self.cached_input_tokens!r}")

    @property
    def key(self) -> str:
        return self.task_id if self.task_id is not None else self.call_id


@dataclass(frozen=True)
class LeaseAcquired(Event):
    """``agent.lease.acquired``: a resource of a pool was leased. Key: ``lease_id``.

    >>> LeaseAcquired("lease-1", "browser-3", "browser", source="orchestrator", ttl_ms=60000).key
    'lease-1'
    """

    TYPE = "agent.lease.acquired"

    lease_id: str = field(metadata=_rule(Str(required=True)))
    resource_id: str = field(metadata=_rule(Str(required=True)))
    pool: str = field(metadata=_rule(Str(required=True)))
    agent_name: Optional[str] = field(default=None, metadata=_rule(Str()))
    task_id: Optional[str] = field(default=None, metadata=_rule(Str()))
    step_id: Optional[str] = field(default=None, metadata=_rule(Str()))
    ttl_ms: Optional[int] = field(default=None, metadata=_rule(Integer(exclusive_minimum=0,
                                                                       maximum=_rules.TTL_MAX)))

    @property
    def key(self) -> str:
        return self.lease_id


@dataclass(frozen=True)
class LeaseReleased(Event):
    """``agent.lease.released``: a lease ended. Key: ``lease_id``.

    >>> LeaseReleased("lease-1", "browser", source="orchestrator", reason="expired").data()
    {'lease_id': 'lease-1', 'pool': 'browser', 'reason': 'expired'}
    """

    TYPE = "agent.lease.released"

    lease_id: str = field(metadata=_rule(Str(required=True)))
    pool: str = field(metadata=_rule(Str(required=True)))
    resource_id: Optional[str] = field(default=None, metadata=_rule(Str()))
    reason: Optional[str] = field(default=None, metadata=_rule(Enum(RELEASE_REASONS)))

    @property
    def key(self) -> str:
        return self.lease_id


@dataclass(frozen=True)
class PoolStatus(Event):
    """``agent.pool.status``: the state of a resource pool. Key: ``pool``.

    >>> PoolStatus("browser", 8, source="orchestrator", state="degraded").key
    'browser'
    """

    TYPE = "agent.pool.status"

    pool: str = field(metadata=_rule(Str(required=True)))
    capacity: int = field(metadata=_rule(Integer(0, _rules.COUNT_MAX, required=True)))
    healthy: Optional[int] = field(default=None, metadata=_rule(Integer(0, _rules.COUNT_MAX)))
    state: Optional[str] = field(default=None, metadata=_rule(Enum(POOL_STATES)))

    @property
    def key(self) -> str:
        return self.pool


EVENT_TYPES: Dict[str, Type[Event]] = {
    cls.TYPE: cls
    for cls in (TaskStatusChanged, StepStatusChanged, CallCompleted, LeaseAcquired, LeaseReleased, PoolStatus)
}
