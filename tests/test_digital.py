"""bali_umkm.digital: the e-commerce frame, Table 1's bound, Table 2's computed rest, projections,
the links to the interventions page, and the regency map layer (empty, then filled by an import)."""

import json

import pytest
from importer_files import csv_bytes

from bali_umkm import catalog, digital, importer, store
from bali_umkm import interventions as iv
from bali_umkm.charts import digital as charts
from bali_umkm.i18n import t
from bali_umkm.views import digital as digital_views


def fig(figure_id):
    return float(catalog.figure(figure_id)["value"])


# ---------------------------------------------------------------- the survey frame

def test_frame_is_computed_from_the_two_printed_figures():
    f = digital.frame_estimate()
    n, share = fig(digital.BUSINESSES), fig(digital.SHARE)
    assert (n, share) == (86_156, 62.28)  # the catalogue holds the paper's figures
    assert f.total == pytest.approx(n / (share / 100))
    assert round(f.total) == 138_337 and f.total_rounded == 138_000
    # 62,28% is rounded: the frame lies between the values at 62,285% and 62,275%
    assert f.low == pytest.approx(n / 0.62285) and f.high == pytest.approx(n / 0.62275)
    assert f.low < f.total < f.high and f.high - f.low < 25
    assert f.not_ecommerce == pytest.approx(f.total - n)
    # the not-e-commerce share of the frame agrees with the printed 37,72%
    assert f.not_ecommerce / f.total * 100 == pytest.approx(fig(digital.NOT_SHARE), abs=0.005)
    assert f.umkm_total == fig(digital.UMKM_TOTAL) == 439_382 and f.umkm_year == 2023
    assert f.ratio_to_umkm == pytest.approx(n / 439_382 * 100)
    assert f.datasets == ("paper_bps_ecommerce_2022", catalog.figure(digital.UMKM_TOTAL)["dataset"])


@pytest.mark.parametrize("lang, expected", [
    ("id", {"total": "138.337", "total_rounded": "138 ribu", "low": "138.325", "high": "138.348",
            "share_fraction": "0,6228", "ratio": "19,61%", "not_rounded": "52 ribu", "share_low": "62,275%"}),
    ("en", {"total": "138,337", "total_rounded": "138 thousand", "low": "138,325", "high": "138,348",
            "share_fraction": "0.6228", "ratio": "19.61%", "not_rounded": "52 thousand", "share_high": "62.285%"}),
])
def test_frame_texts(lang, expected):
    texts = digital_views.frame_texts(lang)
    for key, value in expected.items():
        assert texts[key] == value, key


def test_frame_table_marks_every_computed_number_with_its_formula():
    table = digital_views.frame_table("id")
    kind, formula = t("digital.col_kind", "id"), t("digital.col_formula", "id")
    computed = table[table[kind] == t("digital.kind_computed", "id")]
    assert len(computed) == 4 and (computed[formula] != "–").all()
    assert "86.156 ÷ (62,28% ÷ 100)" in computed[formula].tolist()
    csv = digital_views.frame_csv()
    assert set(csv["kind"]) == {"printed", "computed"}
    assert (csv.loc[csv["kind"] == "computed", "formula"] != "").all()
    assert (csv.loc[csv["kind"] == "printed", "dataset"] != "").all()
    misleading = csv[csv["quantity"].str.contains("misleading")].iloc[0]
    assert "not an adoption rate" in misleading["formula"]


def test_the_second_source_agrees_on_86156():
    row = digital.second_source_for_businesses()
    assert row is not None and row["status"] == "agree"
    assert {row["dataset_a"], row["dataset_b"]} == {"paper_bps_ecommerce_2022", "ecom_databoks_2022"}


# ---------------------------------------------------------------- how figures are written

@pytest.mark.parametrize("figure_id, lang, symbol, expected", [
    ("ecommerce_share_ntb_2022", "id", False, "77,70%"),  # as printed, trailing zero kept
    ("ecommerce_share_ntb_2022", "en", False, "77.70%"),
    ("ecommerce_share_2022", "id", False, "62,28%"),
    ("internet_purpose_sektor_produktif", "id", True, "< 6%"),
    ("internet_purpose_sektor_produktif", "id", False, "kurang dari 6%"),
    ("internet_purpose_sektor_produktif", "en", False, "less than 6%"),
    ("internet_purpose_pembelian_barang_jasa", "id", True, "19,5%"),
    ("daily_internet_share", "id", False, "81%"),
    ("time_online_daily", "id", False, "3 jam 14 menit"),
    ("time_online_daily", "en", False, "3 h 14 min"),
    ("econ_sea_market_idr", "id", False, "sekitar Rp1.762 triliun"),
    ("econ_sea_market_usd", "id", False, "US$124 miliar"),
    ("ecommerce_users_2029", "id", False, "99,1 juta"),
    ("ecommerce_businesses_2022", "id", False, "86.156"),
])
def test_value_text(figure_id, lang, symbol, expected):
    assert digital.value_text(figure_id, lang, symbol=symbol) == expected


# ---------------------------------------------------------------- e-commerce charts' data

