"""The outreach planner (no Streamlit): the indicators the catalogue supports, the index on real
values, the URL state, the measures, the exports (the index itself: test_priority_index.py)."""

import io

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as hs
from importer_files import csv_bytes, diskop_xlsx
from openpyxl import load_workbook

from bali_umkm import catalog, importer, planner_indicators, store
from bali_umkm import priority_index as pi
from bali_umkm.catalog import PAPER_CITATION
from bali_umkm.export import plan as plan_export
from bali_umkm.paths import DATA_DIR
from bali_umkm.priority_index import Choice
from bali_umkm.textsafe import escape_md
from bali_umkm.views import planner, planner_tables
from bali_umkm.views.planner import State

CODES = list(catalog.REGENCY_CODES)


# ---- the catalogue: what can be ranked ------------------------------------------------------------

def test_the_default_choice_ranks_all_nine_regencies_with_real_data():
    choices = planner.default_choices()
    assert [c.id for c in choices] == [cid for cid, _, _ in planner_indicators.DEFAULT_CHOICES]
    cands = planner.candidates()
    for c in choices:
        assert cands[c.id].available and len(cands[c.id].regencies) == 9
    plan = planner.build_plan(State(choices=choices))
    assert plan.error is None
    assert plan.result.ranking["rank"].notna().all() and not plan.result.ranking["flagged"].any()
    assert len(plan.stability.runs) == 2 * len(choices)
    assert len(plan.regencies) == 3 and plan.regencies == plan.result.top()


def test_the_index_follows_the_formula_on_the_real_values():
    """An independent computation of the index from the catalogue's own values."""
    choices = planner.default_choices()
    plan = planner.build_plan(State(choices=choices))
    expected = {}
    for code in CODES:
        num = den = 0.0
        for c in choices:
            col = plan.values[c.id]
            lo, hi = col.min(), col.max()
            s = (col[code] - lo) / (hi - lo)
            num += c.weight * (1 - s if c.direction == "low" else s)
            den += c.weight
        expected[code] = num / den
    got = plan.result.ranking.set_index("regency_code")["index"]
    for code in CODES:
        assert got[code] == pytest.approx(expected[code])
    assert list(plan.result.ranking["regency_code"]) == sorted(CODES, key=lambda c: -expected[c])
    # and the values are the catalogue's: KUR 2016 of Denpasar, its density of 2024 by hand
    kur = catalog.series("kur_disbursed_value", regency="5171", year=2016)["value"].item()
    assert plan.values.at["5171", "kur_value.2016"] == pytest.approx(kur)
    pop = catalog.series("population_total", regency="5171", year=2024, dataset="pop_dukcapil_2024")
    area = catalog.series("land_area", regency="5171", year=2024)["value"].item()
    assert plan.values.at["5171", "density.2024"] == pytest.approx(pop["value"].item() / area)


def test_the_default_rests_on_dated_trusted_indicators_only():
    cands = planner.candidates()
    for c in planner.default_choices():
        cand = cands[c.id]
        assert not cand.option.undated and cand.trust in ("high", "medium"), c.id
    # the old default's KUR per resident 2016 (over population of June 2022) and the undated,
    # low-trust BeritaBali set are not in it
    ids = {c.id for c in planner.default_choices()}
    assert not ids & {"kur_per_capita.2016", "umkm_per_1000.undated.umkm_beritabali_undated"}


def test_unavailable_indicators_say_why():
    cands = planner.candidates()
    assert cands["ecommerce_share"].reason == "no_regency_data"  # nothing by regency until an import
    assert cands["micro_share"].reason == "no_regency_data"
    # Denpasar 2023: no population of 2023, so per 1.000 residents is refused by the rule
    assert cands["umkm_per_1000.2023.as-stated-2023-11-02"].reason == "refused"
    assert cands["kur_per_umkm.2017.jan-sep-2017"].reason == "refused"
    assert cands["umkm_per_1000.2022"].reason == "too_few"  # Badung, March 2022: one regency
    table = planner_tables.availability_table("en")
    status = dict(zip(table["Indicator"] + " | " + table["Period"], table["Status"], strict=True))
    assert status["E-commerce adoption (% of businesses) | –"].startswith("unavailable: no regency figures")
    assert any(k.startswith("MSMEs per 1,000 residents | 2022") and v == "unavailable: data for fewer than 2 regencies"
               for k, v in status.items())
    assert any(k.startswith("MSMEs per 1,000 residents | 2023") and v.startswith("cannot be computed: there is no "
                                                                              "population figure for 2023")
               for k, v in status.items())
    assert "Population | 2024 (second half of 2024" in " ".join(status)
    assert not [c for c in planner.available() if len(c.regencies) < pi.MIN_REGENCIES]


