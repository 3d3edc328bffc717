"""bali_umkm.kur: every computed and derived figure of the KUR page, and every refusal.

Expected values are computed here from the catalogue's own values (never typed in); the
formatted strings are checked against the formatting rules (2 decimals, bounds rounded toward
themselves)."""


import pytest
import yaml
from conftest import ROOT
from importer_files import csv_bytes, kur_csv
from synthetic_figures import fig, frame, row

from bali_umkm import catalog, importer, indicators, kur, store
from bali_umkm import interventions as iv
from bali_umkm.i18n import fmt_percent
from bali_umkm.views import kur_uptake


def value(figure_id):
    return float(catalog.figure(figure_id)["value"])


# --- the paper's computed figures ----------------------------------------------------------------------

def test_the_sector_remainder_is_computed_from_the_three_shares():
    rest = kur.sector_remainder()
    expected = 100 - sum(value(i) for i in kur.SECTOR_SHARES)
    assert rest.value == pytest.approx(expected) and rest.qualifier == "=" and not rest.refused
    assert rest.inputs == kur.SECTOR_SHARES
    assert rest.text("id") == fmt_percent(expected, "id", decimals=2) == "27,83%"
    assert rest.formula("id") == "100% − (42,85% + 16,65% + 12,67%) = 27,83%"
    assert rest.formula("en") == "100% − (42.85% + 16.65% + 12.67%) = 27.83%"
    shares = kur_uptake.sector_shares("id")
    assert list(shares["kind"]) == ["paper", "paper", "paper", "computed"]
    assert shares["share"].sum() == pytest.approx(100)
    assert shares.iloc[-1]["label"] == "Lainnya (dihitung)"


def test_national_realisation_share_and_gap():
    share, gap = kur.realisation_share(), kur.realisation_gap()
    realised, target = value("kur_national_realisation"), value("kur_national_target")
    assert share.value == pytest.approx(realised / target * 100)
    assert share.text("id") == fmt_percent(realised / target * 100, "id", decimals=2) == "59,17%"
    assert share.text("en") == "59.17%"
    assert share.formula("id") == "Rp175,73 triliun ÷ Rp297 triliun × 100 = 59,17%"
    assert gap.value == pytest.approx(target - realised) and gap.text("id") == "Rp121,27 triliun"
    assert gap.formula("en") == "IDR 297 trillion − IDR 175.73 trillion = IDR 121.27 trillion"
    table = kur_uptake.national_table("id").to_string()
    assert "59,17%" in table and "dihitung" in table
    csv = kur_uptake.national_csv()
    assert csv.loc[csv["what"] == "realisation_share", "value"].iloc[0] == pytest.approx(realised / target * 100,
                                                                                          abs=1e-4)


def test_shares_within_the_sikp_figures_and_the_refused_value_share():
    debtors, value_share = kur.bali_computed()
    assert debtors.value == pytest.approx(value("kur_bali_mikro_debtors") / value("kur_bali_debtors") * 100)
    assert debtors.text("id") == "75,49%" and debtors.qualifier == "="
    # "lebih dari Rp4 triliun" of "lebih dari Rp8 triliun" can be any share: refused, with the reason
    assert value_share.refused and value_share.reason == "bounds"
    assert "lebih dari Rp4 triliun ÷ lebih dari Rp8 triliun" in value_share.reason_text("id")
    assert "more than IDR 4 trillion" in value_share.reason_text("en")
    scheme_value, scheme_debtors = kur.scheme_computed()
    assert scheme_value.value == pytest.approx(value("kur_mikro_scheme_value")
                                               / value("credit_program_bali_value") * 100)
    assert scheme_debtors.value == pytest.approx(value("kur_mikro_scheme_debtors")
                                                 / value("credit_program_bali_debtors") * 100)
    assert scheme_value.formula("id") == "Rp3.009,38 miliar ÷ Rp4,72 triliun × 100 = 63,76%"


