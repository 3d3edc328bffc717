"""The catalogue holds every figure of the paper, each traceable to its words and its source."""

import dataclasses
import re

import pandas as pd
import pytest

from bali_umkm import catalog, catalog_build
from bali_umkm.numbers import NumberError, parse_number
from bali_umkm.paths import DATA_DIR, PAPER_MD

PAPER = PAPER_MD.read_text(encoding="utf-8")
# whitespace-normalised body text, from the introduction to the reference list
BODY = " ".join(PAPER.split("## Referensi")[0].split("## 1. Pendahuluan")[1].split())

# Numbers in the paper's body that are not figures, each with the reason.
NOT_FIGURES = {
    "1945": "UUD 1945, a name", "2008": "year of UU 20/2008 (held as the dataset's period)",
    "20": "UU Nomor 20, a name", "4.0": "industri 4.0, a name", "5.0": "society 5.0, a name",
    "19": "covid-19, a name", "1980": "definition of digital immigrants (born before 1980)",
    "5": "age 5+ (held in the indicator definition)", "053": "press-release number",
    "01": "press-release number", "10": "HS 10 commodity code",
    "1": "Permenkop Nomor 1 Tahun 2023, a name", "27": "date of Permenkop 1/2023 (in notes)",
    "31": "31 Mei 2024, a date (held in the period)", "4": "journal issue / list numbering",
    "3": "journal issue / list numbering", "16": "age range 16-64 (held in the period)",
    "64": "age range 16-64 (held in the period)", "1688": "the marketplace 1688, a name",
    "2": "row number of Table 1", "6": "row number of Table 1", "7": "row number of Table 1",
    "8": "row number of Table 1",
}
YEAR = re.compile(r"^(19|20)\d\d$")


def figures():
    return catalog.figures()


def test_every_paper_figure_is_quoted_verbatim_and_parses_to_its_value():
    paper = figures()[lambda d: d["source_kind"] == "paper"]
    assert len(paper) >= 95
    for _, row in paper.iterrows():
        written = " ".join(row["published"].split())
        assert written in BODY, f"{row['id']}: {written!r} not in the paper"
        if row["unit"] == "rank":
            continue  # ranks are read from words ("sektor kedua")
        parsed = parse_number(written, strict=False)
        assert parsed.value == pytest.approx(row["value"]), row["id"]
        if not row["metric"].startswith("net_assets_"):  # the bound is the metric's meaning
            assert parsed.qualifier == row["qualifier"], row["id"]


def _number_tokens(text: str):
    for m in re.finditer(r"(?<![\w/])\d[\d.,]*\d|\b\d\b", text):
        yield m.group(0).rstrip(".,"), m.start(), m.end()


def test_every_number_in_the_paper_body_is_in_the_catalogue_or_explained():
    spans = []
    for written in figures()[lambda d: d["source_kind"] == "paper"]["published"]:
        w = " ".join(written.split())
        spans += [(m.start(), m.start() + len(w)) for m in re.finditer(re.escape(w), BODY)]
    unexplained = []
    for token, start, end in _number_tokens(BODY):
        covered = any(s <= start and end <= e for s, e in spans)
        if covered or token in NOT_FIGURES or YEAR.match(token):
            continue
        # list numbering "(1)" and "1." and citation years are not figures
        before, after = BODY[max(0, start - 1):start], BODY[end:end + 1]
        if (before == "(" and after == ")") or (after == "." and len(token) == 1):
            continue
        unexplained.append((token, BODY[max(0, start - 40):end + 20]))
    assert not unexplained, unexplained


@pytest.mark.parametrize("figure_id, value", [
    ("population_bali_2024", 4_433_300), ("umkm_2023_total", 439_382), ("umkm_2023_mikro", 395_612),
    ("umkm_2023_kecil", 36_837), ("umkm_2023_menengah", 6_932),
    ("umkm_2023_mikro_industri_pertanian", 67_748), ("umkm_2023_kecil_non_pertanian", 10_725),
    ("umkm_2023_menengah_non_pertanian", 1_953), ("kur_mikro_scheme_value", 3_009_380_000_000),
    ("credit_program_bali_value", 4_720_000_000_000), ("kur_national_realisation", 175_730_000_000_000),
    ("kur_national_target", 297_000_000_000_000), ("ecommerce_businesses_2022", 86_156),
    ("econ_sea_market_idr", 1_762_000_000_000_000), ("umkm_gdp_value_2023", 9_580_000_000_000_000),
    ("ecommerce_users_2029", 99_100_000), ("time_online_daily", 194),
])
def test_figures_read_the_indonesian_way(figure_id, value):
    assert catalog.figure(figure_id)["value"] == value