def test_status_split_and_ntb():
    d = digital.status_chart_data("id")
    bali = d[d["area_code"] == "51"]
    assert bali["status"].tolist() == ["ecommerce", "bukan_ecommerce"]
    assert bali["start"].tolist() == [0, 62.28] and bali["end"].iloc[-1] == pytest.approx(100)
    ntb = d[d["area_code"] == "52"]
    assert len(ntb) == 1 and ntb["value"].iloc[0] == 77.7 and ntb["text"].iloc[0] == "77,70%"
    assert digital.status_check()["status"] == "ok"
    table = digital_views.status_table("en")
    assert table.iloc[-1].tolist() == ["West Nusa Tenggara", "Not doing e-commerce", "not printed in the paper"]


def test_table2_prints_five_categories_and_the_rest_is_computed():
    d = digital.kbli_data("id")
    printed = d[d["style"] == digital.PRINTED]
    assert printed["key"].tolist() == list(digital.KBLI_ORDER)
    assert printed["value"].sum() == pytest.approx(91.24)
    rest = d[d["style"] == digital.COMPUTED].iloc[0]
    assert rest["value"] == pytest.approx(8.76) and rest["figure_id"] == ""
    assert rest["text"] == "8,76% (dihitung)" and "100% − 91,24%" in rest["formula"]
    assert d["value"].sum() == pytest.approx(100)
    csv = digital_views.bars_csv(d, "ecommerce_kbli_share")
    assert csv["kind"].tolist().count("computed") == 1
    assert t("digital.col_formula", "id") in digital_views.bars_table(d, "id", "col_category").columns


def test_start_year_split_sums_to_100():
    d = digital.start_data("en")
    assert d["key"].tolist() == ["sebelum_2020", "2020_2021", "2022"]
    assert d["value"].tolist() == [75.99, 15.58, 8.43] and d["value"].sum() == pytest.approx(100)
    assert (d["style"] == digital.PRINTED).all()


# ---------------------------------------------------------------- internet use

def test_table1_keeps_its_bound_as_a_bound():
    d = digital.purposes_data("id")
    assert len(d) == 8 and d["label"].iloc[0] == "Hiburan"
    bound = d[d["style"] == digital.BOUND]
    assert len(bound) == 1
    row = bound.iloc[0]
    assert row["key"] == "sektor_produktif" and row["qualifier"] == "<" and row["text"] == "< 6%"
    assert (d.loc[d["style"] == digital.PRINTED, "qualifier"] == "=").all()
    table = digital_views.bars_table(d, "en")
    assert table.iloc[-1].tolist()[1:] == ["< 6%", "upper bound (printed \"<\")"]


def test_platforms_and_activities():
    p = digital.platforms_data("en")
    assert len(p) == 10 and p["label"].iloc[0] == "WhatsApp" and p["text"].iloc[-1] == "32.4%"
    a = digital.activities_data("id")
    assert a["text"].tolist() == ["81%", "79%", "73%", "68%", "61%"]


def test_users_series_marks_2029_as_a_projection():
    d = digital.users_data("id").set_index("year")
    assert d.loc[2024, "kind"] == digital.ESTIMATE and d.loc[2029, "kind"] == digital.PROJECTION
    assert d.loc[2029, "text"] == "99,1 juta (proyeksi)" and d.loc[2024, "text"] == "65,65 juta"
    assert d.loc[2029, "value_millions"] == pytest.approx(99.1)


# ---------------------------------------------------------------- charts

def _spec(chart):
    return json.loads(chart.to_json())


def test_bound_bar_is_open_dashed_and_named_in_the_legend():
    d = digital.purposes_data("id")
    styles = {k: t(f"digital.style_{k}", "id") for k in charts.STYLES}
    spec = _spec(charts.share_bars(d, title="T", unit_label="%", style_labels=styles, lang="id"))
    bars = spec["layer"][0]["encoding"]
    assert bars["fill"]["scale"]["domain"] == [styles["printed"], styles["bound"]]
    assert bars["fill"]["scale"]["range"][1] == "#ffffff"            # open
    assert bars["strokeDash"]["scale"]["range"][1] != [1, 0]         # dashed
    assert bars["fill"]["legend"] is not None                        # the legend explains it
    # bars keep the paper's order, not the alphabet
    assert spec["layer"][0]["encoding"]["y"]["sort"] == d["label"].tolist()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    # one style only: no legend
    plain = _spec(charts.share_bars(digital.activities_data("id"), title="T", unit_label="%",
                                    style_labels=styles, lang="id"))
    assert plain["layer"][0]["encoding"]["fill"]["legend"] is None