def test_average_loans_of_the_paper_and_the_scheme_range():
    loans = kur.average_loans()
    for value_id, debtors_id in (("kur_bali_value", "kur_bali_debtors"),
                                 ("kur_bali_mikro_value", "kur_bali_mikro_debtors"),
                                 ("credit_program_bali_value", "credit_program_bali_debtors"),
                                 ("kur_mikro_scheme_value", "kur_mikro_scheme_debtors")):
        c = loans[value_id]
        assert c.inputs == (value_id, debtors_id)
        assert c.value == pytest.approx(value(value_id) / value(debtors_id))
        assert c.qualifier == catalog.figure(value_id)["qualifier"]  # "lebih dari" travels
    assert loans["kur_bali_value"].text("id") == "lebih dari Rp65,37 juta"  # 65,377… rounded down
    assert loans["kur_bali_value"].bound_note("id").startswith("Batas bawah")
    assert loans["kur_mikro_scheme_value"].text("id") == "Rp59,16 juta"
    assert loans["credit_program_bali_value"].text("en") == "IDR 77.44 million"
    assert loans["kur_mikro_scheme_value"].formula("id") == "Rp3.009,38 miliar ÷ 50.867 debitur = Rp59,16 juta"
    low, high = value("kur_mikro_loan_min"), value("kur_mikro_loan_max")
    assert kur.within_loan_range(loans["kur_mikro_scheme_value"]) is (low <= loans["kur_mikro_scheme_value"].value
                                                                      <= high)
    assert kur.within_loan_range(loans["kur_mikro_scheme_value"]) is True


# --- the derivation rules, on synthetic figures ------------------------------------------------------------

def test_kur_per_capita_needs_the_same_area_and_year_not_the_same_source():
    df = frame(fig("k", "kur_disbursed_value", 600e9, year=2024, period="Jan-Dec 2024"),
               fig("p", "population_total", 600_000, dataset="ds_pop", unit="persons", trust="high",
                   period="Semester II 2024 (per Kepmendagri 2138/2025)"),
               fig("p22", "population_total", 590_000, dataset="ds_pop", unit="persons", year=2022))
    c = kur.derive(row(df, "k"), kur.KUR_PER_CAPITA, df)
    assert not c.refused and c.inputs == ("k", "p") and c.value == pytest.approx(1_000_000)
    assert c.text("id") == "Rp1,00 juta" and c.unit == "IDR_per_person"
    assert c.formula("id").startswith("Rp600 miliar ÷ 600.000 jiwa")


def test_kur_per_capita_refusals():
    df = frame(fig("k16", "kur_disbursed_value", 600e9, year=2016, period="Jan-Dec 2016"),
               fig("k20", "kur_disbursed_value", 20e12, year=2020, period="cumulative Aug 2015 - 31 Jul 2020"),
               fig("kx", "kur_disbursed_value", 8e12, year=None, period="tidak disebut", qualifier=">"),
               fig("klow", "kur_disbursed_value", 8e12, year=2024, trust="low"),
               fig("p20", "population_total", 600_000, year=2020, dataset="ds_pop", unit="persons"),
               fig("p24", "population_total", 610_000, year=2024, dataset="ds_pop", unit="persons"))
    no_year = kur.derive(row(df, "k16"), kur.KUR_PER_CAPITA, df)
    assert no_year.reason == "no_same_year"
    assert no_year.reason_text("id") == "tidak ada angka penduduk untuk 2016 (ada untuk 2024, 2020)."
    assert kur.derive(row(df, "k20"), kur.KUR_PER_CAPITA, df).reason == "multi_year"
    assert kur.derive(row(df, "kx"), kur.KUR_PER_CAPITA, df).reason == "undated"
    assert kur.derive(row(df, "klow"), kur.KUR_PER_CAPITA, df).reason == "low_trust"
    nothing = frame(fig("k", "kur_disbursed_value", 1e9))
    assert kur.derive(row(nothing, "k"), kur.KUR_PER_CAPITA, nothing).reason == "no_denominator"


def test_a_low_trust_or_bound_denominator_is_refused():
    df = frame(fig("k", "kur_disbursed_value", 1e12),
               fig("p", "population_total", 5e5, dataset="d2", unit="persons", trust="low"),
               fig("u", "umkm_total", 1e4, unit="units", qualifier=">"))
    assert kur.derive(row(df, "k"), kur.KUR_PER_CAPITA, df).reason == "low_trust_denominator"
    bound = kur.derive(row(df, "k"), kur.KUR_PER_UMKM, df)
    assert bound.reason == "bounds" and bound.inputs == ("k", "u")


def test_kur_per_umkm_needs_the_same_source_and_period():
    df = frame(fig("k", "kur_disbursed_value", 300e9, period="Jan-Dec 2024"),
               fig("u", "umkm_total", 30_000, unit="units", period="Jan-Dec 2024"),
               fig("u2", "umkm_total", 40_000, unit="units", dataset="other"))
    c = kur.derive(row(df, "k"), kur.KUR_PER_UMKM, df)
    assert not c.refused and c.inputs == ("k", "u") and c.value == pytest.approx(10_000_000)
    only_other = df[df["id"] != "u"]
    refused = kur.derive(row(only_other, "k"), kur.KUR_PER_UMKM, only_other)
    assert refused.reason == "no_same_source_elsewhere" and refused.reason_args["elsewhere"] == ["other"]
    other_year = frame(fig("k", "kur_disbursed_value", 300e9), fig("u", "umkm_total", 1, unit="units",
                                                                   dataset="other", year=2020))
    assert kur.derive(row(other_year, "k"), kur.KUR_PER_UMKM, other_year).reason == "no_same_source"