def test_paper_sections_are_all_there():
    paper = figures()[lambda d: d["source_kind"] == "paper"]
    assert set(paper["metric"]) >= {
        "umkm_total", "umkm_gdp_share", "umkm_workers", "digital_economy_market", "population_total",
        "social_media_platform_share", "ecommerce_users", "time_online_per_day", "online_activity_share",
        "kur_disbursed_value", "kur_complaint_share", "credit_program_sector_share", "export_change",
        "import_share", "internet_purpose_share", "ecommerce_kbli_share", "ecommerce_start_share",
        "net_assets_up_to", "umkm_survey_problem_share", "ecommerce_share"}
    assert len(paper[paper["metric"] == "social_media_platform_share"]) == 10
    assert len(paper[paper["metric"] == "internet_purpose_share"]) == 8
    assert len(paper[paper["metric"] == "ecommerce_kbli_share"]) == 5


def test_upper_bound_is_kept_as_a_bound():
    row = catalog.figure("internet_purpose_sektor_produktif")
    assert row["qualifier"] == "<" and row["value"] == 6


def test_every_dataset_has_a_complete_record_and_every_row_a_dataset():
    ids = {ds.id for ds in catalog.datasets()}
    assert set(figures()["dataset"]) <= ids
    for ds in catalog.datasets():
        for name in catalog.REQUIRED_METADATA:
            value = getattr(ds, name)
            assert value not in (None, "") or name == "notes", (ds.id, name)
        assert set(ds.title) == {"id", "en"} and all(ds.title.values()), ds.id
        assert ds.trust in catalog.TRUST_LEVELS, ds.id
        assert re.match(r"\d{4}-\d{2}-\d{2}$", ds.accessed), ds.id
        if ds.kind == "paper":
            assert ds.paper_section.startswith("§"), ds.id
            assert ds.paper_citation.startswith("Mahadipta"), ds.id
        for f in ds.files:
            assert (DATA_DIR / f).resolve().exists(), (ds.id, f)


def test_paper_citations_match_the_reference_list_or_the_papers_own_words():
    refs = " ".join(PAPER.split("## Referensi")[1].replace("*", "").split())
    in_text = []
    for ds in catalog.datasets():
        if ds.kind != "paper":
            continue
        if ds.citation in BODY:  # no entry in the reference list: the paper's in-text words, verbatim
            in_text.append(ds.id)
            assert "reference list" in ds.text("notes", "en") and "daftar referensi" in ds.text("notes", "id")
            continue
        head = " ".join(ds.citation.split(". ")[0:2])  # author and year
        assert head.split("(")[0].strip() in refs or ds.id == "paper_method", ds.id
    assert in_text == ["paper_bps_population", "paper_ombudsman_2023", "paper_bps_trade_2024"]


def test_every_shipped_text_is_in_indonesian_and_english():
    for ds in catalog.datasets():
        for field in catalog.TEXT_FIELDS:
            value = getattr(ds, field)
            assert isinstance(value, dict) and set(value) == {"id", "en"}, (ds.id, field)
            assert bool(value["id"]) == bool(value["en"]), (ds.id, field)  # both or neither
        assert isinstance(ds.citation, str)  # the source's own words, never translated


def test_dataset_text_reads_a_field_in_the_readers_language():
    ds = catalog.dataset("umkm_beritabali_undated")
    assert ds.text("producer", "id") == "Pejabat Diskop UMKM Bali (via BeritaBali; angka dari Mailaku.com)"
    assert ds.text("producer", "en") == "Diskop UMKM Bali official (via BeritaBali; figures attributed to Mailaku.com)"
    assert ds.text("licence", "id") == "Angka berita dikutip dengan menyebut sumbernya"
    assert ds.text("period", "id") == "diterbitkan 4 Agustus 2016"
    assert ds.text("period", "en") == "published 4 August 2016"
    assert ds.text("title", "en") == ds.title_in("en") == "MSMEs by regency, published 4 August 2016 (BeritaBali)"
    assert ds.text("citation", "en") == ds.text("citation", "id") == ds.citation
    assert ds.text("notes", "xx") == ds.text("notes", "id")  # an unknown language reads Indonesian
    # an imported record's texts are the uploader's words, one string for every language
    imported = dataclasses.replace(ds, producer="Diskop Badung", licence="CC BY 4.0", notes="")
    assert imported.text("producer", "en") == imported.text("producer", "id") == "Diskop Badung"
    assert catalog.in_lang(None) == "" and catalog.in_lang({"id": "a", "en": ""}, "en") == "a"


