"""One-off writer of data/paper_figures.csv (kept so the table can be reviewed as code). The CSV has
since been edited directly and is the reference: it adds the `location` column (where the paper
prints each figure) and corrected periods; this script no longer reproduces it.

Each row: id, dataset, regency_code, year, period, category, metric, value, unit, qualifier,
as_written (verbatim from the paper; tests/test_catalog.py checks it appears there and parses
to `value`), note. Values are in base units (IDR, units, persons, percent, minutes, USD).
"""
import csv
from pathlib import Path

F = []


def add(id_, ds, reg, year, period, cat, metric, value, unit, q, written, note=""):
    F.append(dict(id=id_, dataset=ds, regency_code=reg, year=year, period=period, category=cat,
                  metric=metric, value=value, unit=unit, qualifier=q, as_written=written, note=note))


# §1 e-Conomy SEA 2020, via Kementerian Koperasi & UKM (2021)
ds = "paper_econ_sea"
add("econ_sea_market_usd", ds, "ID", "2025", "proyeksi 2025", "", "digital_economy_market", 124e9, "USD", "=",
    "124 miliar dolar AS", "projection")
add("econ_sea_market_idr", ds, "ID", "2025", "proyeksi 2025", "", "digital_economy_market", 1762e12, "IDR", "~",
    "sekitar Rp1.762 triliun", "projection; the paper's rupiah conversion of USD 124 billion")
add("econ_sea_ecommerce_growth", ds, "ID", "", "5 tahun ke depan (laporan 2020)", "sector=e_commerce",
    "sector_growth_projection", 21, "percent", "=", "21 persen", "projection; horizon 'lima tahun ke depan'")
add("econ_sea_transport_growth", ds, "ID", "", "5 tahun ke depan (laporan 2020)",
    "sector=transportasi_online_pengantaran_makanan", "sector_growth_projection", 28, "percent", "=",
    "28 persen", "projection")
# §1 Bali population (BPS Provinsi Bali 2024) and UMKM total (DiskopUKM 2024)
add("population_bali_2024", "paper_bps_population", "51", "2024", "", "", "population_total", 4433300,
    "persons", "=", "4.433.300 jiwa")
ds = "paper_diskop_2023"
add("umkm_2023_total", ds, "51", "2023", "", "", "umkm_total", 439382, "units", "=",
    "439.382 pada tahun 2023")
add("umkm_2023_mikro", ds, "51", "2023", "", "scale=mikro", "umkm_total", 395612, "units", "=", "395.612")
add("umkm_2023_kecil", ds, "51", "2023", "", "scale=kecil", "umkm_total", 36837, "units", "=", "36.837")
add("umkm_2023_menengah", ds, "51", "2023", "", "scale=menengah", "umkm_total", 6932, "units", "=",
    "menengah sebanyak 6932")
add("umkm_2023_mikro_industri_pertanian", ds, "51", "2023", "", "scale=mikro;sector=industri_pertanian",
    "umkm_total", 67748, "units", "=", "67.748 pelaku usaha")
add("umkm_2023_kecil_non_pertanian", ds, "51", "2023", "", "scale=kecil;sector=industri_non_pertanian",
    "umkm_total", 10725, "units", "=", "10.725 pelaku",
    "paper: 'sektor non pertanian', read as Diskop's 'industri non-pertanian'")
add("umkm_2023_menengah_non_pertanian", ds, "51", "2023", "", "scale=menengah;sector=industri_non_pertanian",
    "umkm_total", 1953, "units", "=", "1953 pelaku",
    "paper: 'sektor non pertanian', read as Diskop's 'industri non-pertanian'")
lead = "paling banyak diminati di Provinsi Bali untuk skala mikro, kecil, dan menengah adalah sektor perdagangan"
for s in ("mikro", "kecil", "menengah"):
    add(f"umkm_2023_rank1_{s}", ds, "51", "2023", "", f"scale={s};sector=perdagangan", "umkm_sector_rank",
        1, "rank", "=", lead, "rank of the sector by number of firms at this scale (1 = most)")
add("umkm_2023_rank2_mikro", ds, "51", "2023", "", "scale=mikro;sector=industri_pertanian", "umkm_sector_rank",
    2, "rank", "=", "Untuk usaha skala mikro, sektor kedua yang paling diminati adalah industri pertanian")
for s in ("kecil", "menengah"):
    add(f"umkm_2023_rank2_{s}", ds, "51", "2023", "", f"scale={s};sector=industri_non_pertanian",
        "umkm_sector_rank", 2, "rank", "=",
        "Untuk usaha skala kecil dan menengah, sektor kedua yang paling diminati adalah sektor non pertanian",
        "paper: 'sektor non pertanian', read as Diskop's 'industri non-pertanian'")
