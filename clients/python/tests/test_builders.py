"""The builders take valid data and refuse each broken rule with a ValueError naming field and rule."""

import dataclasses
import json
import math
from datetime import datetime, timedelta, timezone

import pytest
from samples import BUILDERS, FULL, MINIMAL, build

from vigil_events import (CallCompleted, LeaseAcquired, LeaseReleased, PoolStatus, StepStatusChanged,
                          TaskStatusChanged)
from vigil_events._rules import Str


@pytest.mark.parametrize("cls", BUILDERS, ids=lambda c: c.TYPE)
def test_minimal_and_full_data_are_kept_as_given(cls):
    for data in (MINIMAL[cls], FULL[cls]):
        event = build(cls, data)
        assert event.data() == data
        assert event.TYPE.startswith("agent.")


@pytest.mark.parametrize("cls", BUILDERS, ids=lambda c: c.TYPE)
def test_optional_fields_left_none_are_absent_from_the_data(cls):
    optional = {name: None for name in cls.data_fields() if name not in MINIMAL[cls]}
    assert optional, "every type has optional fields"
    assert build(cls, {**MINIMAL[cls], **optional}).data() == MINIMAL[cls]


@pytest.mark.parametrize("cls", BUILDERS, ids=lambda c: c.TYPE)
def test_the_envelope_follows_the_data_fields_and_is_keyword_only(cls):
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    envelope = ["source", "id", "time", "subject", "traceparent"]
    assert set(names) == set(cls.data_fields()) | set(envelope)
    positional = [f.name for f in dataclasses.fields(cls) if f.init and not f.kw_only]
    assert positional == list(cls.data_fields())
    required = [MINIMAL[cls][name] for name in cls.data_fields() if name in MINIMAL[cls]]
    with pytest.raises(TypeError, match="source"):
        cls(*required)


INVALID = [
    # (builder, field, value, what the message must say)
    (TaskStatusChanged, "task_id", None, "data.task_id: required"),
    (TaskStatusChanged, "task_id", "", "data.task_id: must not be empty (minLength 1)"),
    (TaskStatusChanged, "task_id", 17, "data.task_id: must be a string (type)"),
    (TaskStatusChanged, "status", "done", "data.status: must be one of submitted, running, succeeded, failed, "
                                          "cancelled (enum)"),
    (TaskStatusChanged, "status", None, "data.status: required"),
    (TaskStatusChanged, "duration_ms", -1, "data.duration_ms: must be >= 0 (minimum)"),
    (TaskStatusChanged, "duration_ms", "12", "data.duration_ms: must be a number (type)"),
    (TaskStatusChanged, "duration_ms", 2_678_400_000.5, "data.duration_ms: must be <= 2678400000 (maximum)"),
    (TaskStatusChanged, "duration_ms", math.nan, "data.duration_ms: must be finite"),
    (TaskStatusChanged, "duration_ms", math.inf, "data.duration_ms: must be finite"),
    (TaskStatusChanged, "error_type", "", "data.error_type: must not be empty (minLength 1)"),
    (TaskStatusChanged, "tenant", "", "data.tenant: must not be empty (minLength 1)"),
    (StepStatusChanged, "step_id", "", "data.step_id: must not be empty"),
    (StepStatusChanged, "status", "succeeded ", "data.status: must be one of queued, running"),
    (StepStatusChanged, "agent_name", 3, "data.agent_name: must be a string (type)"),
    (StepStatusChanged, "capability", None, "data.capability: required"),
    (StepStatusChanged, "attempt", 0, "data.attempt: must be >= 1 (minimum)"),
    (StepStatusChanged, "attempt", 2.5, "data.attempt: must be an integer (type)"),
    (StepStatusChanged, "attempt", True, "data.attempt: must be an integer (type)"),
    (StepStatusChanged, "attempt", 1_000_001, "data.attempt: must be <= 1000000 (maximum)"),
    (StepStatusChanged, "duration_ms", -0.001, "data.duration_ms: must be >= 0 (minimum)"),
    (CallCompleted, "status", "OK", "data.status: must be one of ok, error (enum)"),
    (CallCompleted, "latency_ms", -0.5, "data.latency_ms: must be >= 0 (minimum)"),
    (CallCompleted, "latency_ms", None, "data.latency_ms: required"),
    (CallCompleted, "input_tokens", 1.5, "data.input_tokens: must be an integer (type)"),
    (CallCompleted, "output_tokens", "340", "data.output_tokens: must be an integer (type)"),
    (CallCompleted, "output_tokens", 1_000_000_001, "data.output_tokens: must be <= 1000000000 (maximum)"),
    (CallCompleted, "cost_usd", -0.01, "data.cost_usd: must be >= 0 (minimum)"),
    (CallCompleted, "cost_usd", 1_000_000.01, "data.cost_usd: must be <= 1000000 (maximum)"),
    (CallCompleted, "task_id", "", "data.task_id: must not be empty"),
    (CallCompleted, "cached_input_tokens", -1, "data.cached_input_tokens: must be >= 0 (minimum)"),
    (CallCompleted, "cached_input_tokens", 10.5, "data.cached_input_tokens: must be an integer (type)"),
    (CallCompleted, "cached_input_tokens", 1201, "data.cached_input_tokens: must be <= input_tokens (1200)"),
    (CallCompleted, "tenant", "", "data.tenant: must not be empty (minLength 1)"),
    (LeaseAcquired, "resource_id", None, "data.resource_id: required"),
    (LeaseAcquired, "pool", ["browser"], "data.pool: must be a string (type)"),
    (LeaseAcquired, "ttl_ms", 0, "data.ttl_ms: must be > 0 (exclusiveMinimum)"),
    (LeaseAcquired, "ttl_ms", 31_536_000_001, "data.ttl_ms: must be <= 31536000000 (maximum)"),
    (LeaseAcquired, "agent_name", "", "data.agent_name: must not be empty"),
    (LeaseReleased, "lease_id", "", "data.lease_id: must not be empty"),
    (LeaseReleased, "reason", "gone", "data.reason: must be one of released, expired, revoked (enum)"),
    (PoolStatus, "capacity", -1, "data.capacity: must be >= 0 (minimum)"),
    (PoolStatus, "capacity", None, "data.capacity: required"),
    (PoolStatus, "healthy", 1.5, "data.healthy: must be an integer (type)"),
    (PoolStatus, "healthy", 1_000_000_001, "data.healthy: must be <= 1000000000 (maximum)"),
    (PoolStatus, "state", "up", "data.state: must be one of healthy, degraded, down (enum)"),
]


