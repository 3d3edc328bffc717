"""bali_umkm.cache: one decorator remembers results per (arguments, data version); an import gives
new maps, a pinned version is read once, callers can change what they get without changing the
next caller's result, and a chart view's spec is converted once."""

import datetime
import re

import pandas as pd
import pytest
from conftest import ROOT
from importer_files import umkm_long

from bali_umkm import cache, catalog, importer, store
from bali_umkm.cache import cached
from bali_umkm.charts import base
from bali_umkm.views import distribution, kur_uptake, maps

REGENCIES9 = ["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung", "Bangli", "Karangasem", "Buleleng", "Denpasar"]


@pytest.fixture
def version(monkeypatch):
    """A data version the test sets (instead of the store's), read through cache.read_version."""
    state = {"v": ("store", "v000001"), "reads": 0}

    def read():
        state["reads"] += 1
        return state["v"]

    monkeypatch.setattr(cache, "read_version", read)
    cache.unpin()
    yield state
    cache.unpin()


def counted(**kw):
    calls = []

    @cached(**kw)
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


def test_hashable_arguments_are_keys_as_they_are():
    calls = []

    @cached
    def label(code: str, lang: str = "id") -> str:
        calls.append(code)
        return f"{code}/{lang}"

    assert label("5107") == label("5107") == "5107/id"
    assert label("5107", lang="en") == "5107/en"
    assert calls == ["5107", "5107"]


def test_one_call_written_three_ways_is_one_result():
    calls = []

    @cached
    def label(code: str, lang: str = "id", *, short: bool = False) -> str:
        calls.append((code, lang, short))
        return f"{code}/{lang}/{short}"

    first = label("5107")
    assert label("5107", "id") is first and label("5107", lang="id") is first
    assert label(code="5107", short=False) is first
    assert calls == [("5107", "id", False)]
    assert label("5107", "en") == "5107/en/False" and label("5107", short=True) == "5107/id/True"
    assert len(calls) == 3
    with pytest.raises(TypeError):  # a wrong call still fails as Python says, and is not remembered
        label("5107", colour="red")
    assert len(calls) == 3


def test_a_new_data_version_gives_new_results_and_old_versions_are_dropped(version):
    build, calls = counted()
    frame = pd.DataFrame({"v": [1]})
    build(frame)
    build(frame)
    assert len(calls) == 1
    version["v"] = ("store", "v000002")  # an import (or a rollback: also a new version)
    build(frame)
    assert len(calls) == 2
    assert build.cache_size() == 2  # the two newest versions are kept ...
    version["v"] = ("store", "v000003")
    build(frame)
    assert build.cache_size() == 2  # ... the oldest is dropped


def test_a_pinned_version_is_read_once(version):
    calls = []

    @cached
    def twice(n: int) -> int:
        calls.append(n)
        return 2 * n

    cache.pin()
    reads = version["reads"]
    assert [twice(i % 3) for i in range(30)] == [2 * (i % 3) for i in range(30)]
    assert version["reads"] == reads  # no read of the store per call while pinned
    version["v"] = ("store", "v000009")  # an import by another process ...
    twice(1)
    assert calls.count(1) == 1  # ... is not seen within the pinned run
    cache.pin()  # the next run
    twice(1)
    assert calls.count(1) == 2
    cache.unpin()
    twice(1)
    assert version["reads"] == reads + 2  # unpinned: asked per call


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


def test_clear_all_forgets_every_function():
    build, calls = counted()
    frame = pd.DataFrame({"v": [1]})
    build(frame)
    cache.clear_all()
    build(frame)
    assert len(calls) == 2


def test_a_shared_chart_is_not_changed_by_what_a_page_does_with_it():
    df = pd.DataFrame({"name": ["a", "b"], "value": [1.0, 2.0]})
    kw = dict(category="name", value="value", title="T", unit_label="unit", source="S", lang="id")
    chart = base.bar(df, **kw)
    before = chart.to_dict()
    spec = base.page_spec(chart)  # as ui.show does: autosize, phone limits, conversion
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
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


def test_indicator_map_notes_count_age_from_this_year_unless_told():
    today = maps.map_view("umkm_total", "2019", lang="id")
    assert today is not maps.map_view("umkm_total", "2019", lang="id", reference_year=2019)
    same = maps.map_view("umkm_total", "2019", lang="id", reference_year=datetime.date.today().year)
    assert same.chart is today.chart  # the default year is this year's


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
    assert after.spec is not before.spec


