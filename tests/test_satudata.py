"""Satu Data metadata: every dataset as MS-Ind records and as a CKAN package, nothing left blank."""

import re

import pandas as pd
import pytest
import yaml

from bali_umkm import catalog, satudata
from bali_umkm.i18n import strings
from bali_umkm.paths import DATA_DIR

LANGS = ["id", "en"]
# CKAN's default licence register (ckan/model/license.py)
CKAN_LICENCES = {"notspecified", "odc-pddl", "odc-odbl", "odc-by", "cc-zero", "cc-by", "cc-by-sa", "gfdl",
                 "other-open", "other-pd", "other-at", "uk-ogl", "cc-nc", "other-nc", "other-closed"}
DERIVED_IDS = ["per_1000_population", "per_km2", "share_of_province", "kur_per_umkm", "kur_per_capita",
               "average_loan_per_debtor", "per_capita", "micro_share", "planner_priority_index"]
MSIND_LABELS_ID = ["Nama Indikator", "Konsep", "Definisi", "Interpretasi", "Metode/Rumus Perhitungan", "Ukuran",
                   "Satuan", "Klasifikasi Penyajian", "Indikator Komposit", "Indikator/Variabel Pembangun",
                   "Level Estimasi", "Dapat Diakses Umum"]


def all_records(lang):
    return [r for ds in catalog.datasets() for r in satudata.msind_records(ds.id, lang)] + \
        satudata.derived_msind_records(lang)


# ---- data files -------------------------------------------------------------------------------

def test_every_metric_carries_msind_fields_in_both_languages():
    measures = {k.split(".")[-1] for k in strings("id") if k.startswith("satudata.measure.")}
    for metric, meta in catalog.metrics().items():
        assert meta.get("measure") in measures, metric
        for key in ("definition", "concept", "interpretation", "method"):
            for lang in LANGS:
                assert str(meta[key][lang]).strip(), (metric, key, lang)
        for builder in meta.get("builds_on", []):
            assert builder in catalog.metrics(), (metric, builder)


def test_metric_metadata_invents_no_numbers():
    """Concept/interpretation/method describe; they carry no figure (a year or a law's number is fine)."""
    allowed = {"20/2008", "2008", "2016", "2020", "2029", "5", "16", "64", "100", "1", "3", "39/2019",
               "5/2020", "7/2021", "0", "9", "19"}  # 19: COVID-19
    for metric, meta in catalog.metrics().items():
        for key in ("concept", "interpretation", "method"):
            for lang in LANGS:
                for token in re.findall(r"\d[\d.,/]*\d|\d", meta[key][lang]):
                    assert token in allowed, (metric, key, lang, token)


def test_derived_indicators_file_defines_each_with_formula_and_builders():
    recs = yaml.safe_load((DATA_DIR / "derived_indicators.yaml").read_text(encoding="utf-8"))
    assert [r["id"] for r in recs] == DERIVED_IDS
    for rec in recs:
        assert rec["formula"]["symbols"].strip() and "=" in rec["formula"]["symbols"]
        for key in ("name", "concept", "definition", "interpretation", "condition", "unit", "computed_in"):
            for lang in LANGS:
                assert rec[key][lang].strip(), (rec["id"], key, lang)
        for lang in LANGS:
            assert rec["formula"][lang].strip()
        builders = satudata.derived_builds_on(rec)
        assert builders and all(b in catalog.metrics() for b in builders), rec["id"]
        for d in rec.get("derived_inputs", []):
            assert d in DERIVED_IDS
    assert satudata.derived_indicator("kur_per_umkm")["numerator"] == ["kur_disbursed_value"]
    assert satudata.derived_indicator("kur_per_umkm")["denominator"] == ["umkm_total"]
    assert satudata.derived_name("per_1000_population", "id", "Jumlah UMKM") == "Jumlah UMKM per 1.000 penduduk"
    with pytest.raises(KeyError):
        satudata.derived_indicator("no_such_thing")