@pytest.mark.parametrize("cls,name,value,message", INVALID,
                         ids=[f"{c.TYPE}.{n}={v!r}" for c, n, v, _ in INVALID])
def test_a_broken_rule_is_refused_naming_field_and_rule(cls, name, value, message):
    with pytest.raises(ValueError) as refused:
        build(cls, {**FULL[cls], name: value})
    assert message in str(refused.value)


def test_every_enum_and_numeric_field_has_an_invalid_case_above():
    covered = {(cls, name) for cls, name, _, _ in INVALID}
    for cls in BUILDERS:
        for f in dataclasses.fields(cls):
            rule = f.metadata.get("rule")
            if rule is not None and not isinstance(rule, Str):
                assert (cls, f.name) in covered, f"{cls.TYPE}.{f.name}"


def test_integral_floats_are_integers_and_travel_as_such():
    step = build(StepStatusChanged, {**MINIMAL[StepStatusChanged], "attempt": 2.0})
    assert step.attempt == 2 and isinstance(step.attempt, int)
    assert b'"attempt":2}' in step.to_kafka().value
    call = build(CallCompleted, {**MINIMAL[CallCompleted], "input_tokens": 1200.0, "cached_input_tokens": 1200.0})
    assert (call.input_tokens, call.cached_input_tokens) == (1200, 1200)


def test_cached_input_tokens_may_equal_input_tokens_and_need_not_be_there():
    assert build(CallCompleted, {**MINIMAL[CallCompleted], "cached_input_tokens": 1200}).cached_input_tokens == 1200
    assert "cached_input_tokens" not in build(CallCompleted, MINIMAL[CallCompleted]).data()


def test_bounds_themselves_are_accepted():
    call = build(CallCompleted, {**MINIMAL[CallCompleted], "latency_ms": 2_678_400_000, "input_tokens": 10**9,
                                 "output_tokens": 10**9, "cost_usd": 1_000_000, "cached_input_tokens": 10**9})
    assert call.data()["input_tokens"] == 10**9
    assert build(LeaseAcquired, {**MINIMAL[LeaseAcquired], "ttl_ms": 31_536_000_000}).ttl_ms == 31_536_000_000
    assert build(StepStatusChanged, {**MINIMAL[StepStatusChanged], "attempt": 1}).attempt == 1
    assert build(PoolStatus, {"pool": "p", "capacity": 0, "healthy": 0}).capacity == 0


