"""AppTest of the Perencana Jangkauan page: the default ranking, a weight change written to the URL,
unavailable indicators explained, malformed URLs, the plan, and English after the switch."""

from conftest import all_text, run_app

from bali_umkm import catalog
from bali_umkm.priority_index import Choice
from bali_umkm.textsafe import escape_md
from bali_umkm.views import planner, planner_tables
from bali_umkm.views.planner import State

PAGE = "pages/planner.py"
KUR = "kur_value.2016"


# st.dataframe keeps no key in AppTest: each table is found by a column only it has
MARK = {"pl_ranking": ("Bobot yang terpakai", "Weight used"), "pl_stability": ("Pergeseran bobot", "Weight moved"),
        "pl_catalogue": ("Status", "Status"), "pl_plan": ("Tindakan", "Measure")}


def table(at, key):
    found = [df.value for df in at.dataframe if set(MARK[key]) & set(map(str, df.value.columns))]
    assert len(found) == 1, (key, len(found))
    return found[0]


def has_table(at, key) -> bool:
    return any(set(MARK[key]) & set(map(str, df.value.columns)) for df in at.dataframe)


def expected(choices, lang="id"):
    return planner.build_plan(State(choices=tuple(choices)), lang)


def test_default_ranking_is_shown_with_the_modelled_label():
    at = run_app(PAGE, lang="id")
    assert not at.exception
    plan = expected(planner.default_choices())
    ranking = table(at, "pl_ranking")
    assert len(ranking) == 9
    names = [catalog.regency_name(c) for c in plan.result.ranking["regency_code"]]
    assert ranking["Kabupaten/kota"].tolist() == names
    top = plan.result.ranking.iloc[0]
    assert ranking["Indeks model (0–1)"].iloc[0] == planner_tables.index_text(top["index"], "id")
    assert "," in ranking["Indeks model (0–1)"].iloc[0]  # Indonesian decimal comma
    text = all_text(at)
    assert "Indeks model, bukan angka resmi" in text
    assert escape_md("Indeks model = (1 × skor UMKM terdampak COVID-19 (jumlah)") in text  # the formula, filled in
    assert any("Tidak sepenuhnya stabil" in x.value or "Stabil:" in x.value for x in [*at.info, *at.success])
    assert len(table(at, "pl_stability")) == 8
    assert at.query_params["ind"] == planner.encode_state(State(choices=planner.default_choices()))["ind"]
    assert at.multiselect(key="pl_reg__id").value == list(plan.result.top())
    buttons = {b.label for b in at.get("download_button")}
    assert {"Unduh CSV", "Unduh XLSX", "Unduh Markdown", "Unduh PNG", "Unduh SVG"} <= buttons


def test_a_weight_change_reorders_and_goes_into_the_url():
    at = run_app(PAGE, lang="id")
    at.number_input(key=f"pl_w_{KUR}__id").set_value(0.0).run()
    assert not at.exception
    assert f"{KUR}~0~l" in at.query_params["ind"]
    choices = [Choice(c.id, 0.0 if c.id == KUR else c.weight, c.direction) for c in planner.default_choices()]
    plan = expected(choices)
    ranking = table(at, "pl_ranking")
    assert ranking["Kabupaten/kota"].tolist() == [catalog.regency_name(c) for c in plan.result.ranking["regency_code"]]
    index = ranking["Indeks model (0–1)"].tolist()
    assert index == [planner_tables.index_text(v) for v in plan.result.ranking["index"]]
    # the direction too
    at.radio(key=f"pl_d_{KUR}__id").set_value("high").run()
    assert f"{KUR}~0~h" in at.query_params["ind"]


def test_removing_an_indicator_and_weights_summing_to_zero():
    at = run_app(PAGE, lang="id", query={"ind": f"{KUR}~0~l,population.2024~0~h"})
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Jumlah bobot nol" in errors
    assert not has_table(at, "pl_ranking")
    at.number_input(key="pl_w_population.2024__id").set_value(2.0).run()
    assert not at.error and len(table(at, "pl_ranking")) == 9
    at.multiselect(key="pl_ind__id").set_value(["population.2024"]).run()
    assert at.query_params["ind"] == "population.2024~2~h"
    assert len(table(at, "pl_stability")) == 2


