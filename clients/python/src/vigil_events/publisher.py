"""Publishing events to Vigil's input topic with confluent-kafka, delivery errors reported.

    >>> from vigil_events import Publisher, TaskStatusChanged
    >>> with Publisher("localhost:9092", "agent-events") as publisher:   # flushes on exit
    ...     publisher.publish(TaskStatusChanged("task-1", "submitted", source="orchestrator"))
    ...     publisher.publish_sync(TaskStatusChanged("task-1", "running", source="orchestrator"))

``publish`` queues the record and returns; a delivery that fails later is recorded, and the next
``flush`` raises a DeliveryError listing it with the broker's error. ``publish_sync`` waits for its
own record and raises at once.
"""

import threading
import time
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Union

from confluent_kafka import KafkaError, KafkaException, Producer

from .events import BINARY, MODES, Event


class Failure(NamedTuple):
    """An event that was not delivered, and why: the broker's (or librdkafka's) error, or a text."""

    event: Event
    error: Union[KafkaError, str]

    def __str__(self) -> str:
        error = self.error
        if isinstance(error, KafkaError):
            error = f"{error.str()} ({error.name()})"
        return f"{self.event.TYPE} id={self.event.id} key={self.event.key}: {error}"


class DeliveryError(Exception):
    """Events Kafka did not take; ``failures`` lists each with its error.

    >>> try:
    ...     publisher.flush(10)
    ... except DeliveryError as e:
    ...     for failure in e.failures: print(failure.event.id, failure.error)
    """

    def __init__(self, failures: List[Failure]) -> None:
        self.failures = list(failures)
        lines = "\n".join("  " + str(f) for f in self.failures)
        super().__init__(f"{len(self.failures)} event(s) not delivered:\n{lines}")


class Publisher:
    """A Kafka producer for Vigil's input topic: keyed by entity, acks=all, idempotent.

    >>> publisher = Publisher("localhost:9092", "agent-events", mode="structured",
    ...                       **{"linger.ms": 5, "message.timeout.ms": 30000})
    >>> publisher.publish(event)                      # this publisher's mode
    >>> publisher.publish(event, mode="binary")       # or another, per event
    >>> publisher.flush(10)                           # raises DeliveryError if any failed

    Further keyword arguments are confluent-kafka producer settings, by librdkafka's names (dotted
    ones as ``**{"message.timeout.ms": 30000}``; they may override acks and enable.idempotence).
    Thread-safe, like the underlying producer.
    """

    def __init__(self, bootstrap_servers: str, topic: str, mode: str = BINARY, **producer_config: Any) -> None:
        if mode not in MODES:
            raise ValueError(f"mode: must be one of {', '.join(MODES)}, got {mode!r}")
        config: Dict[str, Any] = {"bootstrap.servers": bootstrap_servers, "acks": "all", "enable.idempotence": True}
        config.update(producer_config)
        self.topic = topic
        self.mode = mode
        self._producer = Producer(config)
        self._lock = threading.Lock()
        self._failures: List[Failure] = []
        self._in_flight: Dict[int, Event] = {}
        self._next = 0

    def publish(self, event: Event, mode: Optional[str] = None) -> None:
        """Queues the event; a failed delivery is raised by the next :meth:`flush`."""
        with self._lock:
            token = self._next
            self._next += 1
            self._in_flight[token] = event

        def delivered(err: Optional[KafkaError], _msg: Any) -> None:
            with self._lock:
                self._in_flight.pop(token, None)
                if err is not None:
                    self._failures.append(Failure(event, err))

        try:
            self._produce(event, mode, delivered)
        except BaseException:  # not queued: nothing will call back
            with self._lock:
                self._in_flight.pop(token, None)
            raise

    def publish_sync(self, event: Event, timeout: float = 30.0, mode: Optional[str] = None) -> None:
        """Publishes the event and waits for its delivery; raises DeliveryError if it failed or timed out."""
        done = threading.Event()
        outcome: List[Optional[KafkaError]] = []

        def delivered(err: Optional[KafkaError], _msg: Any) -> None:
            outcome.append(err)
            done.set()

        self._produce(event, mode, delivered)
        deadline = time.monotonic() + timeout
        while not done.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeliveryError([Failure(event, f"not delivered within {timeout} s")])
            self._producer.poll(min(left, 0.5))  # serves delivery callbacks
        if outcome[0] is not None:
            raise DeliveryError([Failure(event, outcome[0])])

    def flush(self, timeout: float = 30.0) -> None:
        """Waits for every queued event; raises DeliveryError listing those that failed or are still waiting.

        An event still waiting at the timeout is reported and stays queued: a later flush reports it
        again if it fails then.
        """
        remaining = self._producer.flush(timeout)
        with self._lock:
            failures, self._failures = self._failures, []
            if remaining > 0:
                failures += [Failure(e, f"not delivered within {timeout} s") for e in self._in_flight.values()]
        if failures:
            raise DeliveryError(failures)

    def __enter__(self) -> "Publisher":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.flush()

    def _produce(self, event: Event, mode: Optional[str], on_delivery: Callable[..., None]) -> None:
        if not isinstance(event, Event):
            raise TypeError(f"not a vigil_events event: {event!r}")
        record = event.to_kafka(mode or self.mode)
        deadline = time.monotonic() + 30.0
        while True:
            try:
                self._producer.produce(self.topic, key=record.key, value=record.value, headers=record.headers,
                                       on_delivery=on_delivery)
                break
            except BufferError:  # librdkafka's queue is full: let deliveries drain it
                if time.monotonic() >= deadline:
                    raise DeliveryError([Failure(event, "librdkafka's local queue stayed full for 30 s")]) from None
                self._producer.poll(0.1)
            except KafkaException as e:
                raise DeliveryError([Failure(event, e.args[0])]) from e
        self._producer.poll(0)
