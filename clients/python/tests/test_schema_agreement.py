"""The builders agree with the repository's schemas (schemas/src/main/resources/vigil/schemas).

Every builder's output validates; the examples of examples/index.json are accepted or refused by the
builders as by the schema; and so is every probe value of every property, derived from the schema's own
keywords (types, enums, bounds), so a rule changed on one side only fails here.
"""

import copy
import json

import pytest
from conftest import EXAMPLES, schema, validator
from samples import BUILDERS, FULL, MINIMAL, build

from vigil_events import EVENT_TYPES, CallCompleted

def _properties(cls):
    return schema(cls.TYPE)["properties"]


@pytest.mark.parametrize("cls", BUILDERS, ids=lambda c: c.TYPE)
def test_builder_fields_are_the_schema_properties_and_required_alike(cls):
    properties = set(_properties(cls))
    fields = set(cls.data_fields())
    assert properties <= fields, f"the schema has fields the builder lacks: {properties - fields}"
    assert fields == properties, f"the builder has fields the schema lacks: {fields - properties}"
    required = {name for name in cls.data_fields() if _is_required(cls, name)}
    assert required == set(schema(cls.TYPE)["required"])


def _is_required(cls, name):
    data = dict(FULL[cls])
    del data[name]
    try:
        cls.from_data(data, source="test")
        return False
    except ValueError as e:
        assert f"data.{name}: required" in str(e)
        return True


@pytest.mark.parametrize("cls", BUILDERS, ids=lambda c: c.TYPE)
def test_every_builder_output_validates_against_its_schema(cls):
    check = validator(cls.TYPE)
    for data in (MINIMAL[cls], FULL[cls]):
        event = build(cls, data)
        check.validate(event.data())
        for mode in ("binary", "structured"):
            value = json.loads(event.to_kafka(mode).value)
            check.validate(value if mode == "binary" else value["data"])


def _examples_with_data():
    index = json.loads((EXAMPLES / "index.json").read_text(encoding="utf-8"))
    for path in index["examples"]:
        example = json.loads((EXAMPLES / path).read_text(encoding="utf-8"))
        expect = example["expect"]
        if "data" not in expect or expect["type_label"] not in EVENT_TYPES:
            continue
        value = example["value"]
        data = value["data"] if "specversion" in value and "data" in value else value
        yield pytest.param(expect["type_label"], data, expect["data"], id=path)


def _builder_verdict_expected(expect):
    """The builder refuses what Vigil's parser refuses for its data: the schema's verdict, and the one rule
    between two fields a schema cannot state (cached_input_tokens <= input_tokens, schemas/README.md)."""
    if expect.get("reason") == "invalid_data" and expect.get("detail_contains", "").startswith("data."):
        return "invalid"
    return expect["data"]


EXAMPLES_WITH_DATA = list(_examples_with_data())


def test_the_examples_judge_data_of_every_type_both_ways():
    judged = {(p.values[0], p.values[2]) for p in EXAMPLES_WITH_DATA}
    assert judged == {(t, verdict) for t in EVENT_TYPES for verdict in ("valid", "invalid")}


def _examples_for_the_builder():
    for param in EXAMPLES_WITH_DATA:
        expect = json.loads((EXAMPLES / param.id).read_text(encoding="utf-8"))["expect"]
        yield pytest.param(param.values[0], param.values[1], _builder_verdict_expected(expect), id=param.id)


@pytest.mark.parametrize("event_type,data,verdict", list(_examples_for_the_builder()))
def test_examples_are_accepted_or_refused_by_the_builder_as_vigils_parser_does(event_type, data, verdict):
    # expect.data is the schema's verdict (vigil-serdes checks it in Java, and the next test here); the
    # builder also refuses what the parser refuses across two fields.
    assert _builder_verdict(EVENT_TYPES[event_type], data) == verdict


@pytest.mark.parametrize("event_type,data,verdict", EXAMPLES_WITH_DATA)
def test_examples_verdicts_are_the_schemas(event_type, data, verdict):
    assert ("valid" if validator(event_type).is_valid(data) else "invalid") == verdict


def _builder_verdict(cls, data):
    try:
        cls.from_data(data, source="test")
        return "valid"
    except ValueError:
        return "invalid"


def _probes(prop):
    """Values around every keyword of one property's schema, and values of every JSON type."""
    values = [None, "", "x", "ok", True, False, [], {}, [1], {"a": 1}, "1", -1, 0, 0.5, 1, 2, 2.0, 2.5, 1e300]
    values += prop.get("enum", [])
    values += [v.upper() for v in prop.get("enum", []) if isinstance(v, str)]
    for keyword in ("minimum", "maximum", "exclusiveMinimum"):
        if keyword in prop:
            bound = prop[keyword]
            values += [bound - 1, bound - 0.5, bound, float(bound), bound + 0.5, bound + 1]
    return values


def _base(cls, name):
    """FULL data, with what a cross-field rule of the builder ties to `name` moved out of the way."""
    data = copy.deepcopy(FULL[cls])
    if cls is CallCompleted and name == "cached_input_tokens":
        data["input_tokens"] = 1_000_000_000  # cached <= input, which a schema cannot say
    if cls is CallCompleted and name == "input_tokens":
        del data["cached_input_tokens"]
    return data


@pytest.mark.parametrize("cls", BUILDERS, ids=lambda c: c.TYPE)
def test_every_probe_value_of_every_property_gets_the_schema_verdict(cls):
    check = validator(cls.TYPE)
    compared = 0
    for name, prop in _properties(cls).items():
        base = _base(cls, name)
        missing = {k: v for k, v in base.items() if k != name}
        cases = [("absent", missing)] + [(repr(v), {**base, name: v}) for v in _probes(prop)]
        for label, data in cases:
            by_schema = "valid" if check.is_valid(data) else "invalid"
            assert _builder_verdict(cls, data) == by_schema, f"{cls.TYPE}.{name} = {label}"
            if by_schema == "valid":
                check.validate(cls.from_data(data, source="test").data())
            compared += 1
    assert compared > 20 * len(_properties(cls))