def test_events_are_immutable():
    event = build(TaskStatusChanged, MINIMAL[TaskStatusChanged])
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.status = "running"  # type: ignore[misc]


def test_from_data_reads_wire_data_ignoring_unknown_fields_and_refusing_missing_ones():
    event = CallCompleted.from_data({**MINIMAL[CallCompleted], "priority": "high"}, source="orchestrator", id="e-1")
    assert event.data() == MINIMAL[CallCompleted]
    assert (event.source, event.id) == ("orchestrator", "e-1")
    missing = dict(MINIMAL[CallCompleted])
    del missing["model_name"]
    with pytest.raises(ValueError, match="data.model_name: required"):
        CallCompleted.from_data(missing, source="orchestrator")
    with pytest.raises(ValueError, match="data: must be a JSON object"):
        CallCompleted.from_data(["not", "an", "object"], source="orchestrator")  # type: ignore[arg-type]


# The envelope.

def test_envelope_defaults_a_new_id_and_the_current_utc_time():
    before = datetime.now(timezone.utc)
    first = build(TaskStatusChanged, MINIMAL[TaskStatusChanged])
    second = build(TaskStatusChanged, MINIMAL[TaskStatusChanged])
    after = datetime.now(timezone.utc)
    assert first.id and first.id != second.id
    assert first.time.endswith("Z")
    stamped = datetime.strptime(first.time, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    assert before - timedelta(milliseconds=1) <= stamped <= after
    assert first.subject is None


def test_time_is_written_in_rfc3339_with_its_offset():
    utc = datetime(2026, 1, 15, 10, 30, 0, 123456, tzinfo=timezone.utc)
    assert build(TaskStatusChanged, MINIMAL[TaskStatusChanged], time=utc).time == "2026-01-15T10:30:00.123Z"
    paris = datetime(2026, 1, 15, 11, 30, tzinfo=timezone(timedelta(hours=1)))
    assert build(TaskStatusChanged, MINIMAL[TaskStatusChanged], time=paris).time == "2026-01-15T11:30:00.000+01:00"
    for text in ("2026-01-15T10:30:00Z", "2026-01-15t10:30:00.123456789z", "0001-01-01T00:00:00+23:59"):
        assert build(TaskStatusChanged, MINIMAL[TaskStatusChanged], time=text).time == text
    event = build(TaskStatusChanged, MINIMAL[TaskStatusChanged], time=None)
    assert event.time is None and "time" not in event.attributes()


@pytest.mark.parametrize("time,message", [
    (datetime(2026, 1, 15, 10, 30), "a datetime needs a time zone"),
    ("2026-01-15T10:30:00", "RFC 3339"),
    ("2026-01-15T10:30Z", "RFC 3339"),
    ("2026-01-15 10:30:00Z", "RFC 3339"),
    ("2026-02-30T10:30:00Z", "not a valid date-time"),
    ("2026-01-15T10:30:00+24:00", "offset out of range"),
    (1768473000, "must be a datetime or an RFC 3339 string"),
])
def test_a_time_vigil_would_refuse_is_refused(time, message):
    with pytest.raises(ValueError, match=message):
        build(TaskStatusChanged, MINIMAL[TaskStatusChanged], time=time)


@pytest.mark.parametrize("envelope,message", [
    ({"source": ""}, "source: must not be empty"),
    ({"source": None}, "source: required"),
    ({"id": ""}, "id: must not be empty"),
    ({"id": 7}, "id: must be a string"),
    ({"subject": ""}, "subject: must not be empty"),
    ({"traceparent": "not-a-traceparent"}, "traceparent: must be a W3C traceparent"),
    ({"traceparent": "00-00000000000000000000000000000000-00f067aa0ba902b7-01"}, "traceparent"),
    ({"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"}, "traceparent"),
    ({"traceparent": "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}, "traceparent"),
])
def test_a_broken_envelope_is_refused(envelope, message):
    with pytest.raises(ValueError, match=message):
        build(PoolStatus, MINIMAL[PoolStatus], **envelope)


def test_data_is_json_with_non_ascii_text_as_utf8():
    event = build(TaskStatusChanged, {"task_id": "tâche-✓", "status": "submitted"})
    record = event.to_kafka()
    assert record.key == "tâche-✓".encode("utf-8")
    assert json.loads(record.value.decode("utf-8")) == {"task_id": "tâche-✓", "status": "submitted"}
