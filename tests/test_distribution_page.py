"""AppTest of the Sebaran UMKM page: figures in Indonesian and English, state in the URL, the map."""

import json

from conftest import all_text, assert_chart_blocks, chart_title, run_app

PAGE = "pages/distribution.py"


def _sb(at, name):
    """The selectbox of page state `name` (its widget key carries the language: ui.page_state)."""
    (box,) = [b for b in at.selectbox if str(b.key).startswith(f"{name}__")]
    return box


def _maps(at):
    return [c for c in at.get("vega_lite_chart") if '"Topology"' in c.proto.spec]


def _map_spec(at) -> dict:
    (chart,) = _maps(at)
    return json.loads(chart.proto.spec)


def test_page_in_indonesian_shows_scale_sector_series_and_the_sum_note():
    at = run_app(PAGE, lang="id")
    assert not at.exception, at.exception
    text = all_text(at)
    assert "439.381" in text and "439.382" in text  # the three scales against the stated total
    assert "paling banyak Rp50 juta" in "\n".join(tb.value.to_string() for tb in at.table)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mikro · industri pertanian"] == "67.748"
    assert metrics["Kecil · industri non-pertanian"] == "10.725"
    assert metrics["Menengah · industri non-pertanian"] == "1.953"
    assert "Perdagangan adalah sektor dengan pelaku usaha terbanyak" in text
    assert "442.848" in text and "3.466" in text  # DPR's 2023 figure as a second source
    assert "57.456" in text  # Karangasem's four sectors sum to its total
    tables = "\n".join(df.value.to_string() for df in at.dataframe)
    assert "395.612" in tables and "90,0%" in tables and "47.220" in tables


def test_every_chart_has_alt_text_table_and_three_downloads():
    assert_chart_blocks(run_app(PAGE, lang="id"), 4)


def test_the_map_opens_on_a_dated_series_and_says_it_is_partial():
    at = run_app(PAGE, lang="id")
    (chart,) = _maps(at)
    assert len(chart.proto.SerializeToString()) <= 40_000  # spec + its Arrow table, as sent
    spec = json.loads(chart.proto.spec)
    subtitle = " ".join(spec["title"]["subtitle"])
    # SE2016 (BPS listing, May-June 2016, medium trust), 3 of 9: never the undated BeritaBali set
    assert chart_title(spec).startswith("Usaha non-pertanian (SE2016), 2016")
    assert "6 dari 9 kabupaten/kota tanpa data" in subtitle
    assert "tanpa tahun" not in subtitle and "berkepercayaan rendah" not in subtitle
    assert "Batas administrasi" in "\n".join(c.value for c in at.caption)  # boundary attribution


def test_regency_chosen_through_the_url_opens_its_panel():
    at = run_app(PAGE, lang="id", query={"regency": "5107", "metric": "umkm_total"})
    assert not at.exception, at.exception
    assert _sb(at, "dist_regency").value == "5107"
    assert "Karangasem: semua angka di katalog" in [s.value for s in at.subheader]
    panel = at.dataframe[-1].value
    assert "57.456" in panel.to_string() and "327.353" in panel.to_string()  # beside the province
    assert set(panel["Kepercayaan"]) <= {"tinggi", "sedang", "rendah"}
    spec = _map_spec(at)
    assert any(layer["mark"].get("filled") is False for layer in spec["layer"])  # outlined on the map
    assert at.query_params["regency"] == ["5107"] or at.query_params["regency"] == "5107"


def test_indicator_period_and_derived_come_from_the_url():
    at = run_app(PAGE, lang="en", query={"metric": "kur_disbursed_value", "period": "2016",
                                          "derived": "per_capita"})
    assert not at.exception, at.exception
    assert _sb(at, "dist_metric").value == "kur_disbursed_value"
    assert _sb(at, "dist_period").value == "2016"
    assert _sb(at, "dist_derived").value == "per_capita"
    spec = _map_spec(at)
    assert chart_title(spec).startswith("KUR disbursed per person, 2016")
    # no population of 2016: refused for all 9, drawn striped, said on the map
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "Cannot be computed for 9 regencies" in subtitle and "no population figure for 2016" in subtitle
    assert sum(1 for layer in spec["layer"] if isinstance(layer.get("mark"), dict)
               and isinstance(layer["mark"].get("fill"), dict)) == 1  # the striped layer