# ---- MS-Ind -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_msind_field_is_filled_or_explicitly_not_applicable(lang):
    records = all_records(lang)
    na = satudata.not_applicable(lang)
    marked = 0
    for rec in records:
        assert list(rec) == [*satudata.CONTEXT_FIELDS, *satudata.MSIND_FIELDS]
        for field in satudata.MSIND_FIELDS:
            value = rec[field]
            assert isinstance(value, str) and value.strip(), (rec["dataset"], rec["metric"], field)
            assert "tidak tersedia" not in value and "not available" not in value, (rec["metric"], field)
            if value.startswith(na):
                marked += 1
                assert value.startswith(na + ":"), value  # the reason always follows
        for field in ("period", "source", "dataset"):
            assert rec[field].strip(), (rec["dataset"], rec["metric"], field)
    assert marked > 0


def test_one_msind_record_per_dataset_and_metric():
    figs = catalog.figures()
    pairs = figs.groupby(["dataset", "metric"]).size()
    records = [r for ds in catalog.datasets() for r in satudata.msind_records(ds.id)]
    with_metric = {(r["dataset"], r["metric"]) for r in records if r["metric"]}
    assert with_metric == set(pairs.index)
    assert len(records) == len(pairs) + sum(1 for ds in catalog.datasets() if ds.id not in set(figs["dataset"]))
    table = satudata.msind_table("id")
    assert len(table) == len(records) + len(DERIVED_IDS)
    assert list(table.columns[4:]) == MSIND_LABELS_ID


def test_msind_record_of_the_diskop_dataset_is_filled_from_the_metadata():
    rec = {r["metric"]: r for r in satudata.msind_records("paper_diskop_2023", "id")}
    meta = catalog.metrics()["umkm_total"]
    umkm = rec["umkm_total"]
    assert umkm["nama_indikator"] == "Jumlah UMKM"
    assert umkm["konsep"] == meta["concept"]["id"]
    assert umkm["definisi"] == meta["definition"]["id"]
    assert umkm["interpretasi"] == meta["interpretation"]["id"]
    assert umkm["metode"].startswith(meta["method"]["id"])
    assert "Dinas Koperasi dan UMKM Provinsi Bali" in umkm["metode"] and "§1 Pendahuluan" in umkm["metode"]
    assert umkm["ukuran"] == "Jumlah" and umkm["satuan"] == "Unit usaha"
    assert umkm["klasifikasi_penyajian"] == "Skala usaha; Sektor usaha"
    assert umkm["indikator_komposit"] == "Tidak"
    assert umkm["indikator_pembangun"].startswith("tidak berlaku:")
    assert umkm["level_estimasi"] == "Provinsi"
    assert umkm["dapat_diakses_umum"].startswith("Ya")
    assert rec["umkm_sector_rank"]["satuan"].startswith("tidak berlaku:")  # a rank has no unit


def test_msind_levels_units_and_qualifiers_follow_the_figures():
    pop = satudata.msind_records("pop_dukcapil_2024", "id")[0]
    assert pop["level_estimasi"] == "Provinsi, Kabupaten/Kota"
    assert pop["klasifikasi_penyajian"] == "Kabupaten/kota; Jenis kelamin"
    assert pop["satuan"] == "Orang (jiwa)"
    econ = {r["metric"]: r for r in satudata.msind_records("paper_econ_sea", "en")}
    assert econ["digital_economy_market"]["satuan"] == "US dollars (US$); Rupiah (IDR)"
    assert econ["digital_economy_market"]["level_estimasi"] == "National"
    assert "bounds or approximations" in econ["digital_economy_market"]["metode"]  # "sekitar Rp1.762 triliun"
    method = satudata.msind_records("paper_method", "id")[0]
    assert method["level_estimasi"] == "tidak berlaku: bukan data wilayah"
    ntb = {r["metric"]: r for r in satudata.msind_records("paper_bps_ecommerce_2022", "id")}
    assert ntb["ecommerce_share"]["level_estimasi"] == "Provinsi"  # Bali and NTB (52)


def test_a_metric_computed_by_its_source_is_composite():
    rec = {r["metric"]: r for r in satudata.msind_records("umkm_diskop_prov", "id")}
    ratio = rec["umkm_per_population"]
    assert ratio["indikator_komposit"] == "Ya"
    assert ratio["indikator_pembangun"] == "Jumlah UMKM (umkm_total); Jumlah penduduk (population_total)"
    assert ratio["ukuran"] == "Rasio"


@pytest.mark.parametrize("dataset_id, what", [("ref_regency_codes", "kode rujukan wilayah"),
                                              ("geo_boundaries", "batas wilayah (geometri)")])
