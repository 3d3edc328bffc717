"""AppTest of the Adopsi digital page: key figures in Indonesian and English, every chart with its
source, table and downloads, links to the interventions page with the filter in the URL, and the
regency map: empty with the default store, drawn after an import into a temporary store."""

import json
from urllib.parse import parse_qs

import pytest
from conftest import all_text, assert_chart_blocks, chart_title, run_app
from importer_files import csv_bytes

from bali_umkm import catalog, importer, store
from bali_umkm import interventions as iv

PAGE = "pages/digital.py"
N_CHARTS = 7  # status, KBLI, start year, Table 1, platforms, activities, users


@pytest.fixture(scope="module")
def page_id():
    at = run_app(PAGE, lang="id")
    assert not at.exception, at.exception
    return at


def _tables(at) -> str:
    return "\n".join(df.value.to_string() for df in at.dataframe) + "\n".join(
        tb.value.to_string() for tb in at.table)


def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _links(at) -> list[tuple[str, str, dict]]:
    return [(p.proto.label, p.proto.page, parse_qs(p.proto.query_string)) for p in at.get("page_link")]


def test_key_figures_in_indonesian(page_id):
    text = all_text(page_id)
    metrics = {m.label: m.value for m in page_id.metric}
    assert metrics["Usaha ber-e-commerce"] == "86.156"
    assert metrics["Bagian usaha ber-e-commerce"] == "62,28%"
    assert metrics["Bagian yang belum ber-e-commerce"] == "37,72%"
    assert metrics["Kerangka survei BPS (dihitung)"] == "sekitar 138 ribu"
    assert metrics["Penduduk usia 5+ yang online"] == "69,21%"
    assert metrics["Rata-rata waktu daring per hari"] == "3 jam 14 menit"
    assert metrics["Mengakses internet setiap hari"] == "81%"
    assert metrics["Proyeksi nilai pasar ekonomi digital Indonesia"] == "US$124 miliar"
    assert metrics["Proyeksi yang sama dalam rupiah (konversi makalah)"] == "sekitar Rp1.762 triliun"
    assert metrics["Proyeksi pertumbuhan e-commerce"] == "21%"
    assert "28%" in metrics.values()
    # the frame: formula, range, the misleading ratio with its warning
    assert "86.156 ÷ 0,6228 = 138.337" in text and "138.325" in text and "138.348" in text
    assert "19,61%" in page_id.warning[0].value and "bukan tingkat adopsi" in page_id.warning[0].value
    assert "77,70%" in text  # NTB, as printed
    assert "kurang dari 6%" in text and '"< 6%"' in text  # Table 1's bound, in words and as printed
    assert "99,1 juta" in _tables(page_id) and "65,65 juta" in text
    assert "8,76%" in text and "91,24%" in text  # Table 2's unprinted rest, computed
    assert "Sumber kedua" in text and "86\\.156" in text  # Databoks agrees (escaped Markdown)


def test_every_chart_has_its_source_table_and_three_downloads(page_id):
    assert_chart_blocks(page_id, N_CHARTS)
    specs = _specs(page_id)
    assert all(s["config"]["locale"]["number"]["decimal"] == "," for s in specs)
    titles = [chart_title(s) for s in specs]
    assert "Tujuan penggunaan internet, 2023 (Tabel 1)" in titles
    assert any("proyeksi 2029" in x for x in titles)
    # the "< 6%" row is drawn as a bound: an open bar, named in the legend, labelled "< 6%"
    purposes = specs[titles.index("Tujuan penggunaan internet, 2023 (Tabel 1)")]
    fill = purposes["layer"][0]["encoding"]["fill"]["scale"]
    assert fill["range"][fill["domain"].index(next(d for d in fill["domain"] if d.startswith("Batas atas")))] \
        == "#ffffff"
    table = next(df.value for df in page_id.dataframe if "Tujuan" in df.value.columns)
    row = table[table["Nilai"] == "< 6%"]
    assert len(row) == 1 and row.iloc[0]["Jenis"].startswith("batas atas")


