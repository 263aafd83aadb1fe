"""Typed, validated CloudEvents for Vigil, published to Kafka.

    >>> from vigil_events import Publisher, TaskStatusChanged
    >>> with Publisher("localhost:9092", "agent-events") as publisher:
    ...     publisher.publish(TaskStatusChanged("task-1", "submitted", source="orchestrator"))

Builders: TaskStatusChanged, StepStatusChanged, CallCompleted, LeaseAcquired, LeaseReleased,
PoolStatus (vigil_events.events). Publishing: Publisher, DeliveryError (vigil_events.publisher).
"""

from .events import (BINARY, EVENT_TYPES, STRUCTURED, CallCompleted, Event, KafkaRecord, LeaseAcquired,
                     LeaseReleased, PoolStatus, StepStatusChanged, TaskStatusChanged)
from .publisher import DeliveryError, Failure, Publisher
from .tracing import current_traceparent

__all__ = [
    "BINARY", "STRUCTURED", "EVENT_TYPES", "Event", "KafkaRecord",
    "TaskStatusChanged", "StepStatusChanged", "CallCompleted", "LeaseAcquired", "LeaseReleased", "PoolStatus",
    "Publisher", "DeliveryError", "Failure", "current_traceparent",
]