def test_average_loan_needs_the_same_programme_scheme_source_and_period():
    df = frame(fig("v", "kur_disbursed_value", 8e12, qualifier=">", year=None, period="p", code="51"),
               fig("d", "kur_debtors", 100_000, unit="debtors", year=None, period="p", code="51"),
               fig("vm", "kur_disbursed_value", 3e12, category="scheme=kur_mikro", code="51", period="q"),
               fig("dm", "kur_debtors", 50_000, unit="debtors", category="scheme=kur_mikro", code="51",
                   period="q"),
               fig("cp", "credit_program_disbursed_value", 4e12, code="51", period="q"),
               fig("cpd", "credit_program_debtors", 40_000, unit="debtors", code="51", period="q"),
               fig("vx", "kur_disbursed_value", 1e12, code="51", period="other period"))
    total = kur.derive(row(df, "v"), kur.AVERAGE_LOAN, df)
    assert total.inputs == ("v", "d") and total.qualifier == ">" and total.value == pytest.approx(80_000_000)
    assert kur.derive(row(df, "vm"), kur.AVERAGE_LOAN, df).inputs == ("vm", "dm")  # its own scheme's debtors
    assert kur.derive(row(df, "cp"), kur.AVERAGE_LOAN, df).inputs == ("cp", "cpd")  # its own programme's
    assert kur.derive(row(df, "vx"), kur.AVERAGE_LOAN, df).reason == "no_same_source"  # period differs
    no_debtors = frame(fig("v", "kur_disbursed_value", 1e9))
    refused = kur.derive(row(no_debtors, "v"), kur.AVERAGE_LOAN, no_debtors)
    assert refused.reason == "no_debtors" and refused.refused and refused.text() == "–"
    assert "debitur" in refused.reason_text("id")


def test_which_indicators_apply_to_which_figure():
    df = frame(fig("v", "kur_disbursed_value", 1), fig("vm", "kur_disbursed_value", 1, category="scale=mikro"),
               fig("cp", "credit_program_disbursed_value", 1))
    assert [kur.applicable(r, row(df, "v")) for r in kur.DERIVED] == [True, True, True]
    assert [kur.applicable(r, row(df, "vm")) for r in kur.DERIVED] == [False, False, True]
    assert [kur.applicable(r, row(df, "cp")) for r in kur.DERIVED] == [False, False, True]


def test_the_ratios_match_the_derived_indicator_metadata():
    meta = {d["id"]: d for d in yaml.safe_load((ROOT / "data" / "derived_indicators.yaml").read_text("utf-8"))}
    for ratio in kur.DERIVED:
        spec = meta[ratio.key]
        assert spec["unit"]["code"] == ratio.unit
        assert "kur_disbursed_value" in spec["numerator"]
        assert ratio.denominator in spec["denominator"]
        assert spec["computed_in"]["en"].startswith("KUR page: src/bali_umkm/kur.py")
        assert "src/bali_umkm/derived.py" in spec["computed_in"]["en"]
    loan = meta["average_loan_per_debtor"]
    assert set(kur.DEBTORS_OF) <= set(loan["numerator"]) and set(kur.DEBTORS_OF.values()) <= set(loan["denominator"])
    # the conditions say what the rules do: same source for KUR per UMKM and the loan, not for per capita
    assert "sumber yang sama" in meta["kur_per_umkm"]["condition"]["id"]
    assert "sumber yang sama" in meta["average_loan_per_debtor"]["condition"]["id"]
    assert "sumber boleh berbeda" in meta["kur_per_capita"]["condition"]["id"]
    assert [r.rules.same_source for r in kur.DERIVED] == [False, True, True]
    assert [meta[r.key]["rules"].get("same_source", False) for r in kur.DERIVED] == [False, True, True]


# --- the shipped catalogue: what the page shows ----------------------------------------------------------

