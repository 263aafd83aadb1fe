"""Kafka records: the key is the entity id, and both content modes carry what docs/events.md asks."""

import json

import pytest
from samples import FULL, MINIMAL, build

from vigil_events import (BINARY, STRUCTURED, CallCompleted, LeaseAcquired, LeaseReleased, PoolStatus,
                          StepStatusChanged, TaskStatusChanged, current_traceparent)
from vigil_events.tracing import otel_available

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


@pytest.mark.parametrize("cls,data,key", [
    (TaskStatusChanged, {"task_id": "task-7", "status": "running"}, "task-7"),
    (StepStatusChanged, {**MINIMAL[StepStatusChanged], "task_id": "task-8", "step_id": "s-1"}, "task-8"),
    (CallCompleted, {**MINIMAL[CallCompleted], "call_id": "call-9", "task_id": "task-9"}, "task-9"),
    (CallCompleted, {**MINIMAL[CallCompleted], "call_id": "call-9"}, "call-9"),
    (LeaseAcquired, {**MINIMAL[LeaseAcquired], "lease_id": "lease-3", "task_id": "task-3"}, "lease-3"),
    (LeaseReleased, {**MINIMAL[LeaseReleased], "lease_id": "lease-4"}, "lease-4"),
    (PoolStatus, {"pool": "gpu", "capacity": 4}, "gpu"),
], ids=["task", "step", "call-with-task", "call-alone", "lease-acquired", "lease-released", "pool"])
def test_the_key_is_the_entity_id_in_utf8(cls, data, key):
    event = build(cls, data)
    assert event.key == key
    for mode in (BINARY, STRUCTURED):
        assert event.to_kafka(mode).key == key.encode("utf-8")


def test_binary_mode_carries_attributes_as_ce_headers_and_the_data_as_value():
    event = build(CallCompleted, FULL[CallCompleted], id="evt-1", source="orchestrator",
                  time="2026-01-15T10:30:00Z", subject="call-1", traceparent=TRACEPARENT)
    record = event.to_kafka(BINARY)
    assert record.headers == [
        ("ce_specversion", b"1.0"),
        ("ce_id", b"evt-1"),
        ("ce_source", b"orchestrator"),
        ("ce_type", b"agent.call.completed"),
        ("ce_time", b"2026-01-15T10:30:00Z"),
        ("ce_subject", b"call-1"),
        ("ce_traceparent", TRACEPARENT.encode()),
        ("content-type", b"application/json"),
    ]
    assert json.loads(record.value) == FULL[CallCompleted]
    assert b" " not in record.value  # compact JSON


def test_binary_mode_leaves_out_absent_optional_attributes():
    record = build(PoolStatus, MINIMAL[PoolStatus], time=None).to_kafka()  # binary by default; no span active
    assert [name for name, _ in record.headers] == ["ce_specversion", "ce_id", "ce_source", "ce_type",
                                                    "content-type"]


def test_structured_mode_carries_the_whole_event_in_the_value():
    event = build(LeaseAcquired, FULL[LeaseAcquired], id="evt-2", source="orchestrator",
                  time="2026-01-15T11:30:00+01:00", subject="lease-1", traceparent=TRACEPARENT)
    record = event.to_kafka(STRUCTURED)
    assert record.headers == [("content-type", b"application/cloudevents+json")]
    assert json.loads(record.value) == {
        "specversion": "1.0", "id": "evt-2", "source": "orchestrator", "type": "agent.lease.acquired",
        "time": "2026-01-15T11:30:00+01:00", "subject": "lease-1", "traceparent": TRACEPARENT,
        "datacontenttype": "application/json", "data": FULL[LeaseAcquired],
    }


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="mode: must be one of binary, structured"):
        build(PoolStatus, MINIMAL[PoolStatus]).to_kafka("text")


# traceparent: explicit, else the current OpenTelemetry span's, else none.

def test_without_an_active_span_there_is_no_traceparent():
    assert current_traceparent() is None
    event = build(TaskStatusChanged, MINIMAL[TaskStatusChanged])
    assert event.traceparent is None
    assert "traceparent" not in event.to_cloudevent()
    assert all(name != "ce_traceparent" for name, _ in event.to_kafka().headers)


def test_an_explicit_traceparent_is_carried_in_both_modes():
    event = build(TaskStatusChanged, MINIMAL[TaskStatusChanged], traceparent=TRACEPARENT)
    assert ("ce_traceparent", TRACEPARENT.encode()) in event.to_kafka(BINARY).headers
    assert json.loads(event.to_kafka(STRUCTURED).value)["traceparent"] == TRACEPARENT


@pytest.mark.skipif(not otel_available(), reason="opentelemetry-api is not installed (the optional otel extra; "
                                                 "no Debian package): the current span cannot be read")
def test_the_active_opentelemetry_span_gives_the_traceparent_unless_one_is_given():
    from opentelemetry import trace
    from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

    context = SpanContext(trace_id=0x0AF7651916CD43DD8448EB211C80319C, span_id=0x00B7AD6B7169203B,
                          is_remote=False, trace_flags=TraceFlags(TraceFlags.SAMPLED))
    with trace.use_span(NonRecordingSpan(context)):
        expected = "00-0af7651916cd43dd8448eb211c80319c-00b7ad6b7169203b-01"
        assert current_traceparent() == expected
        event = build(TaskStatusChanged, MINIMAL[TaskStatusChanged])
        assert event.traceparent == expected
        assert ("ce_traceparent", expected.encode()) in event.to_kafka(BINARY).headers
        assert build(TaskStatusChanged, MINIMAL[TaskStatusChanged], traceparent=TRACEPARENT).traceparent == TRACEPARENT
    # Captured when the event was built: it keeps its trace outside the span.
    assert event.traceparent == expected
    assert build(TaskStatusChanged, MINIMAL[TaskStatusChanged]).traceparent is None
