"""bali_umkm.memo: chart functions remember their results for the same arguments, an import
gives new maps (the cache is keyed on catalog.data_key), and what callers get back can be
changed without changing the next caller's result."""

import datetime

import pandas as pd
import pytest
from importer_files import umkm_long

from bali_umkm import catalog, importer, store
from bali_umkm.charts import base
from bali_umkm.memo import memo
from bali_umkm.views import kur_uptake, maps

REGENCIES9 = ["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung", "Bangli", "Karangasem", "Buleleng", "Denpasar"]


def counted(**memo_kw):
    calls = []

    @memo(**memo_kw)
    def build(frame, *, title="t", extra=None):
        calls.append(title)
        return {"rows": len(frame), "title": title, "sum": float(frame["v"].sum())}

    return build, calls


def test_same_arguments_are_built_once_and_dataframes_count_by_content():
    build, calls = counted()
    a = pd.DataFrame({"v": [1, 2, 3]})
    first = build(a, title="x")
    assert build(a.copy(), title="x") is first  # an equal frame (another object) hits
    assert len(calls) == 1
    assert build(pd.DataFrame({"v": [1, 2, 4]}), title="x")["sum"] == 7.0  # other content: built again
    assert build(a, title="y")["title"] == "y"  # other keyword: built again
    assert len(calls) == 3
    build.cache_clear()
    build(a, title="x")
    assert len(calls) == 4


def test_the_key_function_invalidates():
    state = {"k": 1}
    build, calls = counted(key=lambda: state["k"])
    frame = pd.DataFrame({"v": [1]})
    build(frame)
    build(frame)
    assert len(calls) == 1
    state["k"] = 2
    build(frame)
    assert len(calls) == 2


def test_copy_protects_the_remembered_result():
    build, calls = counted(copy=dict)
    frame = pd.DataFrame({"v": [5]})
    got = build(frame)
    got["title"] = "changed by a caller"
    assert build(frame)["title"] == "t"
    assert len(calls) == 1


def test_unpicklable_arguments_are_built_every_time():
    build, calls = counted()
    frame = pd.DataFrame({"v": [1]})
    build(frame, extra=lambda: None)
    build(frame, extra=lambda: None)
    assert len(calls) == 2


def test_least_recently_used_results_are_dropped():
    build, calls = counted(maxsize=2)
    frames = [pd.DataFrame({"v": [i]}) for i in range(3)]
    for f in frames:
        build(f)
    build(frames[2])
    assert len(calls) == 3  # the newest is still there
    build(frames[0])
    assert len(calls) == 4  # the oldest was dropped


def test_a_shared_chart_is_not_changed_by_what_chart_block_does():
    df = pd.DataFrame({"name": ["a", "b"], "value": [1.0, 2.0]})
    kw = dict(category="name", value="value", title="T", unit_label="unit", source="S", lang="id")
    chart = base.bar(df, **kw)
    before = chart.to_dict()
    chart.properties(autosize={"type": "fit-x", "contains": "padding"}, width=300)  # as ui.show does
    again = base.bar(df, **kw)
    assert again is chart
    assert again.to_dict() == before


def test_indicator_map_results_can_be_changed_by_callers():
    view = maps.map_view("umkm_total", "2019", lang="id")
    view.table.iloc[0, 0] = "changed"
    view.notes.append("changed")
    view.values.loc[0, "value"] = -1
    again = maps.map_view("umkm_total", "2019", lang="id")
    assert again.chart is view.chart  # remembered ...
    assert "changed" not in again.notes and again.table.iloc[0, 0] != "changed"  # ... with its own tables
    assert again.values.loc[0, "value"] != -1


def test_indicator_map_depends_on_the_year_when_no_reference_year_is_given():
    assert maps._view_key() == (catalog.data_key(), datetime.date.today().year)


def test_an_import_gives_a_new_map(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    before = maps.map_view("umkm_total", "2024", lang="id")
    assert before.values["value"].isna().all() or before.option is None or before.option.year != 2024
    data = umkm_long([(name, 2024, "jumlah", 1000 + i) for i, name in enumerate(REGENCIES9)])
    checked = importer.check(data, "umkm", "t.csv")
    assert checked.ok, checked.report.text("en")
    importer.commit(checked, uploader="tester", source="Diskop UKM Bali", in_store=store.Store())
    after = maps.map_view("umkm_total", "2024", lang="id")
    assert after.chart is not before.chart
    assert after.option.year == 2024
    assert sorted(after.values["value"].tolist()) == pytest.approx([1000 + i for i in range(9)])


def test_chart_block_converts_a_remembered_chart_once():
    import gc

    import altair as alt

    from bali_umkm.ui import blocks

    df = pd.DataFrame({"name": ["a", "b"], "value": [1.0, 2.0]})
    chart = base.bar(df, category="name", value="value", title="T", unit_label="u", source="S", lang="id")
    drawn, spec = blocks._prepared(chart)
    assert drawn is not chart and drawn.autosize.type == "fit-x"  # fit-x added, the shared chart untouched
    assert chart.autosize is alt.Undefined
    assert spec == drawn.to_json(indent=None)  # the same JSON as a validated conversion
    again, spec2 = blocks._prepared(chart)
    assert again is drawn and spec2 is spec  # remembered: not converted again
    own = alt.Chart(df).mark_bar().encode(x="value:Q").properties(autosize="pad")
    own_drawn = blocks._prepared(own)[0]
    assert own_drawn.autosize == "pad"  # a chart with its own autosize keeps it (fit-x not forced)
    assert own_drawn is not own and own.padding is alt.Undefined  # phone limits on a copy only
    del own_drawn
    key = id(own)
    del own, again, drawn
    gc.collect()
    assert key not in blocks._PREPARED  # forgotten with the chart


def test_kur_derived_figures_are_remembered_and_handed_out_as_new_lists():
    from bali_umkm import kur

    first = kur.regency_derived("2016")
    again = kur.regency_derived("2016")
    assert again == first and again is not first  # a caller may append to its list
    assert all(a is b for a, b in zip(again, first, strict=True))  # the (frozen) results are shared
    frame = kur_uptake.derived_frame(first, "id")
    frame.loc[0, "area"] = "changed"
    assert kur_uptake.derived_frame(first, "id").loc[0, "area"] != "changed"