# §2 social media (Databoks 2024, We Are Social)
ds = "paper_databoks_socmed"
for key, v, w in [("whatsapp", 90.9, "90,9% pengguna *whatsapp*"), ("instagram", 85.3, "85,3% pengguna *Instagram*"),
                  ("facebook", 81.6, "81,6% pengguna *facebook*"), ("tiktok", 73.5, "73,5% pengguna *tiktok*"),
                  ("telegram", 61.3, "61,3% pengguna telegram"), ("x_twitter", 57.5, "57,5% pengguna X (*twitter*)"),
                  ("youtube", 53.8, "53,8% pengguna youtube"),
                  ("facebook_messenger", 47.9, "47,9% pengguna *facebook messenger*"),
                  ("pinterest", 34.2, "34,2% pengguna *pinterest*"), ("kuaishou", 32.4, "32,4% pengguna *kuaishou*")]:
    add(f"socmed_{key}", ds, "ID", "2024", "awal 2024; usia 16-64 tahun", f"platform={key}",
        "social_media_platform_share", v, "percent", "=", w)
# §2 e-commerce users (Statista 2024)
ds = "paper_statista_ecommerce_users"
add("ecommerce_users_2024", ds, "ID", "2024", "", "", "ecommerce_users", 65.65e6, "persons", "=",
    "65,65juta pengguna", "year not printed in the paper: 'terdapat' (present) in a 2024 source")
add("ecommerce_users_2029", ds, "ID", "2029", "proyeksi 2029", "", "ecommerce_users", 99.1e6, "persons", "=",
    "99,1juta pengguna pada tahun 2029", "projection")
# §2 time online and activities (RRI 2024)
ds = "paper_rri_2024"
add("time_online_daily", ds, "ID", "2024", "", "", "time_online_per_day", 194, "minutes", "=",
    "3 jam 14 menit per hari", "3 h 14 min")
add("daily_internet_share", ds, "ID", "2024", "", "", "daily_online_share", 81, "percent", "=",
    "81% dari mereka mengaksesnya setiap hari")
for key, v, w in [("berbagi_foto_video", 81, "berbagi foto/video (81%)"), ("berkomunikasi", 79, "berkomunikasi (79%)"),
                  ("membaca_berita", 73, "membaca berita/informasi (73%)"), ("hiburan", 68, "hiburan (68%)"),
                  ("belanja_online", 61, "belanja online (61%)")]:
    add(f"online_activity_{key}", ds, "ID", "2024", "", f"activity={key}", "online_activity_share", v,
        "percent", "=", w)
# §2 UMKM in Indonesia (Kadin Indonesia 2023)
ds = "paper_kadin_2023"
add("umkm_indonesia_2023", ds, "ID", "2023", "", "", "umkm_total", 66e6, "units", "~",
    "sekitar 66 juta pelaku usaha UMKM")
add("umkm_gdp_share_2023", ds, "ID", "2023", "", "", "umkm_gdp_share", 61, "percent", "=", "mencapai 61%")
add("umkm_gdp_value_2023", ds, "ID", "2023", "", "", "umkm_gdp_value", 9580e12, "IDR", "~",
    "sekitar Rp9.580 triliun")
add("umkm_workers_2023", ds, "ID", "2023", "", "", "umkm_workers", 117e6, "persons", "~",
    "sekitar 117 juta pekerja")
add("umkm_workforce_share_2023", ds, "ID", "2023", "", "", "umkm_workforce_share", 97, "percent", "=",
    "97% dari total tenaga kerja")
# §2 UNDP / LPEM UI survey, cited by Lisnawati (2023)
ds = "paper_undp_lpem"
note = "survey year not given; 'lebih dari' printed before the first share only"
for key, v, q, w in [("bahan_baku", 48, ">", "lebih dari 48% UMKM menghadapi masalah bahan baku"),
                     ("penurunan_pendapatan", 77, "=", "77% mengalami penurunan pendapatan"),
                     ("kehilangan_permintaan", 88, "=", "88% kehilangan permintaan produk"),
                     ("penurunan_nilai_aset", 97, "=", "97% mengalami penurunan nilai aset")]:
    add(f"undp_lpem_{key}", ds, "ID", "", "survei UNDP-LPEM UI (dikutip 2023)", f"problem={key}",
        "umkm_survey_problem_share", v, "percent", q, w, note)
# §3 the paper's own method
ds = "paper_method"
add("method_articles_referenced", ds, "", "2024", "", "", "articles_referenced", 71, "articles", "=",
    "sebanyak 71 artikel")
add("method_articles_used", ds, "", "2024", "", "", "articles_used", 45, "articles", "=", "sebanyak 45 artikel")
# §2 UU 20/2008 scale thresholds (net assets)
ds = "paper_uu20_2008"
add("uu20_mikro_max", ds, "ID", "2008", "", "scale=mikro", "net_assets_up_to", 50e6, "IDR", "=",
    "paling banyak Rp.50.000.000")
