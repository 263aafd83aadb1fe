"""The Publisher reports what Kafka did not take: here, a bootstrap address where nothing listens."""

import socket
import time

import pytest
from samples import MINIMAL, build

from vigil_events import DeliveryError, PoolStatus, Publisher, TaskStatusChanged


@pytest.fixture
def closed_port():
    """A loopback port that was just free: nothing listens there."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unreachable(port, **config):
    # A short message timeout, so librdkafka gives up on the records within a second.
    return Publisher(f"127.0.0.1:{port}", "agent-events", log_level=0, **{"message.timeout.ms": 1000}, **config)


def test_flush_raises_delivery_error_listing_every_failed_event_with_the_error(closed_port):
    publisher = _unreachable(closed_port)
    events = [build(TaskStatusChanged, MINIMAL[TaskStatusChanged], id=f"evt-{i}") for i in range(3)]
    for event in events:
        publisher.publish(event)  # queued: no error yet
    started = time.monotonic()
    with pytest.raises(DeliveryError) as raised:
        publisher.flush(timeout=20)
    assert time.monotonic() - started < 15, "failed by message.timeout.ms, not by the flush timeout"
    failures = raised.value.failures
    assert sorted(f.event.id for f in failures) == ["evt-0", "evt-1", "evt-2"]
    assert {f.error.name() for f in failures} == {"_MSG_TIMED_OUT"}
    assert "3 event(s) not delivered" in str(raised.value)
    assert "agent.task.status_changed id=evt-1 key=task-1: Local: Message timed out (_MSG_TIMED_OUT)" \
        in str(raised.value)
    publisher.flush(timeout=1)  # reported once: nothing left to raise


def test_publish_sync_raises_for_its_own_event(closed_port):
    publisher = _unreachable(closed_port)
    event = build(PoolStatus, MINIMAL[PoolStatus], id="evt-sync")
    with pytest.raises(DeliveryError) as raised:
        publisher.publish_sync(event, timeout=20)
    assert [(f.event.id, f.error.name()) for f in raised.value.failures] == [("evt-sync", "_MSG_TIMED_OUT")]
    publisher.flush(timeout=1)  # already raised, not raised again


def test_flush_reports_events_still_waiting_at_its_timeout(closed_port):
    publisher = Publisher(f"127.0.0.1:{closed_port}", "agent-events", log_level=0, **{"message.timeout.ms": 60000})
    event = build(PoolStatus, MINIMAL[PoolStatus], id="evt-waiting")
    publisher.publish(event)
    with pytest.raises(DeliveryError) as raised:
        publisher.flush(timeout=0.5)
    assert [(f.event.id, f.error) for f in raised.value.failures] == [("evt-waiting", "not delivered within 0.5 s")]


def test_a_record_kafka_refuses_at_once_is_raised_by_publish(closed_port):
    publisher = _unreachable(closed_port, **{"message.max.bytes": 1000})
    event = build(TaskStatusChanged, {"task_id": "t" * 2000, "status": "submitted"})
    with pytest.raises(DeliveryError) as raised:
        publisher.publish(event)
    assert raised.value.failures[0].event is event
    assert "MSG_SIZE_TOO_LARGE" in str(raised.value)
    publisher.flush(timeout=1)  # not left in flight


def test_settings_and_mode_are_checked():
    with pytest.raises(ValueError, match="mode: must be one of binary, structured"):
        Publisher("127.0.0.1:9", "agent-events", mode="text")
    publisher = Publisher("127.0.0.1:9", "agent-events", log_level=0)
    with pytest.raises(TypeError, match="not a vigil_events event"):
        publisher.publish({"task_id": "t-1", "status": "submitted"})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mode: must be one of"):
        publisher.publish(build(PoolStatus, MINIMAL[PoolStatus]), mode="text")
    publisher.flush(timeout=1)
