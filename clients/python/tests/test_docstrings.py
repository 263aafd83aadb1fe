"""The usage examples in the builders' docstrings run as written (the Publisher's need a broker)."""

import doctest

import pytest

import vigil_events._rules
import vigil_events.events


@pytest.mark.parametrize("module", [vigil_events.events, vigil_events._rules], ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    results = doctest.testmod(module)
    assert results.attempted > 0
    assert results.failed == 0
