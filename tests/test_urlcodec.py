"""Page state in the URL without Streamlit: each kind of parameter read forgivingly and written
back compact; values checked against choices that depend on other values."""

from hypothesis import given, settings
from hypothesis import strategies as hs

from bali_umkm.priority_index import Choice
from bali_umkm.urlcodec import (
    Flag,
    Many,
    One,
    OptionalMany,
    Param,
    Text,
    Values,
    WeightedChoices,
    decode,
    encode,
    items,
)

PERIODS = {"a": ["2024", "2020"], "b": ["2019"]}


def params():
    return (
        Param("metric", One(), default="a", choices=("a", "b")),
        Param("period", One(), default=lambda v: PERIODS[v["metric"]][0], choices=lambda v: PERIODS[v["metric"]]),
        Param("tags", Many(), default=(), choices=("x", "y", "z")),
        Param("all", Flag(), default=False),
        Param("q", Text(max_chars=5), default=""),
    )


def test_items_take_repeated_parameters_and_comma_lists():
    assert items(["a,b", " c ", ",,"]) == ["a", "b", "c"]
    assert items("x") == ["x"] and items(None) == []


def test_each_kind_reads_and_writes():
    values, problems = decode(params(), {"metric": ["b"], "period": "2019", "tags": ["z,x", "x"], "all": "ya",
                                         "q": "  endek songket "})
    assert values == {"metric": "b", "period": "2019", "tags": ("z", "x"), "all": True, "q": "endek"}
    assert problems == []
    assert encode(params(), values) == {"metric": "b", "period": "2019", "tags": "z,x", "all": "1", "q": "endek"}


def test_what_cannot_be_used_is_dropped_reported_and_replaced_by_the_default():
    values, problems = decode(params(), {"metric": "c", "period": "1999", "tags": "x,nope", "all": "maybe"})
    assert values["metric"] == "a" and values["period"] == "2024"   # the default of the default metric
    assert values["tags"] == ("x",) and values["all"] is False
    assert [(p.param, p.value, p.code) for p in problems] == [
        ("metric", "c", "unknown_value"), ("period", "1999", "unknown_value"), ("tags", "nope", "unknown_value"),
        ("all", "maybe", "unknown_value")]
    assert all(p.message("id") and p.message("en") and p.value in p.message("en") for p in problems)


def test_a_value_no_longer_on_offer_falls_back_once_its_choices_change():
    stored = {}
    values = Values(params(), stored)
    values.read_url({"period": ["2020"]})
    assert values["period"] == "2020"
    values.set(metric="b")                     # 2020 is not a period of b
    assert values["period"] == "2019" and stored["period"] == "2019"
    values.set(metric="a")                     # 2019 is not one of a's either: a's default
    assert values["period"] == "2024"
    values.reset()
    assert values.url() == {"metric": "a", "period": "2024", "tags": None, "all": None, "q": None}


def test_when_and_omit_default_leave_a_parameter_out_of_the_url():
    ps = (Param("by", One(), default="actor", choices=("actor", "barrier")),
          Param("actor", Many(), default=(), when=lambda v: v["by"] == "actor"),
          Param("barrier", Many(), default=(), when=lambda v: v["by"] == "barrier"),
          Param("deck", One(), default="id", choices=("id", "en"), omit_default=True))
    values = Values(ps, {})
    values.set(actor=("lsm",), barrier=("kur_agunan",), deck="en")
    assert values.url() == {"by": "actor", "actor": "lsm", "barrier": None, "deck": "en"}
    values.set(by="barrier", deck="id")
    assert values.url() == {"by": "barrier", "actor": None, "barrier": "kur_agunan", "deck": None}
    assert values["actor"] == ("lsm",)        # kept for when it applies again


def test_optional_many_tells_absent_from_none():
    kind = OptionalMany()
    assert kind.decode("reg", [], None) == (None, [])
    assert kind.decode("reg", ["none"], None) == ((), [])
    assert kind.encode(None) is None and kind.encode(()) == "none" and kind.encode(("5107",)) == "5107"
    value, problems = kind.decode("reg", ["9999"], ("5107",))
    assert value is None and problems[0].code == "unknown_value"   # nothing usable: back to "absent"


def test_weighted_choices_read_each_part_on_its_own():
    kind = WeightedChoices(max_items=2, max_weight=10)
    known = {"a": "high", "b": "low", "c": "high"}
    value, problems = kind.decode("ind", ["a~2.5~l,b~x,c~3"], known)
    assert value == (Choice("a", 2.5, "low"), Choice("b", 1.0, "low"))
    assert [p.code for p in problems] == ["bad_weight", "too_many"]
    assert kind.encode(value) == "a~2.5~l,b~1~l"
    assert kind.decode("ind", ["a~11"], known)[0] == (Choice("a", 1.0, "high"),)   # above max_weight
    _, problems = kind.decode("ind", ["zzz"], known)
    assert [p.code for p in problems] == ["unknown_indicator", "defaults_used"]


@settings(max_examples=150, deadline=None)
@given(hs.dictionaries(hs.sampled_from(["metric", "period", "tags", "all", "q", "other"]),
                       hs.one_of(hs.text(max_size=40), hs.lists(hs.text(max_size=20), max_size=3))))
def test_any_url_gives_values_on_offer_and_never_raises(query):
    values, _ = decode(params(), query)
    assert values["metric"] in ("a", "b") and values["period"] in PERIODS[values["metric"]]
    assert set(values["tags"]) <= {"x", "y", "z"} and isinstance(values["all"], bool) and len(values["q"]) <= 5
    again, problems = decode(params(), {k: v for k, v in encode(params(), values).items() if v})
    assert again == values and problems == []