def test_bad_url_values_fall_back_to_defaults():
    at = run_app(PAGE, lang="id", query={"metric": "nope", "period": "1999", "regency": "9999",
                                          "derived": "<script>"})
    assert not at.exception, at.exception
    assert _sb(at, "dist_metric").value == "businesses_non_agri"
    assert _sb(at, "dist_period").value == "2016"
    assert _sb(at, "dist_regency").value == ""
    assert _sb(at, "dist_derived").value == ""  # the figure itself (views.maps.NO_DERIVATION)


def test_dropdown_choice_goes_to_the_url_and_survives_the_language_switch():
    at = run_app(PAGE, lang="id")
    _sb(at, "dist_regency").set_value("5108").run()
    _sb(at, "dist_derived").set_value("per_1000").run()
    assert at.query_params["regency"] in ("5108", ["5108"])
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert _sb(at, "dist_regency").value == "5108"
    assert _sb(at, "dist_derived").value == "per_1000"
    assert _sb(at, "dist_derived").key.endswith("__en")
    assert _sb(at, "dist_metric").options[0] == "Number of MSMEs"  # the choices read in English
    assert "Buleleng: every figure in the catalogue" in [s.value for s in at.subheader]
    assert "439,381" in all_text(at)
    assert at.query_params["lang"] in ("en", ["en"])


def test_changing_the_metric_resets_a_period_it_does_not_have():
    at = run_app(PAGE, lang="id", query={"metric": "umkm_total", "period": "2019"})
    assert _sb(at, "dist_period").value == "2019"
    _sb(at, "dist_metric").set_value("land_area").run()
    assert not at.exception, at.exception
    assert _sb(at, "dist_period").value == "2024"


def test_a_map_view_shared_from_this_page_opens_the_same_indicator_on_the_briefing_page():
    """Both pages read their map choice through views.maps.picker_params: the same URL, the same choice."""
    from bali_umkm import indicators

    metric = next(m for m in indicators.map_metrics() if "per_1000" in indicators.derivations(m)
                  and len(indicators.period_options(m)) > 1)
    period = indicators.period_options(metric)[-1].key  # not necessarily the default one
    query = {"metric": metric, "derived": "per_1000", "period": period, "regency": "5108"}
    for page, prefix in ((PAGE, "dist"), ("pages/briefing.py", "br")):
        at = run_app(page, lang="id", query=query)
        assert not at.exception, at.exception
        chosen = {name: _sb(at, f"{prefix}_{name}").value for name in ("metric", "derived", "period", "regency")}
        assert chosen == query, page
    bad = run_app(PAGE, lang="id", query={"metric": "no_such_metric", "period": "nope"})
    assert _sb(bad, "dist_metric").value == "businesses_non_agri"  # an unknown value falls back to the default


def test_the_sidebar_brings_back_the_last_view_and_a_link_sets_its_own():
    """ui.page_state on arrival: a URL naming none of the page's parameters (the sidebar) brings
    back this session's last view; a URL naming any of them (a shared link) sets them all."""
    at = run_app(PAGE, lang="id", query={"metric": "umkm_total", "regency": "5103", "period": "2019"})
    at.switch_page("pages/overview.py").run()
    for name in ("metric", "derived", "period", "regency"):   # the sidebar's link carries no parameters
        at.query_params.pop(name, None)
    at.switch_page(PAGE).run()
    assert not at.exception
    assert _sb(at, "dist_regency").value == "5103" and _sb(at, "dist_period").value == "2019"
    assert at.query_params["regency"] in ("5103", ["5103"])
    at.switch_page("pages/overview.py").run()
    at.query_params["regency"] = "5108"                         # a link naming one parameter
    at.query_params.pop("period", None)
    at.switch_page(PAGE).run()
    assert _sb(at, "dist_regency").value == "5108"
    assert _sb(at, "dist_period").value == "2020"   # the others: defaults (umkm_total's dated 2020)
    assert not any("Beberapa nilai" in w.value for w in at.warning)  # nothing was dropped