def test_datasets_without_figures_say_why_msind_does_not_apply(dataset_id, what):
    [rec] = satudata.msind_records(dataset_id, "id")
    assert rec["nama_indikator"] == catalog.dataset(dataset_id).title_in("id")
    assert rec["konsep"] == f"tidak berlaku: dataset ini {what}, bukan indikator statistik"
    assert rec["dapat_diakses_umum"].startswith("Ya")


def test_derived_indicators_are_composite_with_formula_and_builders():
    recs = {r["metric"]: r for r in satudata.derived_msind_records("id")}
    assert list(recs) == DERIVED_IDS
    for rec in recs.values():
        assert rec["indikator_komposit"] == "Ya"
        assert "Rumus:" in rec["metode"] and "Syarat:" in rec["metode"]
    per_1000 = recs["per_1000_population"]
    assert per_1000["nama_indikator"] == "X per 1.000 penduduk"
    assert "Y_r = X_r / P_r × 1000" in per_1000["metode"]
    assert "Jumlah penduduk (population_total)" in per_1000["indikator_pembangun"]
    assert per_1000["satuan"] == "per 1.000 penduduk"
    loan = recs["average_loan_per_debtor"]
    assert loan["ukuran"] == "Rata-rata" and "Debitur KUR (kur_debtors)" in loan["indikator_pembangun"]
    planner = recs["planner_priority_index"]
    assert "KUR per UMKM (kur_per_umkm)" in planner["indikator_pembangun"]
    assert planner["level_estimasi"] == "Kabupaten/Kota"


def test_an_unknown_metric_is_marked_not_left_blank():
    figs = catalog.figures()
    row = figs[figs["dataset"] == "umkm_diskop_prov"].iloc[[0]].copy()
    row["metric"] = "brand_new_metric"
    rec = satudata.msind_records("umkm_diskop_prov", "id", pd.concat([figs, row]))[-1]
    assert rec["metric"] == "brand_new_metric"
    assert rec["konsep"].startswith("tidak tersedia: metrik brand_new_metric")


def test_msind_view_has_one_row_per_field():
    view = satudata.msind_view("paper_diskop_2023", "en")
    assert view.index[0] == "Indicator name" and len(view) == len(satudata.MSIND_FIELDS)
    assert list(view.columns) == ["umkm_total", "umkm_sector_rank"]


# ---- licences, codes --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("CC BY-IGO", "other-at"),
    ("MIT (compilation); official area figures from BIG", "other-at"),
    ("Statute: public domain (UU 28/2014 art. 42)", "other-pd"),
    ("News figures quoted with attribution", "notspecified"),
    ("BPS data: free to cite with the source named", "notspecified"),
    ("CC BY 4.0", "cc-by"), ("CC-BY-SA 4.0", "cc-by-sa"), ("CC0 1.0", "cc-zero"),
    ("CC BY-NC 4.0", "notspecified"), ("ODbL 1.0", "odc-odbl"),
])
def test_licences_map_to_ckan_ids_only_when_named(text, expected):
    licence = satudata.licence_for(text)
    assert licence.id == expected and licence.text == text
    assert licence.id in CKAN_LICENCES


def test_every_shipped_licence_maps_and_keeps_its_words():
    for ds in catalog.datasets():
        licence = satudata.licence_for(ds.text("licence", "id"))  # the portal reads Indonesian
        assert licence.id in CKAN_LICENCES
        assert licence.id == satudata.licence_for(ds.text("licence", "en")).id  # both forms map alike
        assert licence.frictionless()["title"] == ds.text("licence", "id")
    assert satudata.licence_for("CC BY-IGO").frictionless()["path"].endswith("/by/3.0/igo/")


def test_codes_follow_the_bps_and_kemendagri_reference():
    regs = catalog.regencies()
    for bps, kemendagri in zip(regs["regency_code"], regs["kemendagri_code"], strict=True):
        assert satudata.kemendagri_code(bps) == kemendagri == f"{bps[:2]}.{bps[2:]}"
    assert satudata.kemendagri_code("51") == "51" and satudata.kemendagri_code("ID") == ""
    assert satudata.area_level("52") == "province" and satudata.area_level("") is None


# ---- CKAN -------------------------------------------------------------------------------------

