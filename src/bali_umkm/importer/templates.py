"""Templates to fill in: one per kind, as CSV and XLSX, with the 9 regencies filled in, value
cells empty, and every column explained in Indonesian (a "Petunjuk" sheet in the XLSX, "#"
note lines at the top of the CSV, which the reader skips). No Streamlit here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .. import catalog
from .vocab import KINDS


@dataclass(frozen=True)
class Template:
    kind: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (header, explanation in Indonesian)
    rows: tuple[tuple[str, ...], ...]


SCALES = ("mikro", "kecil", "menengah")
SECTORS = ("perdagangan", "industri pertanian", "industri non pertanian", "aneka jasa")
SCHEMES = ("kur super mikro", "kur mikro", "kur kecil")
_REGENCY = ("kabupaten_kota", "Nama kabupaten/kota (boleh 'Kab. Badung', 'KOTA DENPASAR', 'Karang Asem'). "
            "Baris 'Jumlah' atau 'Total' dibaca sebagai angka provinsi dan dicocokkan dengan jumlahnya.")
_CODE = ("kode_bps", "Kode BPS kabupaten/kota (5101 ... 5171); boleh dikosongkan. Bila diisi, harus cocok dengan nama.")
_YEAR = ("tahun", "Tahun data, misalnya 2024 (wajib, kecuali tahun tertulis di kolom periode).")
_PERIOD = ("periode", "Periode data bila bukan satu tahun penuh, misalnya 'Jan-Des 2024' atau 's.d. 31 Mei 2024'; "
           "boleh kosong.")
_NUMBERS = ("Angka boleh ditulis cara Indonesia (1.234.567; 4,72; Rp 3.009,38). Sel kosong atau '-' berarti "
            "tidak ada data, bukan nol.")


def _regencies() -> list[tuple[str, str]]:
    regs = catalog.regencies()
    return list(zip(regs["official_name_kemendagri_2025"], regs["regency_code"], strict=True))


def templates() -> dict[str, Template]:
    regs = _regencies()
    umkm_rows = tuple((name, code, "", "", scale, sector, "")
                      for name, code in regs
                      for scale in ("jumlah", *SCALES) for sector in ("jumlah", *SECTORS))
    kur_rows = tuple((name, code, "", "", scheme, "", "") for name, code in regs for scheme in ("jumlah", *SCHEMES))
    return {
        "umkm": Template("umkm", "Jumlah UMKM menurut kabupaten/kota, skala usaha, sektor dan tahun", (
            _REGENCY, _CODE, _YEAR, _PERIOD,
            ("skala", "Skala usaha: mikro, kecil, menengah, atau 'jumlah' untuk semua skala."),
            ("sektor", "Sektor: perdagangan, industri pertanian, industri non pertanian, aneka jasa, atau 'jumlah' "
                       "untuk semua sektor."),
            ("jumlah_umkm", "Jumlah UMKM (unit usaha). " + _NUMBERS),
        ), umkm_rows),
        "kur": Template("kur", "Penyaluran KUR menurut kabupaten/kota, periode dan skema", (
            _REGENCY, _CODE, _YEAR, _PERIOD,
            ("skema", "Skema KUR: kur super mikro, kur mikro, kur kecil, kur pmi, kur khusus, atau 'jumlah' untuk "
                      "semua skema."),
            ("nilai_penyaluran_rp", "Nilai KUR yang disalurkan, dalam rupiah penuh (bukan juta). Bila dalam juta "
                                    "atau miliar, tulis di judul kolom, misalnya 'nilai_penyaluran (Rp juta)'. "
                                    + _NUMBERS),
            ("jumlah_debitur", "Jumlah debitur penerima KUR (orang). " + _NUMBERS),
        ), kur_rows),
        "ecommerce": Template("ecommerce", "Usaha yang melakukan e-commerce menurut kabupaten/kota", (
            _REGENCY, _CODE, _YEAR,
            ("jumlah_usaha_ecommerce", "Jumlah usaha yang melakukan e-commerce (unit usaha). " + _NUMBERS),
            ("persen_usaha_ecommerce", "Persentase usaha yang melakukan e-commerce (0-100, misalnya 62,28)."),
        ), tuple((name, code, "", "", "") for name, code in regs)),
        "tidy": Template("tidy", "Tabel umum (bentuk panjang, satu angka per baris)", (
            _REGENCY, _CODE, _YEAR, _PERIOD,
            ("indikator", "Kode indikator dari data/metrics.yaml, misalnya umkm_total, kur_disbursed_value, "
                          "kur_debtors, ecommerce_businesses, ecommerce_share."),
            ("kategori", "Rincian dalam bentuk dimensi=nilai, misalnya scale=mikro;sector=perdagangan; kosong untuk "
                         "total."),
            ("nilai", "Angka. " + _NUMBERS),
            ("satuan", "Satuan (boleh kosong): unit, rupiah, juta rupiah, miliar rupiah, persen, debitur, jiwa."),
        ), tuple((name, code, "", "", "", "", "", "") for name, code in regs)),
        "registry": Template("registry", "Registri usaha: satu baris per usaha (data pribadi: simpan dengan aman)", (
            _REGENCY,
            ("skala", "Skala usaha: mikro, kecil atau menengah."),
            ("kbli", "Kode KBLI 2020 (5 angka, misalnya 47111), 2 angka golongan pokok, huruf kategori (G), atau "
                     "nama sektor."),
            ("ecommerce", "Apakah usaha berjualan secara daring (e-commerce): ya / tidak."),
            ("penerima_kur", "Apakah usaha menerima KUR: ya / tidak."),
            ("nib", "Nomor Induk Berusaha (13 angka), boleh kosong; dipakai hanya untuk menghitung NIB ganda."),
            ("tahun", "Tahun keadaan data (boleh kosong bila tahun dipilih saat impor)."),
        ), ()),
    }


def csv_bytes(tpl: Template) -> bytes:
    out = io.StringIO()
    out.write(f"# Templat Dasbor UMKM Bali: {tpl.title}\n")
    for header, text in tpl.columns:
        out.write(f"# {header}: {text}\n".replace("\n#", "\n#"))
    out.write("# Baris yang diawali '#' adalah catatan dan tidak diimpor.\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([h for h, _ in tpl.columns])
    writer.writerows(tpl.rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(tpl: Template) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append([h for h, _ in tpl.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEFEE")
    for row in tpl.rows:
        ws.append(list(row))
    ws.freeze_panes = "A2"
    for i, (header, _) in enumerate(tpl.columns, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(14, len(header) + 4)
    lists = {"skala": ("jumlah", *SCALES) if tpl.kind != "registry" else SCALES,
             "sektor": ("jumlah", *SECTORS), "skema": ("jumlah", *SCHEMES, "kur pmi", "kur khusus"),
             "ecommerce": ("ya", "tidak"), "penerima_kur": ("ya", "tidak")}
    for i, (header, _) in enumerate(tpl.columns, start=1):
        if header in lists:
            letter = ws.cell(1, i).column_letter
            dv = DataValidation(type="list", formula1='"' + ",".join(lists[header]) + '"', allow_blank=True)
            dv.add(f"{letter}2:{letter}{max(len(tpl.rows), 1000) + 1}")
            ws.add_data_validation(dv)
    notes = wb.create_sheet("Petunjuk")
    notes.append([f"Templat Dasbor UMKM Bali: {tpl.title}"])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append([])
    notes.append(["Kolom", "Penjelasan"])
    for cell in notes[3]:
        cell.font = Font(bold=True)
    for header, text in tpl.columns:
        notes.append([header, text])
    notes.append([])
    notes.append(["Catatan", "Isi lembar 'Data'. Judul kolom boleh diubah ke sebutan yang biasa dipakai "
                              "(misalnya 'Kabupaten/Kota'); baris judul boleh berada di bawah judul tabel."])
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 110
    for row in notes.iter_rows(min_row=4):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_all(out_dir: Path) -> list[Path]:
    """`<kind>.csv` and `<kind>.xlsx` for every kind; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, tpl in templates().items():
        assert kind in KINDS
        for suffix, data in ((".csv", csv_bytes(tpl)), (".xlsx", xlsx_bytes(tpl))):
            path = out_dir / f"{kind}{suffix}"
            path.write_bytes(data)
            written.append(path)
    return written