def test_challenges_and_training_link_to_the_filtered_interventions(page_id):
    links = _links(page_id)
    to_iv = [(label, q) for label, page, q in links if page == iv.URL_PATH]
    barriers = [q["barrier"][0] for _, q in to_iv if "barrier" in q]
    assert barriers == ["digital_sdm", "digital_minat_teknologi"]  # digital_data_tunggal has no measure
    ids = [q["id"][0] for _, q in to_iv if "id" in q]
    assert ids[:5] == ["pel_fitur_bisnis_medsos", "pel_pembuatan_konten", "pel_website_wordpress",
                       "pel_google_ads", "pel_marketplace"]
    assert ids[5].split(",") == ids[:5]  # all five at once
    text = all_text(page_id)
    assert "Makalah tidak mengusulkan langkah untuk tantangan ini" in text
    n = len(iv.find(barrier="digital_sdm"))
    assert f"Lihat {n} langkah terkait di halaman Intervensi" in [label for label, _ in to_iv]
    assert "bacaan redaksi dasbor (editorial)" in text  # every link of these two is editorial


def test_map_is_empty_until_a_table_is_imported(page_id):
    assert "Belum ada data kabupaten/kota" in all_text(page_id)
    assert ("Ke halaman Impor Data", "impor", {"kind": ["ecommerce"]}) in _links(page_id)  # the template it needs
    assert not any('"Topology"' in c.proto.spec for c in page_id.get("vega_lite_chart"))


def test_english_after_switching():
    at = run_app(PAGE, lang="id")
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["E-commerce businesses"] == "86,156"
    assert metrics["Share doing e-commerce"] == "62.28%"
    assert metrics["BPS's survey frame (computed)"] == "≈ 138 thousand"
    assert metrics["Average time online per day"] == "3 h 14 min"
    assert metrics["The same projection in rupiah (the paper's conversion)"] == "about IDR 1,762 trillion"
    text = all_text(at)
    assert "less than 6%" in text and "77.70%" in text and "19.61%" in text
    assert "No regency data yet" in text
    assert at.query_params["lang"] in ("en", ["en"])
    titles = [chart_title(s) for s in _specs(at)]
    assert "Purpose of internet use, 2023 (Table 1)" in titles


def test_map_draws_an_imported_table_with_its_provenance(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    data = csv_bytes(["kabupaten_kota;tahun;jumlah_usaha_ecommerce;persen_usaha_ecommerce",
                      "Jembrana;2022;3.100;48,5", "Badung;2022;14.200;71,2", "Kota Denpasar;2022;21.050;74,9"])
    checked = importer.check(data, "ecommerce", "ecommerce-kab-uji.csv")
    assert checked.ok, checked.report.text("en")
    importer.commit(checked, uploader="penguji", source="BPS Provinsi Bali (angka uji)", in_store=store.Store())
    assert catalog.data_key() is not None

    at = run_app(PAGE, lang="id", query={"layer": "ecommerce_share"})
    assert not at.exception, at.exception
    text = all_text(at)
    assert "Belum ada data kabupaten/kota" not in text
    maps = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if '"Topology"' in c.proto.spec]
    assert len(maps) == 1
    assert chart_title(maps[0]) == "Persentase usaha yang melakukan e-commerce, 2022"
    assert "6 dari 9 kabupaten/kota tanpa data" in " ".join(maps[0]["title"]["subtitle"])
    table = at.dataframe[-1].value.to_string()
    assert "71,2%" in table and "BPS Provinsi Bali (angka uji)" in table and "tidak ada data" in table
    plain = text.replace("\\", "")  # captions are escaped Markdown
    assert "Asal data: BPS Provinsi Bali (angka uji). Berkas ecommerce-kab-uji.csv" in plain and "penguji" in plain
    layer_box = next(b for b in at.selectbox if str(b.key).startswith("dig_layer__"))
    assert layer_box.value == "ecommerce_share"
    layer_box.set_value("ecommerce_businesses").run()
    assert not at.exception, at.exception
    assert at.query_params["layer"] in ("ecommerce_businesses", ["ecommerce_businesses"])
    maps = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if '"Topology"' in c.proto.spec]
    assert chart_title(maps[0]).startswith("Usaha yang melakukan e-commerce, 2022")
    assert "21.050" in at.dataframe[-1].value.to_string()