def test_the_planner_offers_only_what_the_rules_can_compute():
    cands = planner.candidates()
    # the figures the KUR page and the map refuse are not on offer here either
    for cid in ("kur_per_umkm.2016", "kur_per_capita.2016", "kur_per_capita.2017.up-to-apr-2017",
                "umkm_per_1000.undated.umkm_beritabali_undated"):
        assert cands[cid].reason == "refused" and not cands[cid].available, cid
    assert "no population figure for 2016" in planner_indicators.refusal("kur_per_capita.2016", "en")
    assert "berkepercayaan rendah" in planner_indicators.refusal("umkm_per_1000.undated.umkm_beritabali_undated")
    assert planner_indicators.refusal("population.2024") == ""
    for c in planner.available():
        values = planner.candidate_values(c.id)
        assert not values.get("refused", pd.Series(dtype=str)).fillna("").astype(bool).all(), c.id


def test_a_sparse_indicator_flags_the_regencies_without_data():
    choices = (Choice("kur_value.2017.jan-sep-2017", 1, "low"), Choice("population.2024", 1, "high"))
    plan = planner.build_plan(State(choices=choices), "en")
    row = plan.result.ranking.set_index("regency_code").loc["5103"]  # Badung: no Jan-Sep 2017 KUR
    assert row["flagged"] and row["missing"] == ("kur_value.2017.jan-sep-2017",)
    assert row["weight_used"] == pytest.approx(0.5)
    lines = planner_tables.flag_lines(plan)
    assert "Badung" in lines[0] and "50%" in lines[0]
    assert "Badung" in " ".join(planner_tables.indicator_notes(plan, choices[0].id))