def test_unavailable_indicators_are_explained():
    at = run_app(PAGE, lang="id", query={"ind": "kur_per_umkm.2017.jan-sep-2017~1~l,ecommerce_share~1~l"})
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert escape_md("kur_per_umkm.2017.jan-sep-2017~1~l: indikator tidak dikenal atau tidak tersedia") in notes
    assert "dipakai pilihan bawaan" in notes  # nothing usable: the default choice
    catalogue = table(at, "pl_catalogue")
    rows = dict(zip(catalogue["Indikator"] + " | " + catalogue["Periode"], catalogue["Status"], strict=True))
    assert rows["Adopsi e-commerce (% usaha) | –"].startswith("tidak tersedia: tidak ada angka kabupaten/kota")
    assert any(k.startswith("Penyaluran KUR per UMKM | 2017 (Januari-September 2017)")
               and v.startswith("tidak dapat dihitung: OJK Regional 8 (via Bisnis Bali) tidak memberi angka")
               for k, v in rows.items())
    offered = at.multiselect(key="pl_ind__id").options
    assert not any("Adopsi e-commerce" in o for o in offered)
    # what the rules refuse (as on the map and the KUR page) is not offered
    assert not any(o.startswith(("Penyaluran KUR per UMKM", "Penyaluran KUR per penduduk")) for o in offered)
    assert any(o.startswith("Penyaluran KUR (nilai) · 2016") for o in offered)


def test_malformed_url_values_fall_back_with_a_note():
    at = run_app(PAGE, lang="en", query={"ind": f"{KUR}~abc~q,population.2024~-3~h", "reg": "5107,xx",
                                         "mea": "lsm_koperasi,drop table", "bar": "???", "kol": "2"})
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    for bit in ("weight is not a number from 0 to 100", "direction is not h or l", "reg=xx", "not recognised"):
        assert bit in notes
    assert at.number_input(key=f"pl_w_{KUR}__en").value == 1.0
    assert at.radio(key=f"pl_d_{KUR}__en").value == "low"  # the suggested direction
    assert at.multiselect(key="pl_reg__en").value == ["5107"]
    assert at.multiselect(key="pl_mea__en").value == ["lsm_koperasi"]
    assert at.query_params["ind"] == f"{KUR}~1~l,population.2024~1~h"  # the URL is cleaned up


def test_the_plan_from_the_url_and_from_the_widgets():
    at = run_app(PAGE, lang="id", query={"reg": "5108,5107", "bar": "pembiayaan", "mea": "lsm_koperasi"})
    plan_table = table(at, "pl_plan")
    assert plan_table["Kabupaten/kota"].tolist() == ["Buleleng", "Karangasem"]
    assert set(plan_table["Tindakan"]) == {"Koperasi UMKM dan simpan pinjam kelompok"}
    options = at.multiselect(key="pl_mea__id").options
    assert len(options) == len(planner.measure_options(("pembiayaan",)))
    at.multiselect(key="pl_mea__id").set_value(["lsm_koperasi", "lsm_jaringan_modal"]).run()
    assert at.query_params["mea"] == "lsm_koperasi,lsm_jaringan_modal"
    assert len(table(at, "pl_plan")) == 4
    at.button(key="pl_auto").click().run()
    assert "reg" not in at.query_params  # back to following the top three
    assert len(table(at, "pl_plan")) == 6
    assert "/perencana?ind=" in " ".join(c.value for c in at.code)


def test_english_after_switching_keeps_the_state():
    at = run_app(PAGE, lang="id")
    at.number_input(key=f"pl_w_{KUR}__id").set_value(3.0).run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Outreach planner for NGOs"
    assert at.number_input(key=f"pl_w_{KUR}__en").value == 3.0
    assert f"{KUR}~3~l" in at.query_params["ind"] and at.query_params["lang"] == "en"
    ranking = table(at, "pl_ranking")
    assert "Modelled index (0–1)" in ranking.columns and "." in ranking["Modelled index (0–1)"].iloc[0]
    text = all_text(at)
    assert "Modelled index, not an official figure" in text and "Perencana" not in at.title[0].value
    assert any(o.startswith("KUR disbursed (value) · 2016") for o in at.multiselect(key="pl_ind__en").options)


def test_an_indicator_added_twice_counts_once():
    """The multiselect handing back an id already chosen (AppTest can; two quick clicks could)
    must not draw its weight widget twice (Streamlit refuses a key drawn twice: the page fell)."""
    at = run_app(PAGE, lang="id")
    box = at.main.multiselect[0]
    first = box.value[0]
    box.set_value([*box.value, first]).run()
    assert not at.exception
    assert at.main.multiselect[0].value.count(first) == 1