def test_projection_point_is_hollow_and_status_bars_stack_to_100():
    spec = _spec(charts.projection_series(digital.users_data("en"), title="T", unit_label="million", lang="en"))
    points = spec["layer"][1]["encoding"]
    assert points["fill"]["scale"]["range"][1] == "white"
    assert spec["layer"][0]["mark"]["strokeDash"]
    status = _spec(charts.status_bars(digital.status_chart_data("id"), title="T", unit_label="%", lang="id"))
    assert status["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 100]


# ---------------------------------------------------------------- challenges and training

def test_challenges_link_to_their_measures_or_say_there_are_none():
    chs = digital.challenges("en")
    assert [c.barrier_id for c in chs] == ["digital_data_tunggal", "digital_sdm", "digital_minat_teknologi"]
    none = chs[0]
    assert none.params is None and none.url is None and none.measures == ()
    assert "basis_data_tunggal" in none.related_unaddressed
    for ch in chs[1:]:
        assert ch.params == {"barrier": ch.barrier_id}
        assert ch.url == f"/intervensi?barrier={ch.barrier_id}"
        assert list(ch.measures) == [r.id for r in iv.find(barrier=ch.barrier_id)] and ch.measures
        assert ch.editorial_only == (not iv.find(barrier=ch.barrier_id, link_source="paper"))


def test_training_list_is_the_conclusions_five_items():
    trs = digital.trainings("id")
    assert [tr.record_id for tr in trs] == ["pel_fitur_bisnis_medsos", "pel_pembuatan_konten",
                                            "pel_website_wordpress", "pel_google_ads", "pel_marketplace"]
    assert all(tr.params == {"id": tr.record_id} for tr in trs)
    assert trs[-1].words.endswith("shopee dan tiktok-tokopedia")
    assert digital.trainings_link()["id"].split(",") == [tr.record_id for tr in trs]
    assert digital.training_lead("id").startswith("pelatihan penguasaan ekosistem digital")


# ---------------------------------------------------------------- the regency map layer

def test_no_regency_layer_before_an_import():
    assert digital.map_layers() == [] and not digital.has_regency_data()
    assert digital.default_period("ecommerce_share") is None


@pytest.fixture
def imported(tmp_path, monkeypatch):
    """An e-commerce table by regency (made-up numbers), imported into a temporary store."""
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    lines = ["kabupaten_kota;tahun;jumlah_usaha_ecommerce;persen_usaha_ecommerce"]
    counts = [3_100, 8_200, 14_200, 9_800, 2_900, 2_056, 4_700, 6_800, 34_400]  # sum 86.156
    for code, n in zip(catalog.REGENCY_CODES, counts, strict=True):
        lines.append(f"{code};2022;{n:,};{50 + int(code[-1])},5".replace(",", ".", 1))
    checked = importer.check(csv_bytes(lines), "ecommerce", "ecommerce-uji.csv")
    assert checked.ok, checked.report.text("en")
    importer.commit(checked, uploader="penguji", source="BPS Provinsi Bali (uji)", in_store=store.Store())
    assert catalog.data_key() is not None
    return counts


def test_map_draws_imported_figures_with_their_provenance(imported):
    assert digital.map_layers() == ["ecommerce_businesses", "ecommerce_share"]
    view = digital_views.layer_map_view("ecommerce_share", None, "id")
    values = view.values.set_index("regency_code")["value"]
    assert values["5101"] == pytest.approx(51.5) and values["5171"] == pytest.approx(51.5)
    assert view.values["dataset"].str.startswith("import_").all()
    assert view.legend_title == "Persentase usaha yang melakukan e-commerce (%)"
    lines = digital.provenance(view.datasets)
    assert len(lines) == 1 and "ecommerce-uji.csv" in lines[0] and "penguji" in lines[0]
    assert "BPS Provinsi Bali (uji)" in view.source_line
    counts = digital_views.layer_map_view("ecommerce_businesses", "2022", "en").values
    assert counts["value"].tolist() == [float(n) for n in imported]
    check = digital.regency_sum_check("ecommerce_businesses", digital.default_period("ecommerce_businesses"))
    assert check is not None and check["status"] == "ok" and check["total"] == 86_156
    assert digital.regency_sum_check("ecommerce_share", digital.default_period("ecommerce_share")) is None


def test_no_figure_is_typed_into_the_module():
    """The module names figures by id; its numeric literals are only structure (0, 1, 2, 100 for a
    whole, 10**12 for triliun, 1e6 for millions, -3 for rounding to thousands, decimals), never a
    figure."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(digital))
    literals = {abs(node.value) for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, int | float)
                and not isinstance(node.value, bool)}
    assert literals <= {0, 1, 2, 3, 4, 10, 12, 100, 1e6}, literals
    figures = set(catalog.figures()["value"].astype(float))
    assert {86_156.0, 62.28, 6.0, 439_382.0} <= figures  # the figures the page shows are there ...
    assert not literals & {86_156.0, 62.28, 6.0, 439_382.0, 77.7, 69.21}  # ... and not in the code


def test_exported_image_keeps_the_bound_label_and_the_source():
    from bali_umkm.export import images

    d = digital.purposes_data("id")
    styles = {k: t(f"digital.style_{k}", "id") for k in charts.STYLES}
    chart = charts.share_bars(d, title="Tujuan penggunaan internet", unit_label="%", style_labels=styles, lang="id")
    source = digital.source_of(d, "id")
    svg = images.to_svg(chart, source).decode("utf-8")
    assert "&lt; 6%" in svg and "80,26%" in svg and "SUSENAS" in svg
    assert 'stroke-dasharray="5,3"' in svg  # the open bar's dashed outline survives the export