def test_a_view_is_converted_once_and_its_copies_share_the_spec(monkeypatch):
    conversions = []
    real = base.to_spec

    def counting(chart, **kw):
        conversions.append(chart)
        return real(chart, **kw)

    monkeypatch.setattr(base, "to_spec", counting)
    cache.clear_all()
    view = maps.map_view("umkm_total", "2019", lang="en")
    spec = view.spec
    assert len(conversions) == 1
    assert maps.map_view("umkm_total", "2019", lang="en").spec is spec  # a rerun: not converted again
    assert view.copy().spec is spec
    assert len(conversions) == 1
    assert maps.map_view("umkm_total", "2019", lang="id").spec is not spec  # per language
    scale = distribution.scale_view("id")
    assert distribution.scale_view("id").spec is scale.spec
    assert len(conversions) == 3


def test_a_page_spec_is_the_validated_chart_with_its_data_inline():
    view = maps.map_view("umkm_total", "2019", lang="id")
    spec = view.spec
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["usermeta"]["title"] == view.title  # responsive: the title kept for the reader
    assert "continuousWidth" not in spec.get("config", {}).get("view", {})  # no Altair theme
    rows = [ds for ds in spec["datasets"].values() if isinstance(ds, list)]
    assert any(len(r) == 9 and {"regency_code", "value_text"} <= set(r[0]) for r in rows)
    assert any(p.get("name") == maps.SELECTION for p in spec["params"])  # the click selection


def test_kur_derived_figures_are_remembered_and_handed_out_as_new_lists():
    from bali_umkm import kur

    first = kur.regency_derived("2016")
    again = kur.regency_derived("2016")
    assert again == first and again is not first  # a caller may append to its list
    assert all(a is b for a, b in zip(again, first, strict=True))  # the (frozen) results are shared
    frame = kur_uptake.derived_frame(first, "id")
    frame.loc[0, "area"] = "changed"
    assert kur_uptake.derived_frame(first, "id").loc[0, "area"] != "changed"


def test_the_catalogue_follows_the_data_version(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    n = len(catalog.figures())
    data = umkm_long([(name, 2024, "jumlah", 2000 + i) for i, name in enumerate(REGENCIES9)])
    checked = importer.check(data, "umkm", "t.csv")
    importer.commit(checked, uploader="tester", source="Diskop UKM Bali", in_store=store.Store())
    assert len(catalog.figures()) == n + 9
    imported = catalog.figures().iloc[-1]
    assert catalog.figure(imported["id"])["value"] == imported["value"]


# Functions of the repository's own files alone may keep functools.lru_cache: they never depend on
# the import store (cache.py's module doc says why). Anything else uses cache.cached.
LRU_ALLOWED = {
    "i18n.py": "the locale YAML",
    "geo.py": "the shipped boundaries",
    "interventions.py": "the recommendations file, its schema and the paper's references",
    "catalog.py": "the shipped datasets, metrics, periods, regencies and figures (before any import)",
    "satudata.py": "the regency code table and derived_indicators.yaml",
    "importer/regions.py": "the regency names and codes",
    "importer/headers.py": "the metric names of the shipped metrics.yaml",
    "charts/choropleth.py": "the TopoJSON and the name positions of the shipped boundaries",
}


def test_only_functions_of_shipped_files_keep_lru_cache():
    src = ROOT / "src" / "bali_umkm"
    found = {}
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(src).as_posix()
        assert "weakref" not in text, f"{rel}: a cache keyed on object ids (use cache.cached)"
        assert not re.search(r"\bmemo\(", text), rel
        if "lru_cache" in text and rel != "cache.py":
            found[rel] = text
    assert set(found) <= set(LRU_ALLOWED), set(found) - set(LRU_ALLOWED)
    for rel, text in found.items():
        assert "data_key" not in text or rel == "catalog.py", f"{rel}: keyed by hand on the data version"
    catalog_text = (src / "catalog.py").read_text(encoding="utf-8")
    for block in re.findall(r"@functools\.lru_cache[^\n]*\ndef (\w+)", catalog_text):
        assert block.startswith("_shipped") or block in {"metrics", "_periods", "regencies", "_regency_names",
                                                                   "_figure_texts", "_paper_locations"}, block