add("uu20_kecil_min", ds, "ID", "2008", "", "scale=kecil", "net_assets_above", 50e6, "IDR", "=",
    "lebih dari Rp.50.000.000")
add("uu20_kecil_max", ds, "ID", "2008", "", "scale=kecil", "net_assets_up_to", 500e6, "IDR", "=",
    "hingga Rp.500.000.000")
add("uu20_menengah_min", ds, "ID", "2008", "", "scale=menengah", "net_assets_above", 500e6, "IDR", "=",
    "lebih dari Rp.500.000.000")
add("uu20_menengah_max", ds, "ID", "2008", "", "scale=menengah", "net_assets_up_to", 10e9, "IDR", "=",
    "hingga Rp.10.000.000.000")
# §4 Ombudsman RI press release 053/HM.01/X/2023
ds = "paper_ombudsman_2023"
for key, v, w in [("permintaan_agunan", 53, "53% dari aduan permintaan agunan"),
                  ("ketidakpastian_tindak_lanjut", 37, "37% ketidakpastian tindak lanjut permohonan KUR"),
                  ("kesulitan_pengajuan", 10, "10% masyarakat merasa kesulitan dalam mengajukan KUR")]:
    add(f"ombudsman_{key}", ds, "ID", "2023", "siaran pers No.053/HM.01/X/2023", f"complaint={key}",
        "kur_complaint_share", v, "percent", "=", w)
# §4 national KUR realisation against target (Zuhdi 2024, Media Indonesia)
ds = "paper_kur_national"
note = "no cut-off date printed; the paragraph's context (Permenkop 1/2023) places it in 2023"
add("kur_national_realisation", ds, "ID", "2023", "", "", "kur_disbursed_value", 175.73e12, "IDR", "=",
    "Rp 175,73 triliun", note)
add("kur_national_target", ds, "ID", "2023", "", "", "kur_target_value", 297e12, "IDR", "=",
    "Rp 297 triliun", note)
# §4 KUR and Kredit Program in Bali (SIKP, via Dewi 2024, Bali Post)
ds = "paper_sikp_bali"
note = "period not printed in the paper"
add("kur_bali_value", ds, "51", "", "tidak disebut (data SIKP)", "", "kur_disbursed_value", 8e12, "IDR", ">",
    "lebih dari Rp.8 Triliun", note)
add("kur_bali_debtors", ds, "51", "", "tidak disebut (data SIKP)", "", "kur_debtors", 122366, "debtors", "=",
    "122.366 debitur", note)
add("kur_bali_mikro_value", ds, "51", "", "tidak disebut (data SIKP)", "scale=mikro", "kur_disbursed_value",
    4e12, "IDR", ">", "lebih dari Rp.4 Triliun", note)
add("kur_bali_mikro_debtors", ds, "51", "", "tidak disebut (data SIKP)", "scale=mikro", "kur_debtors", 92368,
    "debtors", "=", "92.368 debitur", note)
add("credit_program_bali_value", ds, "51", "2024", "s.d. 31 Mei 2024", "", "credit_program_disbursed_value",
    4.72e12, "IDR", "=", "Rp4,72 triliun", "Kredit Program = KUR + Pembiayaan Ultra Mikro (UMi)")
add("credit_program_bali_debtors", ds, "51", "2024", "s.d. 31 Mei 2024", "", "credit_program_debtors", 60951,
    "debtors", "=", "60.951 debitur", "Kredit Program = KUR + Pembiayaan Ultra Mikro (UMi)")
add("kur_mikro_scheme_value", ds, "51", "2024", "s.d. 31 Mei 2024", "scheme=kur_mikro", "kur_disbursed_value",
    3009.38e9, "IDR", "=", "Rp3.009,38 miliar")
add("kur_mikro_scheme_debtors", ds, "51", "2024", "s.d. 31 Mei 2024", "scheme=kur_mikro", "kur_debtors", 50867,
    "debtors", "=", "50.867 debitur")
add("kur_mikro_loan_min", ds, "ID", "2024", "", "scheme=kur_mikro", "loan_size_from", 10e6, "IDR", "=",
    "Rp10 juta")
add("kur_mikro_loan_max", ds, "ID", "2024", "", "scheme=kur_mikro", "loan_size_to", 100e6, "IDR", "=",
    "Rp100 juta")
for key, v, w in [("perdagangan", 42.85, "sektor perdagangan (42,85%)"),
                  ("pertanian", 16.65, "sektor pertanian (16,65%)"),
                  ("industri_pengolahan", 12.67, "sektor industri pengolahan (12,67%)")]:
    add(f"credit_program_sector_{key}", ds, "51", "2024", "Triwulan I 2024", f"sector={key}",
        "credit_program_sector_share", v, "percent", "=", w)
