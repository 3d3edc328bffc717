"""The open-data export: the data package validates with frictionless and reads back unchanged."""

import dataclasses
import io
import json
import zipfile
from decimal import Decimal

import pandas as pd
import pytest
from frictionless import Package, validate
from openpyxl import load_workbook

from bali_umkm import catalog, satudata
from bali_umkm.export import opendata
from bali_umkm.paths import GEO_DIR


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("datapackage")
    opendata.write_files(opendata.datapackage_files(created="2026-11-28T00:00:00+00:00"), out)
    return out


def _text(value) -> str:
    return "" if value is None else str(value)


def test_the_package_validates_with_frictionless(package_dir):
    report = validate(str(package_dir / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    n_datasets = len(catalog.datasets())
    assert report.stats["tasks"] == n_datasets + 1  # one resource per dataset, plus the MS-Ind table
    assert report.stats["errors"] == 0


def test_a_changed_file_fails_validation(package_dir, tmp_path):
    files = opendata.datapackage_files()
    csv = files["data/paper_diskop_2023.csv"].decode("utf-8")
    assert ",439382,units," in csv
    files["data/paper_diskop_2023.csv"] = csv.replace(",439382,units,", ",439383,units,").encode("utf-8")
    opendata.write_files(files, tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert [e[0] for e in report.flatten(["type"])] == ["hash-count"]


def test_round_trip_keeps_every_value_unit_period_and_source(package_dir):
    package = Package(str(package_dir / "datapackage.json"))
    figs = catalog.figures().set_index("id")
    seen = set()
    for ds in catalog.datasets():
        own = figs[figs["dataset"] == ds.id]
        if own.empty:
            continue
        resource = package.get_resource(satudata.file_stem(ds.id))
        # the dataset record travels with its resource
        assert resource.title == ds.title_in("id")
        assert resource.sources[0]["title"] == ds.citation and resource.sources[0]["path"] == ds.url
        # Indonesian for the portal, the English forms beside them
        assert resource.licenses[0]["title"] == ds.text("licence", "id")
        assert resource.licenses[0]["name"] == satudata.licence_for(ds.text("licence", "id")).id
        assert resource.custom["period"] == ds.period and resource.custom["producer"] == ds.text("producer", "id")
        assert resource.custom["producer_en"] == ds.text("producer", "en")
        assert resource.custom["licence_en"] == ds.text("licence", "en")
        assert resource.custom["trust"] == ds.trust
        if ds.kind == "paper":
            assert ds.paper_section in resource.sources[1]["title"]
        rows = resource.read_rows()
        assert len(rows) == len(own)
        for row in rows:
            fig = own.loc[row["id"]]
            assert isinstance(row["value"], Decimal)
            assert float(row["value"]) == fig["value"], row["id"]  # exact, not approximately
            assert row["unit"] == fig["unit"] and row["qualifier"] == fig["qualifier"]
            assert _text(row["period"]) == fig["period"]
            assert (row["year"] is None) == pd.isna(fig["year"])
            assert row["year"] is None or row["year"] == fig["year"]
            for col in ("dataset", "regency_code", "category", "metric", "published", "trust"):
                assert _text(row[col]) == fig[col], (row["id"], col)
            assert _text(row["note"]) == catalog.note_label(fig["note"], "id")
            assert row["source"] == catalog.source_line(ds.id, "id")
            assert _text(row["kemendagri_code"]) == satudata.kemendagri_code(fig["regency_code"])
            seen.add(row["id"])
    assert seen == set(figs.index)


def test_reference_codes_and_boundaries_ship_as_they_are(package_dir):
    package = Package(str(package_dir / "datapackage.json"))
    codes = package.get_resource("ref_regency_codes")
    rows = codes.read_rows()
    assert [r["regency_code"] for r in rows] == list(catalog.REGENCY_CODES)
    assert rows[6]["kemendagri_code"] == "51.07" and rows[6]["official_name_kemendagri_2025"] == "Kabupaten Karangasem"
    geo = package.get_resource("geo_boundaries")
    assert geo.licenses[0]["name"] == "other-at" and geo.licenses[0]["title"] == "CC BY-IGO"
    assert (package_dir / geo.path).read_bytes() == (GEO_DIR / "bali_regencies.geojson").read_bytes()
    assert len(json.loads((package_dir / geo.path).read_text(encoding="utf-8"))["features"]) == 9


def test_the_msind_table_is_a_resource_of_the_package(package_dir):
    package = Package(str(package_dir / "datapackage.json"))
    rows = package.get_resource("ms_ind").read_rows()
    table = satudata.msind_table("id", labels=False)
    assert len(rows) == len(table)
    by_key = {(r["dataset"], _text(r["metric"])): r for r in rows}
    rec = by_key[("paper_diskop_2023", "umkm_total")]
    assert rec["nama_indikator"] == "Jumlah UMKM" and rec["indikator_komposit"] == "Tidak"
    assert by_key[("Indikator turunan (dihitung dasbor)", "kur_per_umkm")]["indikator_komposit"] == "Ya"
    fields = package.get_resource("ms_ind").schema.fields
    assert [f.title for f in fields][4:7] == ["Nama Indikator", "Konsep", "Definisi"]


def test_zip_holds_the_same_files():
    data = opendata.datapackage_zip()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        descriptor = json.loads(zf.read("datapackage.json"))
    assert {r["path"] for r in descriptor["resources"]} | {"datapackage.json"} == names


def test_ckan_files_hold_one_json_per_dataset_and_their_resources():
    files = opendata.ckan_files()
    jsons = [p for p in files if p.startswith("ckan/")]
    assert len(jsons) == len(catalog.datasets())
    for path in jsons:
        pkg = json.loads(files[path])
        assert path == f"ckan/{pkg['name']}.json"
        for res in pkg["resources"]:
            assert res["url"] in files, res["url"]  # relative URLs resolve inside the export
    msind = pd.read_csv(io.BytesIO(files["metadata/ms_ind/paper_diskop_2023.csv"]), dtype=str)
    assert msind["metric"].tolist() == ["umkm_total", "umkm_sector_rank"]


def test_msind_xlsx_has_both_languages():
    wb = load_workbook(io.BytesIO(opendata.msind_xlsx()))
    assert wb.sheetnames == ["MS-Ind", "MS-Ind (en)"]
    header = [c.value for c in wb["MS-Ind"][1]]
    assert header[4:] == [satudata.field_label(f, "id") for f in satudata.MSIND_FIELDS]
    assert [c.value for c in wb["MS-Ind (en)"][1]][4] == "Indicator name"
    assert wb["MS-Ind"].max_row == len(satudata.msind_table("id")) + 1


def test_write_files_refuses_to_leave_its_folder(tmp_path):
    with pytest.raises(ValueError):
        opendata.write_files({"../escape.csv": b"x"}, tmp_path / "out")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(NotADirectoryError):
        opendata.write_files({"a.csv": b"x"}, tmp_path / "afile")


@pytest.fixture
def imported_version(monkeypatch):
    """An imported version as the import store will show it: a new record in catalog.datasets()
    and its figures in catalog.figures() (the export only reads those two)."""
    shipped = catalog._datasets()
    figs = catalog._figures()
    record = dataclasses.replace(
        shipped["umkm_diskop_prov"], id="import_v3_umkm", kind="import",
        title={"id": "UMKM per kabupaten 2024 (impor)", "en": "MSMEs by regency 2024 (import)"},
        producer="Dinas Koperasi dan UMKM Provinsi Bali (impor)", licence="CC BY 4.0", period='=HYPERLINK("x")',
        files=())
    rows = pd.DataFrame([{
        "id": f"import_v3_umkm.{code}.2024.umkm_total", "dataset": "import_v3_umkm", "regency_code": code,
        "year": 2024, "period": "2024", "category": "", "metric": "umkm_total", "value": float(value),
        "unit": "units", "qualifier": "=", "published": str(value), "trust": "high", "note": "synthetic test row",
        "source_kind": "import", "tolerance": 0.0} for code, value in (("5101", 11), ("5102", 22))])
    rows["year"] = rows["year"].astype("Int64")
    monkeypatch.setattr(catalog, "_datasets", lambda: {**shipped, record.id: record})
    monkeypatch.setattr(catalog, "_figures", lambda: pd.concat([figs, rows], ignore_index=True))
    return record


def test_an_imported_version_is_exported_too(imported_version, tmp_path):
    files = opendata.datapackage_files()
    opendata.write_files(files, tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    res = package.get_resource("import_v3_umkm")
    assert [float(r["value"]) for r in res.read_rows()] == [11.0, 22.0]
    assert res.licenses[0]["name"] == "cc-by"
    [rec] = satudata.msind_records("import_v3_umkm", "id")
    assert rec["dapat_diakses_umum"].startswith("Perlu ditetapkan walidata")
    ckan = opendata.ckan_files()
    assert "ckan/umkm-bali-import-v3-umkm.json" in ckan
    # text a spreadsheet would run as a formula (here the uploader's period) is neutralised
    ws = load_workbook(io.BytesIO(opendata.msind_xlsx()))["MS-Ind"]
    cells = [c for c in ws["A"] if c.value == "import_v3_umkm"]
    assert cells and ws.cell(cells[0].row, 3).value == "'=HYPERLINK(\"x\")"
    assert ws.cell(cells[0].row, 3).data_type == "s"
    msind = files["metadata/ms_ind.csv"].decode("utf-8")
    assert "import_v3_umkm,umkm_total,\"'=HYPERLINK" in msind