def packages():
    return [satudata.ckan_package(ds.id) for ds in catalog.datasets()]


def test_every_dataset_is_a_complete_ckan_package():
    names = set()
    for pkg, ds in zip(packages(), catalog.datasets(), strict=True):
        assert re.fullmatch(r"[a-z0-9_-]{2,100}", pkg["name"]), pkg["name"]
        names.add(pkg["name"])
        for key in ("title", "notes", "license_id", "author", "maintainer", "url", "version"):
            assert isinstance(pkg[key], str) and pkg[key].strip(), (ds.id, key)
        assert pkg["license_id"] in CKAN_LICENCES
        assert pkg["title"] == ds.title_in("id") and pkg["url"] == ds.url and pkg["author"] == ds.text("producer", "id")
        assert pkg["tags"] and all(re.fullmatch(r"[\w .-]{2,100}", tag["name"]) for tag in pkg["tags"])
        keys = [e["key"] for e in pkg["extras"]]
        assert len(keys) == len(set(keys))
        extras = {e["key"]: e["value"] for e in pkg["extras"]}
        for key in ("Cakupan Wilayah", "Kode Wilayah", "Periode", "Lisensi"):
            assert extras[key].strip(), (ds.id, key)
        assert extras["Periode"] == ds.period and extras["Lisensi"] == ds.text("licence", "id")
        assert extras["Produsen Data (English)"] == ds.text("producer", "en")
        assert extras["Lisensi (English)"] == ds.text("licence", "en")
        assert all(isinstance(v, str) and v.strip() for v in extras.values()), ds.id
        assert pkg["resources"]
        for res in pkg["resources"]:
            for key in ("url", "name", "description", "format"):
                assert res[key].strip(), (ds.id, key)
        assert "owner_org" not in pkg
    assert len(names) == len(catalog.datasets())


def test_ckan_extras_carry_coverage_and_reference_codes():
    pkg = satudata.ckan_package("pop_dukcapil_2024")
    extras = {e["key"]: e["value"] for e in pkg["extras"]}
    assert extras["Cakupan Wilayah"] == "Provinsi Bali; 9 kabupaten/kota"
    assert extras["Kode Wilayah"] == "51, 5101, 5102, 5103, 5104, 5105, 5106, 5107, 5108, 5171"
    assert extras["Kode Wilayah Kemendagri"] == "51, 51.01, 51.02, 51.03, 51.04, 51.05, 51.06, 51.07, 51.08, 51.71"
    assert extras["Tahun Data"] == "2024"
    gnfi = {e["key"]: e["value"] for e in satudata.ckan_package("umkm_gnfi_2025")["extras"]}
    assert gnfi["Cakupan Wilayah"] == "Kabupaten Tabanan; Kabupaten Klungkung; Kabupaten Karangasem"
    assert gnfi["Tahun Data"].startswith("tidak berlaku")
    national = {e["key"]: e["value"] for e in satudata.ckan_package("paper_kadin_2023")["extras"]}
    assert national["Kode Wilayah"] == "ID (Indonesia)"


def test_ckan_resources_one_per_file_with_base_url_and_owner():
    geo = satudata.ckan_package("geo_boundaries", base_url="https://data.example/umkm/", owner_org="diskop")
    assert geo["owner_org"] == "diskop" and geo["license_id"] == "other-at"
    urls = [r["url"] for r in geo["resources"]]
    assert urls == ["https://data.example/umkm/data/geo_boundaries.geojson",
                    "https://data.example/umkm/metadata/ms_ind/geo_boundaries.csv"]
    assert geo["resources"][0]["format"] == "GeoJSON"
    kur = satudata.ckan_package("kur_kabar24_2016")
    assert [r["format"] for r in kur["resources"]] == ["CSV", "CSV"]
    assert kur["resources"][0]["url"] == "data/kur_kabar24_2016.csv"
    assert {"KUR", "pembiayaan", "Bali"} <= {t["name"] for t in kur["tags"]}


def test_names_are_safe_for_odd_ids():
    assert satudata.ckan_name("Impor V3/UMKM..x") == "umkm-bali-impor-v3-umkm-x"
    assert satudata.file_stem("../../etc/passwd") == "etc-passwd"
    assert len(satudata.ckan_name("x" * 300)) == 100