def test_every_figure_note_has_both_languages():
    texts = catalog._figure_texts()
    notes = set(figures()["note"]) - {""}
    assert notes <= set(texts["notes"]), sorted(notes - set(texts["notes"]))
    assert set(texts["notes"]) <= notes, "stale entries: " + repr(sorted(set(texts["notes"]) - notes))
    for entry in texts["notes"].values():
        assert set(entry) == {"id", "en"} and all(entry.values())
    assert catalog.note_label("rounded in source", "id") == "dibulatkan oleh sumbernya"
    assert catalog.note_label("rounded in source", "en") == "rounded in source"
    assert catalog.note_label("an imported note", "en") == "an imported note"
    assert catalog.figure_text("time_online_daily", "note", "id") == "3 jam 14 menit"


def test_caveats_and_locations_are_data():
    for figure_id, entry in catalog._figure_texts()["caveats"].items():
        catalog.figure(figure_id)  # a known figure
        assert set(entry) == {"id", "en"} and all(entry.values())
    assert "439.382" in catalog.figure_text("ecommerce_share_2022", "caveat", "id")
    assert "sebagian tahun" in catalog.figure_text("kur_national_realisation", "caveat", "id")
    assert "part of the year" in catalog.figure_text("kur_national_realisation", "caveat", "en")
    assert catalog.figure_text("umkm_2023_total", "caveat", "id") == ""
    with pytest.raises(ValueError):
        catalog.figure_text("umkm_2023_total", "colour", "id")


def test_public_figures_are_built_from_raw_unchanged():
    committed = (DATA_DIR / "public_figures.csv").read_text(encoding="utf-8")
    assert catalog_build.render_csv(catalog_build.build_rows()) == committed


def test_public_values_are_scaled_exactly():
    kur = catalog.series("kur_disbursed_value", level="regency", year=2016)
    assert len(kur) == 9
    assert kur["value"].sum() == pytest.approx(2_707.5e9)
    assert catalog.figure("kur_antara_2016.51.2016.kur_disbursed_value")["value"] == 2.9e12


def test_series_returns_values_with_their_source_ids():
    s = catalog.series("umkm_total", level="province", year=2023)
    assert set(s["dataset"]) == {"paper_diskop_2023", "umkm_diskop_prov", "umkm_dpr_2023"}
    assert {"value", "dataset", "source", "trust", "period"} <= set(s.columns)
    scale = catalog.series("umkm_total", regency="51", year=2023, category=None,
                           dataset="paper_diskop_2023")
    assert set(scale["category"]) >= {"", "scale=mikro", "scale=kecil", "scale=menengah"}


def test_regency_codes_and_names():
    reg = catalog.regencies()
    assert list(reg["regency_code"]) == list(catalog.REGENCY_CODES)
    assert catalog.regency_name("5107") == "Karangasem"
    assert catalog.regency_name("5171", official=True) == "Kota Denpasar"
    assert catalog.regency_name("51", "en") == "Bali province"


def test_codes_are_text_not_numbers():
    f = figures()
    assert f["regency_code"].map(type).eq(str).all()
    assert "5101" in set(f["regency_code"]) and "ID" in set(f["regency_code"])
    assert pd.api.types.is_float_dtype(f["value"])


def test_low_trust_row_overrides_dataset():
    row = catalog.series("umkm_total", level="province", year=2019, dataset="umkm_dpr_2023").iloc[0]
    assert row["trust"] == "low" and catalog.dataset("umkm_dpr_2023").trust == "medium"


def test_source_line_names_source_paper_period_licence_and_trust():
    line = catalog.source_line("paper_diskop_2023", "id")
    assert line.startswith("Sumber: Dinas Koperasi dan UMKM Provinsi Bali")
    assert "Mahadipta" in line and "§4" in line and "periode 2023" in line
    assert "lisensi" in line and "kepercayaan sedang" in line
    assert catalog.source_line("area_big_2024", "en").startswith("Source: Badan Informasi Geospasial")


