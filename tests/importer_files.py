"""Files the importer tests build: real-looking tables (CSV in several dialects, XLSX with titles,
merged headers and totals rows) and the malformed ones. All numbers are made up for the tests."""

from __future__ import annotations

import io

from openpyxl import Workbook

REGENCIES = ["Kab. Jembrana", "Kabupaten Tabanan", "KAB. BADUNG", "Gianyar", "Klungkung", "Bangli",
             "Kab. Karang Asem", "Kabupaten Buleleng", "KOTA DENPASAR"]
# made-up counts by scale for the 9 regencies (mikro, kecil, menengah)
SCALE_COUNTS = [(18000, 1700, 300), (23000, 2100, 400), (36000, 3400, 700), (40000, 3600, 600),
                (20000, 1800, 300), (30000, 2500, 400), (35000, 3000, 500), (60000, 5000, 900),
                (58000, 6000, 1200)]


def csv_bytes(lines: list[str], encoding: str = "utf-8", bom: bool = False) -> bytes:
    data = "\n".join(lines).encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def umkm_long(rows: list[tuple], sep: str = ",") -> bytes:
    head = sep.join(["kabupaten_kota", "tahun", "skala", "jumlah_umkm"])
    return csv_bytes([head, *[sep.join(map(str, r)) for r in rows]])


def kur_csv(sep: str = ";") -> list[str]:
    lines = [f"Kabupaten/Kota{sep}Tahun{sep}Nilai Penyaluran (Rp juta){sep}Jumlah Debitur"]
    for name, (v, d) in zip(REGENCIES, [(223500, 1234), (359600, 2000), (272800, 1500), (344500, 1400),
                                        (142200, 900), (136600, 800), (235600, 1000), (355100, 1800),
                                        (637600, 3000)], strict=True):
        lines.append(f"{name}{sep}2024{sep}{v:,}{sep}{d:,}".replace(",", "."))
    return lines


def xlsx(rows: list[list], merges: tuple[str, ...] = (), sheet: str = "Data", percent_cells: tuple[str, ...] = (),
         formulas: dict[str, str] | None = None, extra_sheets: dict[str, list[list]] | None = None) -> bytes:
    wb = Workbook()
    for name, content in (extra_sheets or {}).items():
        ws = wb.create_sheet(name, 0)
        for r in content:
            ws.append(r)
    ws = wb["Sheet"]
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for rng in merges:
        ws.merge_cells(rng)
    for ref in percent_cells:
        ws[ref].number_format = "0.00%"
    for ref, formula in (formulas or {}).items():
        ws[ref] = formula
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def diskop_xlsx(total_row: tuple | None = None, title_year: bool = True) -> bytes:
    """A Diskop-style sheet: a title, a blank row, a two-row merged header ("Skala Usaha" over
    Mikro/Kecil/Menengah; "No", "Kabupaten/Kota", "Jumlah" merged down), a row of column
    numbers, 9 regencies, a "Jumlah" row and a source note."""
    title = "Data Keragaan UMKM Provinsi Bali Tahun 2024" if title_year else "Data Keragaan UMKM Provinsi Bali"
    rows = [[title], [], ["No", "Kabupaten/Kota", "Skala Usaha", None, None, "Jumlah"],
            [None, None, "Mikro", "Kecil", "Menengah", None], ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]]
    for i, (name, (mi, ke, me)) in enumerate(zip(REGENCIES, SCALE_COUNTS, strict=True), start=1):
        rows.append([i, name, mi, ke, me, mi + ke + me])
    sums = [sum(c[k] for c in SCALE_COUNTS) for k in range(3)]
    rows.append([None, "Jumlah", *(total_row or (*sums, sum(sums)))])
    rows.append(["Sumber: Dinas Koperasi dan UMKM Provinsi Bali (angka contoh untuk uji)"])
    return xlsx(rows, merges=("C3:E3", "A3:A4", "B3:B4", "F3:F4"))