def test_regency_derived_figures_2016_are_all_refused_with_their_reasons():
    items = kur.regency_derived("2016")
    assert len(items) == 27 and all(c.refused for c in items)
    by = {(c.key, c.area): c for c in items}
    assert {by[("kur_per_capita", code)].reason for code in catalog.REGENCY_CODES} == {"no_same_year"}
    assert {by[("average_loan_per_debtor", code)].reason for code in catalog.REGENCY_CODES} == {"no_debtors"}
    # Badung and Denpasar have 2016 UMKM counts, but from the regencies' own offices, not from OJK
    assert by[("kur_per_umkm", "5103")].reason == "no_same_source_elsewhere"
    assert by[("kur_per_umkm", "5171")].reason == "no_same_source_elsewhere"
    assert by[("kur_per_umkm", "5101")].reason == "no_same_source"
    summary = kur_uptake.derived_summary(items, "id")
    assert [g["indicator"] for g in summary] == ["kur_per_capita", "kur_per_umkm", "average_loan_per_debtor"]
    loan = summary[2]
    assert loan["computed"] == [] and len(loan["refused"]) == 1 and len(loan["refused"][0][1]) == 9


def test_regency_derived_figures_2017_partial_periods():
    jan_sep = {(c.key, c.area): c for c in kur.regency_derived("2017:jan-sep-2017")}
    assert jan_sep[("kur_per_capita", "5103")].reason == "no_numerator"  # Badung not given
    assert "Badung" not in kur_uptake.derived_frame([jan_sep[("kur_per_capita", "5101")]])["area"].tolist()
    april = {(c.key, c.area): c for c in kur.regency_derived("2017:up-to-apr-2017")}
    assert april[("kur_per_umkm", "5171")].reason == "low_trust"  # unclear period basis
    assert april[("kur_per_umkm", "5101")].reason == "no_numerator"


def test_province_derived_figures():
    items = kur.province_derived()
    computed = {c.inputs: c for c in items if not c.refused}
    assert set(computed) == {("kur_bali_value", "kur_bali_debtors"),
                             ("kur_bali_mikro_value", "kur_bali_mikro_debtors"),
                             ("credit_program_bali_value", "credit_program_bali_debtors"),
                             ("kur_mikro_scheme_value", "kur_mikro_scheme_debtors"),
                             ("kur_balipost_2020.51.2020.kur_disbursed_value",
                              "kur_balipost_2020.51.2020.kur_debtors")}
    cumulative = computed[("kur_balipost_2020.51.2020.kur_disbursed_value", "kur_balipost_2020.51.2020.kur_debtors")]
    assert cumulative.value == pytest.approx(value("kur_balipost_2020.51.2020.kur_disbursed_value")
                                             / value("kur_balipost_2020.51.2020.kur_debtors"))
    reasons = {(c.key, c.inputs[0]): c.reason for c in items if c.refused}
    assert reasons[("kur_per_capita", "kur_balipost_2020.51.2020.kur_disbursed_value")] == "multi_year"
    assert reasons[("kur_per_capita", "kur_bali_value")] == "undated"
    assert reasons[("average_loan_per_debtor", "kur_infodewata_2025.51.2025.kur_disbursed_value")] == "low_trust"
    assert reasons[("kur_per_capita", "kur_antara_2016.51.2016.kur_disbursed_value")] == "no_same_year"
    pivot = kur_uptake.derived_pivot(items, "id")
    assert len(pivot) == len({c.inputs[0] for c in items})
    credit = pivot[pivot["Dari angka KUR"].str.startswith("Rp4,72 triliun")].iloc[0]
    assert credit["KUR per penduduk"] == "–" and credit["Rata-rata pinjaman per debitur"] == "Rp77,44 juta"
    assert pivot.map(lambda x: x.startswith("tidak diberikan: ")).any().any()
    sources = kur_uptake.derived_sources(items)
    assert "paper_sikp_bali" in sources and "kur_balipost_2020" in sources
    table = kur_uptake.derived_table(items, "en")
    assert list(table.columns) == ["Area", "From the KUR figure", "Indicator", "Value", "From / how computed"]