def test_no_synthetic_rows_in_shipped_data():
    text = " ".join(figures()["note"]).lower()
    assert "synthetic" not in text and "sintetis" not in text


def test_unknown_lookups_raise():
    with pytest.raises(KeyError):
        catalog.figure("nope")
    with pytest.raises(KeyError):
        catalog.dataset("nope")
    with pytest.raises(NumberError):
        parse_number("nope")


def test_every_period_reads_in_both_languages():
    import yaml

    table = yaml.safe_load((DATA_DIR / "periods.yaml").read_text(encoding="utf-8"))
    for period in set(figures()["period"]):
        if period and not re.fullmatch(r"[\d\s;-]+", period):
            assert period in table, f"{period!r} missing from data/periods.yaml"
            assert table[period]["id"] and table[period]["en"], period
    for ds in catalog.datasets():  # source lines read a dataset's own period too
        if ds.period and not re.fullmatch(r"[\d\s;-]+", ds.period):
            assert ds.period in table, f"{ds.id}: {ds.period!r} missing from data/periods.yaml"
    assert catalog.period_label("up to Apr 2017", "id") == "s.d. April 2017"
    assert catalog.period_label("s.d. 31 Mei 2024", "en") == "up to 31 May 2024"
    assert catalog.period_label("2016", "en") == "2016"  # plain years pass through
    line = catalog.source_line("kur_antara_2017", "id", period="up to Apr 2017")
    assert "periode s.d. April 2017" in line
    undated = catalog.source_line("umkm_beritabali_undated", "en")
    assert "period published 4 August 2016" in undated and "diterbitkan" not in undated


def _section_texts() -> dict[str, str]:
    """The paper's body by heading, whitespace-normalised: {"§4 Hasil dan Pembahasan (Akses
    permodalan)": text, ...}; a heading's text runs to the next heading, tables left out."""
    sections, name, lines = {}, None, []
    for line in PAPER.split("## Referensi")[0].splitlines():
        m = re.match(r"#+\s*\**(\d)?\.?\s*([^*]+?)\**\s*$", line)
        if m and not re.match(r"#+\s*\**\d\.\s*\*?(Pemerintah|Lembaga)", line):
            if name:
                sections[name] = " ".join(" ".join(lines).split())
            main, title = m.group(1), m.group(2).strip()
            name = f"§{main} {title}" if main else f"{name.split(' (')[0]} ({title})" if name else title
            lines = []
        else:
            lines.append(line)
    sections[name] = " ".join(" ".join(lines).split())
    return sections


def test_every_paper_figure_cites_where_the_paper_prints_it():
    """A card cites "Tabel 1" only for a figure printed in Table 1, "§1 Pendahuluan" for one in the
    introduction's text, and so on (the location column of data/paper_figures.csv)."""
    sections = _section_texts()
    tables = {n: re.search(rf"Tabel {n}\. [A-Z].*?Sumber:", BODY).group(0) for n in (1, 2)}
    paper = figures()[lambda d: d["source_kind"] == "paper"]
    for fid, written in zip(paper["id"], paper["published"], strict=True):
        written = " ".join(written.split())
        location = catalog.figure_text(fid, "location")
        m = re.match(r"Tabel (\d) \((§\d [^)]+)\)$", location)
        if m:
            assert written in tables[int(m.group(1))], (fid, location)
            continue
        assert location in sections, (fid, location)
        text = sections[location]
        for table in tables.values():
            text = text.replace(table, "")  # a figure of a table is not in the body text
        if fid == "ombudsman_permintaan_agunan":  # broken across a page: "53% dari" | "aduan permintaan agunan"
            written = "53% dari"
        assert written in text, (fid, location)
    cards = {"umkm_2023_total": "§1 Pendahuluan", "internet_access_2023": "§4 Hasil dan Pembahasan",
             "ecommerce_share_2022": "§4 Hasil dan Pembahasan", "ecommerce_kbli_G": "Tabel 2",
             "internet_purpose_hiburan": "Tabel 1", "population_bali_2024": "§1 Pendahuluan"}
    for fid, where in cards.items():
        short = catalog.source_short(catalog.figure(fid)["dataset"], "id", figure_id=fid)
        assert f"dkk. {where})" in short, (fid, short)