# ---- the layouts officials download, for Bali, with the catalogue's own figures --------------

def catalogue_values(dataset: str, metric: str, category: str = "") -> dict[str, float]:
    """{BPS code: value} of one catalogue dataset (the 9 regencies and, if given, the province)."""
    from bali_umkm import catalog

    f = catalog.figures()
    f = f[(f["dataset"] == dataset) & (f["metric"] == metric) & (f["category"] == category)]
    return {str(c): float(v) for c, v in zip(f["regency_code"], f["value"], strict=True)}


def satudata_bali_csv(value_column: str = "jumlah_penduduk", satuan: str = "JIWA", year: int = 2024,
                      values: dict[str, float] | None = None, extra: tuple[str, dict[str, str]] | None = None) -> bytes:
    """A Satu Data Indonesia export for Bali (kode_provinsi 51, kode_kabupaten_kota 5101...5171,
    names as BPS writes them), by default Dukcapil's registered population of 2024 from the
    catalogue. `extra`: a category column (name, {code: value})."""
    from bali_umkm import catalog

    values = values or catalogue_values("pop_dukcapil_2024", "population_total")
    names = dict(zip(catalog.regencies()["regency_code"], catalog.regencies()["name_bps_mfd_2018"], strict=True))
    head = ["id", "kode_provinsi", "nama_provinsi", "kode_kabupaten_kota", "nama_kabupaten_kota"]
    head += [extra[0]] if extra else []
    lines = [",".join([*head, value_column, "satuan", "tahun"])]
    for i, code in enumerate(catalog.REGENCY_CODES, start=1):
        cells = [str(i), "51", "BALI", code, names[code]] + ([extra[1][code]] if extra else [])
        lines.append(",".join([*cells, str(int(values[code])), satuan, str(year)]))
    return csv_bytes(lines)


BPS_NAMES = {"5101": "Jembrana", "5102": "Tabanan", "5103": "Badung", "5104": "Gianyar", "5105": "Klungkung",
             "5106": "Bangli", "5107": "Karang Asem", "5108": "Buleleng", "5171": "Kota Denpasar"}


def bps_population_ribu(as_text: bool = False) -> tuple[bytes, dict[str, float]]:
    """A BPS "Jumlah Penduduk (Ribu)" table as BPS Provinsi Bali publishes them: two title rows (id,
    en) with the year, a bilingual two-row header, the regencies in BPS's spellings, a "Bali" row,
    "Catatan" and "Sumber" footnotes. Values: Dukcapil's June 2022 figures from the catalogue in
    thousands (827,64). Returns (file, {code: persons expected})."""
    pop = catalogue_values("pop_dukcapil_2022", "population_total")
    ribu = {code: pop[code] / 1000 for code in BPS_NAMES}
    total = round(sum(ribu.values()), 2)
    rows = [["Jumlah Penduduk Menurut Kabupaten/Kota di Provinsi Bali, 2022"],
            ["Population by Regency/Municipality in Bali Province, 2022"], [],
            ["Kabupaten/Kota", "Jumlah Penduduk (Ribu)", "Laju Pertumbuhan (%)"],
            ["Regency/Municipality", "Population (Thousand)", "Growth Rate (%)"]]

    def cell(v):
        return f"{v:,.2f}".replace(",", " ").replace(".", ",") if as_text else v

    for code, name in BPS_NAMES.items():
        rows.append([name, cell(ribu[code]), "-"])
    rows.append(["Bali", cell(total), "-"])
    rows += [[], ["Catatan: angka uji dari katalog dasbor (registrasi Dukcapil Juni 2022)."],
             ["Sumber: Badan Pusat Statistik Provinsi Bali (tata letak)"]]
    expected = {code: round(ribu[code] * 1000) for code in BPS_NAMES} | {"51": round(total * 1000)}
    if as_text:
        return csv_bytes([";".join(f'"{c}"' if c else "" for c in map(str, r)) if r else "" for r in rows]), expected
    return xlsx(rows), expected