# §4 Bali exports and imports (BPS Prov. Bali 2024)
ds = "paper_bps_trade_2024"
add("export_declined_count", ds, "51", "2024", "Maret-April 2024", "", "export_commodities_declined", 8,
    "commodities", "=", "(8) plastik dan barang dari plastik", "count of the paper's numbered list")
add("export_knit_apparel_change", ds, "51", "2024", "Maret-April 2024", "commodity=pakaian_rajutan",
    "export_change", 3.74, "percent", "=", "kenaikan sebesar 3,74 persen", "the only commodity that rose")
add("import_cereal_share", ds, "51", "2024", "April 2024", "commodity=serealia_hs10", "import_share", 25.41,
    "percent", "=", "25,41 persen dari total impor")
add("import_top10_up_mtm", ds, "51", "2024", "April 2024 (month-to-month)", "", "import_top10_increased", 4,
    "commodities", "=", "empat di antaranya menunjukkan peningkatan", "of the ten main import commodities")
add("import_top10_up_yoy", ds, "51", "2024", "April 2024 vs April 2023 (y-on-y)", "", "import_top10_increased",
    6, "commodities", "=", "enam mengalami peningkatan",
    "of the ten main import commodities; the paper's list of 'sepuluh' has 11 items")
# §4 internet use (SUSENAS 2023, via Muhamad 2024 / Databoks)
ds = "paper_susenas_2023"
add("internet_access_2023", ds, "ID", "2023", "", "", "internet_access_share", 69.21, "percent", "=",
    "69,21% penduduk berusia 5 tahun ke atas", "population aged 5 and over")
for key, v, q, w in [("hiburan", 80.26, "=", "80,26%"), ("informasi_berita", 76.08, "=", "76,08%"),
                     ("media_sosial", 76.04, "=", "76,04 %"), ("pembelian_barang_jasa", 19.5, "=", "19,5%"),
                     ("email", 12.6, "=", "12,6%"), ("pembelajaran_daring", 10.12, "=", "10,12%"),
                     ("layanan_finansial", 9.48, "=", "9,48%"), ("sektor_produktif", 6, "<", "< 6%")]:
    add(f"internet_purpose_{key}", ds, "ID", "2023", "", f"purpose={key}", "internet_purpose_share", v,
        "percent", q, w, "Table 1; '< 6%' is an upper bound" if q == "<" else "Table 1")
# §4 e-commerce (Yustiani 2022, Statistik eCommerce Provinsi Bali 2022)
ds = "paper_bps_ecommerce_2022"
add("ecommerce_businesses_2022", ds, "51", "2022", "", "", "ecommerce_businesses", 86156, "units", "=",
    "86.156 usaha", "businesses in BPS's e-commerce survey frame doing e-commerce, not a share of all UMKM")
add("ecommerce_share_2022", ds, "51", "2022", "", "status=ecommerce", "ecommerce_share", 62.28, "percent", "=",
    "62,28 persen", "share of businesses in BPS's survey frame")
add("ecommerce_non_share_2022", ds, "51", "2022", "", "status=bukan_ecommerce", "ecommerce_share", 37.72,
    "percent", "=", "37,72 persen", "share of businesses in BPS's survey frame")
add("ecommerce_share_ntb_2022", ds, "52", "2022", "", "status=ecommerce", "ecommerce_share", 77.70, "percent",
    "=", "77,70 persen", "Nusa Tenggara Barat, for comparison")
for key, v, w in [("G", 30.92, "30,92%"), ("I", 26.16, "26,16%"), ("C", 19.09, "19,09%"), ("S", 10.26, "10,26%"),
                  ("H", 4.81, "4,81%")]:
    add(f"ecommerce_kbli_{key}", ds, "51", "2022", "", f"kbli={key}", "ecommerce_kbli_share", v, "percent", "=",
        w, "Table 2; the five categories printed sum to 91,24%")
for key, v, w in [("sebelum_2020", 75.99, "75,99 persen"), ("2020_2021", 15.58, "15,58 persen"),
                  ("2022", 8.43, "8,43 persen")]:
    add(f"ecommerce_start_{key}", ds, "51", "2022", "", f"start={key}", "ecommerce_start_share", v, "percent",
        "=", w, "year the e-commerce business started operating")


def fmt(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return repr(v) if isinstance(v, float) else str(v)


if __name__ == "__main__":
    out = Path(__file__).resolve().parents[1] / "data" / "paper_figures.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(F[0]), lineterminator="\n")
        w.writeheader()
        for row in F:
            w.writerow({**row, "value": fmt(row["value"])})
    print(f"{len(F)} rows -> {out}")