def test_imported_kur_with_borrowers_gives_regency_average_loans_and_per_capita(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    checked = importer.check(csv_bytes(kur_csv()), "kur", "kur.csv")
    assert checked.ok, checked.report.text("en")
    importer.commit(checked, uploader="tester", source="OJK Regional 8", in_store=store.Store())
    option = next(o for o in kur.period_options() if o.year == 2024)
    items = {(c.key, c.area): c for c in kur.regency_derived(option)}
    figs = catalog.figures()
    imported = figs[figs["dataset"] == "import_v000001"]

    def own(metric, code):
        return float(imported[(imported["metric"] == metric) & (imported["regency_code"] == code)
                              & (imported["category"] == "")]["value"].iloc[0])

    for code in catalog.REGENCY_CODES:
        loan = items[("average_loan_per_debtor", code)]
        assert not loan.refused, loan.reason_text("en")
        assert loan.value == pytest.approx(own("kur_disbursed_value", code) / own("kur_debtors", code))
        # the same year's registered population (Dukcapil 2024) is another source, and allowed
        per_capita = items[("kur_per_capita", code)]
        population = float(catalog.series("population_total", regency=code, year=2024,
                                          dataset="pop_dukcapil_2024")["value"].iloc[0])
        assert per_capita.value == pytest.approx(own("kur_disbursed_value", code) / population)
        assert items[("kur_per_umkm", code)].reason == "no_same_source"


def test_sum_checks_for_each_period():
    check = kur.sum_check("2016")
    regencies = catalog.series("kur_disbursed_value", level="regency", year=2016)
    assert check["parts_sum"] == pytest.approx(regencies["value"].sum())
    assert check["total"] == pytest.approx(value("kur_antara_2016.51.2016.kur_disbursed_value"))
    level, text = kur_uptake.sum_check_text(check, "id")
    assert level == "warning"
    assert "Rp2\\.707,5 miliar" in text  # Markdown, every value escaped
    plain = text.replace("\\", "")
    assert "Rp2.707,5 miliar" in plain and "Rp2,9 triliun" in plain and "Rp192,5 miliar" in plain
    level, text = kur_uptake.sum_check_text(kur.sum_check("2017:jan-sep-2017"), "en")
    plain = text.replace("\\", "")
    assert level == "info" and "not Badung" in plain and "IDR 3,361.4 billion" in plain
    level, text = kur_uptake.sum_check_text(kur.sum_check("2017:up-to-apr-2017"), "id")
    assert "5 dari 9" in text
    assert kur_uptake.sum_check_text(None, "en")[1].startswith("There is no province total")


def test_ombudsman_shares_and_their_barriers():
    complaints = kur_uptake.complaints("id")
    assert complaints["share"].sum() == pytest.approx(sum(value(i) for i in kur.OMBUDSMAN))
    assert dict(zip(complaints["complaint"], complaints["barrier"], strict=True)) == {
        "permintaan_agunan": "kur_agunan", "ketidakpastian_tindak_lanjut": "kur_tindak_lanjut",
        "kesulitan_pengajuan": "kur_sulit_mengajukan"}
    check = kur_uptake.ombudsman_check()
    assert check["status"] == "ok" and check["parts_sum"] == pytest.approx(100)


def test_every_credit_barrier_links_to_its_measures():
    barriers = kur_uptake.credit_barriers("en")
    assert [b.id for b in barriers] == list(iv.barrier_ids("akses_kur"))
    assert {b.id for b in barriers} == {"kur_persyaratan", "kur_birokrasi", "kur_agunan", "kur_tindak_lanjut",
                                        "kur_sulit_mengajukan", "kur_regulasi_terlambat", "kur_perubahan_bunga"}
    for b in barriers:
        assert b.params == {"barrier": b.id}
        assert b.url == f"/intervensi?barrier={b.id}&lang=en"
        assert b.n_measures == len(iv.find(barrier=b.id)) and 0 <= b.n_paper <= b.n_measures
        assert b.as_written and all(isinstance(w, str) and w for w in b.as_written)
    unaddressed = {b.id for b in barriers if b.n_measures == 0}
    assert unaddressed == set(iv.unaddressed_barriers()) & {b.id for b in barriers}


def test_the_cited_notes_are_the_papers_words():
    paper = " ".join((ROOT / "data" / "paper" / "mahadipta-2024-umkm-bali-digital-marketing.md")
                     .read_text("utf-8").split())
    for note in ("permenkop", "cips"):
        quotes = kur_uptake.note_quotes(note)
        assert len(quotes) == 2
        for _barrier, words in quotes:
            assert " ".join(words.split()) in paper
    assert "Permenkop Nomor 1 Tahun 2023" in kur_uptake.note_quotes("permenkop")[0][1]
    assert "agunan oleh pihak bank" in kur_uptake.note_quotes("cips")[0][1]


def test_period_options_and_default():
    keys = [o.key for o in kur.period_options()]
    assert keys == ["2017:jan-sep-2017", "2017:up-to-apr-2017", "2016"]
    assert kur.default_period().key == "2016"
    assert set(kur.numerators("2016")["regency_code"]) == set(catalog.REGENCY_CODES)
    assert set(kur.numerators("2017:jan-sep-2017")["regency_code"]) == set(catalog.REGENCY_CODES) - {"5103"}
    assert indicators.find_period(kur.METRIC, "nope").key == "2016"