@pytest.fixture
def tmp_store(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    return store.Store()


def test_imported_tables_make_new_indicators_available(tmp_store):
    rows = ["kabupaten_kota;tahun;persentase usaha e-commerce"] + [
        f"{name};2024;{10 + 5 * i}" for i, name in enumerate(["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung",
                                                               "Bangli", "Karangasem", "Buleleng", "Denpasar"])]
    for data, kind, name in ((csv_bytes(rows), "ecommerce", "e.csv"), (diskop_xlsx(), "umkm", "d.xlsx")):
        checked = importer.check(data, kind, name)
        assert checked.ok, checked.report.text("en")
        importer.commit(checked, uploader="t", source=f"BPS Bali {kind}", in_store=tmp_store)
    cands = planner.candidates()
    eco = cands["ecommerce_share.2024"]
    assert eco.available and len(eco.regencies) == 9 and eco.definition.direction == "low"
    assert planner.candidate_values(eco.id).set_index("regency_code").at["5171", "value"] == 50
    micro = cands["micro_share.2024"]
    assert micro.available and micro.trust == "medium"
    badung = planner.candidate_values(micro.id).set_index("regency_code").at["5103", "value"]
    assert badung == pytest.approx(100 * 36000 / (36000 + 3400 + 700))  # tests/importer_files.py SCALE_COUNTS
    plan = planner.build_plan(State(choices=(Choice(eco.id, 1, "low"), Choice(micro.id, 1, "high"))))
    assert plan.error is None and plan.result.ranking["rank"].notna().all()
    assert any("BPS Bali ecommerce" in line for line in plan.source_lines().values())


# ---- URL state -------------------------------------------------------------------------------------

KNOWN = {"a.2024": "high", "b.2016": "low", "c.undated.x": "high"}
DEFAULTS = (Choice("a.2024", 1.0, "high"),)
BARRIERS = ("pembiayaan", "kur_agunan")
MEASURES = ("lsm_koperasi", "lsm_advokasi")


def decode(params):
    return planner.decode_state(params, indicators_known=KNOWN, defaults=DEFAULTS, barriers=BARRIERS,
                                measures=MEASURES)


def test_url_round_trip():
    state = State(choices=(Choice("b.2016", 2.0, "low"), Choice("c.undated.x", 0.5, "high")),
                  regencies=("5107", "5108"), barriers=("pembiayaan",), measures=("lsm_koperasi",), collab=True)
    params = planner.encode_state(state)
    assert params == {"ind": "b.2016~2~l,c.undated.x~0.5~h", "reg": "5107,5108", "bar": "pembiayaan",
                      "mea": "lsm_koperasi", "kol": "1"}
    back, problems = decode(params)
    assert back == state and problems == []
    auto, _ = decode(planner.encode_state(State(choices=DEFAULTS)))
    assert auto.regencies is None  # absent = follow the top three
    none, _ = decode(planner.encode_state(State(choices=DEFAULTS, regencies=())))
    assert none.regencies == ()
    url = planner.page_url(state, "en")
    assert url.startswith("/perencana?ind=b.2016~2~l,c.undated.x~0.5~h&reg=5107,5108") and url.endswith("lang=en")


@settings(max_examples=60, deadline=None)
@given(hs.lists(hs.sampled_from(sorted(KNOWN)), unique=True, min_size=1),
       hs.lists(hs.integers(0, 200), min_size=3, max_size=3), hs.lists(hs.booleans(), min_size=3, max_size=3),
       hs.one_of(hs.none(), hs.lists(hs.sampled_from(CODES), unique=True)),
       hs.lists(hs.sampled_from(BARRIERS), unique=True), hs.lists(hs.sampled_from(MEASURES), unique=True),
       hs.booleans())
def test_url_round_trip_for_any_state(ids, halves, lows, regencies, barriers, measures, collab):
    choices = tuple(Choice(i, h / 2, "low" if low else "high") for i, h, low in zip(ids, halves, lows, strict=False))
    state = State(choices=choices, regencies=None if regencies is None else tuple(regencies),
                  barriers=tuple(barriers), measures=tuple(measures), collab=collab)
    back, problems = decode(planner.encode_state(state))
    assert back == state and problems == []


@settings(max_examples=150, deadline=None)
@given(hs.dictionaries(hs.sampled_from(planner.PARAMS), hs.text(max_size=80)))
def test_malformed_urls_never_raise_and_always_give_a_usable_state(params):
    state, problems = decode(params)
    assert state.choices and all(c.id in KNOWN for c in state.choices)
    assert all(0 <= c.weight <= planner.MAX_WEIGHT and c.direction in pi.DIRECTIONS for c in state.choices)
    assert all(p.message("id") and p.message("en") for p in problems)


@pytest.mark.parametrize("raw, weight, direction, codes", [
    ("a.2024~x~h", 1.0, "high", ["bad_weight"]),
    ("a.2024~-2~h", 1.0, "high", ["bad_weight"]),
    ("a.2024~nan~l", 1.0, "low", ["bad_weight"]),
    ("a.2024~1e999~l", 1.0, "low", ["bad_weight"]),
    ("a.2024~3~sideways", 3.0, "high", ["bad_direction"]),
    ("a.2024", 1.0, "high", []),
    ("a.2024~~l", 1.0, "low", []),
    ("a.2024~2~h~extra", 2.0, "high", ["bad_item"]),
])
def test_malformed_items_fall_back_per_part(raw, weight, direction, codes):
    state, problems = decode({"ind": raw})
    assert state.choices == (Choice("a.2024", weight, direction),)
    assert [p.code for p in problems] == codes


def test_unknown_values_are_dropped_and_reported():
    state, problems = decode({"ind": "zzz~1~h,a.2024~1~h,a.2024~2~l", "reg": "5107,9999", "bar": "nope",
                              "mea": "lsm_koperasi,<script>", "kol": "maybe"})
    assert state.choices == (Choice("a.2024", 1.0, "high"),)
    assert state.regencies == ("5107",) and state.barriers == () and state.measures == ("lsm_koperasi",)
    assert [(p.param, p.code) for p in problems] == [
        ("ind", "unknown_indicator"), ("ind", "duplicate"), ("reg", "unknown_value"), ("kol", "unknown_value"),
        ("bar", "unknown_value"), ("mea", "unknown_value")]
    only_bad, problems = decode({"ind": "zzz,yyy"})
    assert only_bad.choices == DEFAULTS and problems[-1].code == "defaults_used"
    many = ",".join(f"a.2024~{i}" for i in range(3)) + "," + ",".join(KNOWN)
    assert len(decode({"ind": many})[0].choices) == 3


def test_the_live_catalogue_decodes_its_own_default_url():
    state = State(choices=planner.default_choices(), regencies=("5108",), barriers=("pembiayaan",),
                  measures=("lsm_koperasi",))
    back, problems = planner.decode_state(planner.encode_state(state))
    assert back == state and problems == []


# ---- measures and exports ---------------------------------------------------------------------------

def test_measures_are_the_ngo_ones_filtered_by_barrier():
    assert {r.actor for r in planner.measure_pool()} == {"lsm"}
    assert {r.actor for r in planner.measure_pool(collab=True)} == {"lsm", "kolaborasi"}
    finance = planner.measure_options(("kur_birokrasi",))
    assert [r.id for r in finance] == ["lsm_advokasi"]
    kept = planner.measure_options(("kur_birokrasi",), chosen=("lsm_koperasi",))
    assert [r.id for r in kept] == ["lsm_koperasi", "lsm_advokasi"]  # a chosen one stays, paper order
    assert "pembiayaan" in planner.barrier_options() and "kur_agunan" not in planner.barrier_options()


def _plan(lang="id"):
    state = State(choices=planner.default_choices(), regencies=("5108", "5107"), barriers=("pembiayaan",),
                  measures=("lsm_koperasi", "lsm_proposal_pendanaan"))
    return planner.build_plan(state, lang)


def test_plan_csv_carries_the_citation_and_every_indicator_source():
    plan = _plan()
    data = plan_export.to_csv(plan)
    assert data.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert len(df) == 4  # 2 regencies x 2 measures
    assert set(df["regency"]) == {"Buleleng", "Karangasem"} and set(df["measure_id"]) == {"lsm_koperasi",
                                                                                            "lsm_proposal_pendanaan"}
    source = df["source"].iloc[0]
    assert PAPER_CITATION in source
    for line in plan.source_lines().values():
        assert line in source
    assert "Dukcapil" in source and "Bisnis Bali" in source and "Kabar24" in source
    assert "BeritaBali" not in source  # the undated, low-trust set is no longer in the default


def test_plan_xlsx_has_every_part_and_neutralises_formulas():
    plan = _plan("en")
    wb = load_workbook(io.BytesIO(plan_export.to_xlsx(plan, url="/perencana?ind=x")))
    assert wb.sheetnames == ["Plan", "Ranking", "Indicators", "Stability", "Sources"]
    ranking = list(wb["Ranking"].values)
    assert ranking[0][:4] == ("regency_code", "regency", "rank", "tied") and len(ranking) == 1 + 9 * 4
    sources = [r[0] for r in wb["Sources"].values if r[0]]
    assert sources[0] == "NGO outreach plan" and any("modelled index" in s for s in sources)
    assert any(PAPER_CITATION in s for s in sources) and "Link: /perencana?ind=x" in sources
    assert len(list(wb["Stability"].values)) == 1 + 8
    assert plan_export._xl("=HYPERLINK(1)") == "'=HYPERLINK(1)" and plan_export._xl(2.5) == 2.5


def test_plan_markdown_reads_on_its_own():
    plan = _plan("id")
    md = plan_export.to_markdown(plan, url="/perencana?x")
    assert md.startswith("# Rencana jangkauan LSM")
    assert "indeks model" in md and "Koperasi UMKM dan simpan pinjam kelompok" in md
    assert PAPER_CITATION in md  # the paper, unescaped (our own text, DOI intact)
    for line in plan.source_lines().values():
        assert escape_md(line) in md
    assert "Buleleng" in md and "Seberapa stabil" in md
    assert md.count("| Buleleng |") == 1  # one ranking row each


def test_export_without_a_ranking_says_why():
    plan = planner.build_plan(State(choices=(Choice("population.2024", 0),)), "en")
    assert plan.error.code == "weights_zero" and plan.result is None and plan.regencies == ()
    md = plan_export.to_markdown(plan)
    assert "No ranking: The weights sum to zero" in md
    load_workbook(io.BytesIO(plan_export.to_xlsx(plan)))  # still a valid workbook
    assert plan_export.plan_rows(plan).empty


def test_map_frame_is_the_nine_regencies_with_the_modelled_index():
    plan = _plan("en")
    f = planner_tables.map_frame(plan)
    assert list(f["regency_code"]) == CODES
    top = plan.result.top(1)[0]
    assert f.set_index("regency_code").at[top, "value_text"].endswith("(rank 1)")
    view = planner_tables.index_map_view(plan)
    assert "modelled index" in view.chart.to_dict()["title"]["text"]
    assert "Top three" in view.alt_text and "BPS / OCHA" in view.source_line and len(view.table) == 9


# ---- the metadata file follows the module -------------------------------------------------------------

def test_derived_indicators_entry_follows_the_planner():
    recs = {r["id"]: r for r in yaml.safe_load((DATA_DIR / "derived_indicators.yaml").read_text(encoding="utf-8"))}
    rec = recs["planner_priority_index"]
    assert {d.metric for d in planner_indicators.DEFINITIONS} <= set(rec["builds_on"])
    assert "Σ_{k∈K_r} w_k s_kr / Σ_{k∈K_r} w_k" in rec["formula"]["symbols"]
    assert "9 decimals" in rec["formula"]["en"] and "fewer than 2 regencies" in rec["formula"]["en"]
    assert "negative weights are refused" in rec["condition"]["en"]
    assert pi.TIE_DECIMALS == 9 and pi.MIN_REGENCIES == 2
