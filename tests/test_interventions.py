"""The interventions catalogue holds every recommendation of the paper, in its words, with its
barriers, and the API other pages use to filter and link to it."""

import copy
import re

import pytest

from bali_umkm import catalog, urlcodec
from bali_umkm import interventions as iv
from bali_umkm.paths import PAPER_MD
from bali_umkm.views import interventions as iv_views

PAPER = PAPER_MD.read_text(encoding="utf-8")


def norm(text: str) -> str:
    """The paper's Markdown as plain words: emphasis and escapes out, whitespace collapsed."""
    return " ".join(text.replace("\\*", "").replace("*", "").split())


BODY = norm(PAPER.split("## Referensi")[0])


def between(start: str, end: str) -> str:
    """The paper's text from `start` (inclusive) to `end` (exclusive)."""
    i = BODY.index(start)
    return BODY[i:BODY.index(end, i)]


# ----------------------------------------------------------------------------- schema

def test_the_files_match_their_schemas_and_refer_to_what_exists():
    assert iv.validate(*iv.load_raw()) == []


def _break(path_fn):
    raw_i, raw_b = copy.deepcopy(iv.load_raw())
    path_fn(raw_i, raw_b)
    return iv.validate(raw_i, raw_b)


@pytest.mark.parametrize("breaker, message", [
    (lambda i, b: i["records"][0]["text"].pop("en"), "'en' is a required property"),
    (lambda i, b: i["records"][0]["barriers"].append({"id": "no_such_barrier", "source": "editorial"}),
     "unknown barrier 'no_such_barrier'"),
    (lambda i, b: i["records"][0]["barriers"][0].pop("evidence"), "'evidence' is a required property"),
    (lambda i, b: i["records"][3]["barriers"].append({"id": "pembiayaan", "source": "guess"}), "'guess' is not one of"),
    (lambda i, b: i["records"][1].update(actor="bank"), "unknown actor 'bank'"),
    (lambda i, b: i["records"][1].update(id=i["records"][0]["id"]), "duplicate record id"),
    (lambda i, b: i["records"][0].update(number="(1)"), "does not fit the list's numbering"),
    (lambda i, b: i["records"][0].update(colour="red"), "Additional properties are not allowed"),
    (lambda i, b: b["barriers"][0].update(group="nowhere"), "unknown group 'nowhere'"),
    (lambda i, b: b["barriers"][0].pop("as_written"), "'as_written' is a required property"),
    (lambda i, b: i["lists"][-1].pop("actor_note"), "an editorial actor needs an actor_note"),
])
def test_the_schema_rejects_broken_records(breaker, message):
    errors = _break(breaker)
    assert any(message in e for e in errors), errors
    with pytest.raises(iv.InterventionsError):
        raw_i, raw_b = copy.deepcopy(iv.load_raw())
        breaker(raw_i, raw_b)
        iv.build(raw_i, raw_b)


# ----------------------------------------------------------------------------- faithful to the paper

def test_every_text_step_example_and_lead_is_the_papers_words():
    for rec in iv.interventions():
        pieces = [rec.text["id"]] + [s.text["id"] for s in rec.steps]
        pieces += [x["id"] for x in (rec.detail, rec.example) if x]
        for piece in pieces:
            assert norm(piece) in BODY, (rec.id, piece)
    for lst in iv.paper_lists():
        assert norm(lst.lead["id"]) in BODY, lst.id
    for b in iv.barriers():
        for quote in b.as_written:
            assert norm(quote) in BODY, (b.id, quote)
    for g in iv.barrier_groups():
        assert norm(g.lead["id"]) in BODY, g.id


def test_every_english_text_is_there_and_differs_from_the_indonesian():
    for rec in iv.interventions():
        assert rec.text["en"] and rec.text["en"] != rec.text["id"], rec.id
        assert all(s.text["en"] for s in rec.steps), rec.id


def test_paper_links_quote_the_recommendation_or_the_lead_of_its_list():
    for rec in iv.interventions():
        own = norm(" ".join([rec.text["id"], *(s.text["id"] for s in rec.steps),
                             *(x["id"] for x in (rec.detail, rec.example) if x)]))
        lead = norm(iv.paper_list(rec.list).lead["id"])
        for link in rec.barriers:
            if link.source == "paper":
                ev = norm(link.evidence)
                assert ev in BODY and (ev in own or ev in lead), (rec.id, link.id, link.evidence)
            else:
                assert link.evidence == "", (rec.id, link.id)


def test_sections_are_the_papers_headings():
    for rec in iv.interventions():
        heading = re.search(r"\((.+)\)", rec.section)
        assert rec.section.startswith(("§4", "§5")), rec.id
        if heading:
            assert heading.group(1) in BODY, rec.id


def test_citations_are_as_the_paper_cites_them_and_resolve_to_its_reference_list():
    for rec in iv.interventions():
        for cit in rec.citations:
            assert cit in BODY, (rec.id, cit)
            ref = iv.reference_for(cit)
            assert ref is not None, (rec.id, cit)
            surname = re.sub(r"^(?:[A-Z]\. )+", "", cit).split()[0].rstrip(",")
            alias = iv.catalogue().reference_aliases.get(cit, "")
            assert ref.startswith(alias.split()[0] if alias else surname), (cit, ref)
    for b in iv.barriers():
        for cit in b.sources:
            assert cit in BODY, (b.id, cit)
            # the Ombudsman press release is cited in the text only; the list has no entry for it
            assert iv.reference_for(cit) or cit.startswith("siaran pers Ombudsman"), (b.id, cit)


def test_reference_list_is_read_whole():
    refs = iv.references()
    assert len(refs) == 66
    sinta = iv.reference_for("Sinta & Zulfa Naftali, 2024")
    assert sinta.endswith("Communnity Development Journal, 5(2), 3389–3397.")  # joined across the page break
    assert iv.reference_for("D. Lestari et al., 2023").startswith("Lestari, D.")
    assert iv.reference_for("K. I. Lestari & Harto, 2024").startswith("Lestari, K. I.")
    assert "Acinetobacter" in iv.reference_for("Sugawara & Nikaido, 2014")


# ----------------------------------------------------------------------------- counts equal the paper's

def _numbered_items(text: str) -> list[str]:
    return re.findall(r"\((\d+)\)", text)


def test_financial_institution_and_ngo_measures_are_the_papers_nine_and_six():
    fi = _numbered_items(between("Upaya-upaya yang dapat dilakukan lembaga keuangan", "## 3."))
    ngo = _numbered_items(between("Upaya-upaya yang dapat dilakukan oleh LSM", "Pembahasan permasalahan diatas"))
    per_list = iv.counts("list")
    assert len(fi) == per_list["modal_lembaga_keuangan"] == 9
    assert len(ngo) == per_list["modal_lsm"] == 6
    assert [r.number for r in iv.find(actor="lembaga_keuangan")] == [f"({n})" for n in fi]
    assert [r.number for r in iv.find(actor="lsm")] == [f"({n})" for n in ngo]


def test_value_creation_and_digital_strategies_are_the_papers_seven_and_four():
    value = re.findall(r"(?:^|\s)(\d)\. [A-Z]", between("Proses penciptaan nilai", "Dampak peredaran"))
    digital = re.findall(r"(?:^|\s)(\d)\. [A-Z]", between("Langkah-langkah yang dapat dilakukan adalah sebagai berikut",
                                                           "UMKM memerlukan penguasaan teknologi digital"))
    assert value == ["1", "2", "3", "4", "5", "6", "7"]
    assert digital == ["1", "2", "3", "4"]
    assert [r.number for r in iv.find(category="penciptaan_nilai_produk", actor="umkm")] == [f"{n}." for n in value]
    # the end of item 5 is the government's own measure (easier certification administration)
    assert [r.number for r in iv.find(category="penciptaan_nilai_produk", actor="pemerintah")] == ["5."]
    assert [r.number for r in iv.find(category="ekosistem_digital", actor="umkm")] == [f"{n}." for n in digital]


def test_the_conclusions_training_list_is_five_items():
    sentence = BODY[BODY.index("khususnya di Provinsi Bali melalui"):]  # the paper's last sentence
    items = re.split(r", dan |, ", sentence.split(" melalui ", 1)[1].rstrip("."))
    assert len(items) == 5
    training = iv.find(category="pelatihan_digital")
    assert [r.text["id"] for r in training] == [i.strip(" .") for i in items]


def test_count_per_actor_and_category():
    assert iv.counts("actor") == {"pemerintah": 7, "lembaga_keuangan": 9, "lsm": 6, "umkm": 11, "kolaborasi": 5}
    assert iv.counts("category") == {"akses_permodalan": 19, "penciptaan_nilai_produk": 8, "kebijakan_impor": 1,
                                     "ekosistem_digital": 5, "pelatihan_digital": 5}
    assert len(iv.interventions()) == 38
    # government: credit without collateral, a simpler process, financial training and working with
    # banks and cooperatives on financial literacy (§4 Akses permodalan), easier certification
    # administration and its role on imports (§4 Persaingan), encouraging the digital ecosystem
    assert [r.id for r in iv.find(actor="pemerintah")] == [
        "pem_kredit_tanpa_agunan", "pem_proses_dipermudah", "pem_pelatihan_keuangan", "kol_literasi_keuangan",
        "pem_kemudahan_sertifikasi", "pem_peran_impor", "pem_dorong_ekosistem_digital"]
    # each is the paper's sentence with the government as its subject
    for rec_id, words in (
            ("kol_literasi_keuangan", "Pemerintah Provinsi Bali perlu bekerjasama dengan pihak perbankan dan koperasi"),
            ("pem_kemudahan_sertifikasi", "pemerintah memberikan kemudahan dalam hal administrasi")):
        assert iv.intervention(rec_id).text["id"].startswith(words) and words in BODY


def test_sub_steps_carry_the_papers_numbers_including_the_duplicates():
    for rec in iv.interventions():
        numbers = [s.n for s in rec.steps if s.n]
        if not numbers:
            continue
        first, last = norm(rec.steps[0].text["id"]), norm(rec.steps[-1].text["id"])
        start = BODY.index(first)
        span = BODY[start - 6:BODY.index(last, start) + len(last)]
        assert numbers == _numbered_items(span), rec.id
    assert [s.n for s in iv.intervention("nilai_continuous_innovation").steps] == list("123445678")
    assert [s.n for s in iv.intervention("dig_engagement").steps] == list("1234567789")
    assert len(iv.intervention("nilai_product_mix_pricing").steps) == 8
    assert [s.text["id"] for s in iv.intervention("nilai_warranty_guarantee").steps] == [
        "garansi produk", "garansi servis", "garansi kepuasan"]
    assert len(iv.intervention("dig_human_centric").steps) == 7
    assert len(iv.intervention("dig_content_marketing").steps) == 9
    assert len(iv.intervention("dig_omnichannel").steps) == 3


def test_the_bali_examples():
    examples = {r.id: r.example["id"] for r in iv.interventions() if r.example}
    assert set(examples) == {"nilai_produk_potensial", "nilai_diferensiasi", "nilai_product_mix_pricing",
                             "nilai_co_branding", "nilai_continuous_innovation"}
    assert "endek kelungkung" in examples["nilai_produk_potensial"] and "varsity" in examples["nilai_produk_potensial"]
    assert "arak bali dalam aneka rasa buah" in examples["nilai_diferensiasi"]
    assert "kacang disko dan minuman khas Bali" in examples["nilai_product_mix_pricing"]
    assert "kacang disko dengan rasa brem" in examples["nilai_co_branding"]
    assert "ramah lingkungan" in examples["nilai_continuous_innovation"]


# ----------------------------------------------------------------------------- the barriers

def test_the_national_challenges_are_twelve_and_rebuild_the_papers_sentence():
    national = [iv.barrier(b).as_written[0] for b in iv.barrier_ids("tantangan_nasional")]
    assert len(national) == 12
    sentence = ", ".join(national[:-1]) + ", serta " + national[-1]
    assert BODY.count(f"meliputi {sentence}.") == 2  # §2 and §5 say it in the same words


def test_barrier_groups_hold_the_papers_lists():
    assert iv.barrier_ids("akses_kur") == (
        "kur_persyaratan", "kur_birokrasi", "kur_agunan", "kur_tindak_lanjut", "kur_sulit_mengajukan",
        "kur_regulasi_terlambat", "kur_perubahan_bunga")
    assert len(iv.barrier_ids("persaingan_impor")) == 3
    assert iv.barrier_ids("digitalisasi_bali") == ("digital_data_tunggal", "digital_sdm", "digital_minat_teknologi")
    assert len(iv.barriers()) == 25
    # the Ombudsman's three complaint types are figures of the catalogue
    shares = {b: catalog.figure(iv.barrier(b).figures[0])["value"]
              for b in ("kur_agunan", "kur_tindak_lanjut", "kur_sulit_mengajukan")}
    assert shares == {"kur_agunan": 53, "kur_tindak_lanjut": 37, "kur_sulit_mengajukan": 10}
    for item in (*iv.barriers(), *iv.barrier_groups()):
        for fig in item.figures:
            catalog.figure(fig)  # raises if the figure is not in the catalogue


def test_the_barriers_the_paper_leaves_without_a_measure():
    assert iv.unaddressed_barriers() == (
        "basis_data_tunggal", "kur_regulasi_terlambat", "kur_perubahan_bunga", "digital_data_tunggal")
    assert "kur_agunan" not in iv.unaddressed_barriers("paper")


# ----------------------------------------------------------------------------- the API

def test_filter_by_actor_barrier_category_and_words():
    assert [r.id for r in iv.find(actor="lsm", barrier="kur_sulit_mengajukan")] == ["lsm_proposal_pendanaan"]
    assert {r.actor for r in iv.find(barrier="kur_agunan")} == {"pemerintah", "lembaga_keuangan"}
    assert len(iv.find(actor=["lsm", "lembaga_keuangan"])) == 15
    assert len(iv.find(actor="lsm,lembaga_keuangan")) == 15
    assert iv.find(category="akses_permodalan", actor="kolaborasi") == []  # the Pemprov acts, with banks
    assert [r.id for r in iv.find(category="akses_permodalan", actor="lembaga_keuangan", partners=True)][-1] == \
        "kol_literasi_keuangan"
    assert [r.id for r in iv.find(query="endek")] == ["nilai_produk_potensial"]  # not "pendekatan"
    assert [r.id for r in iv.find(query="Varsity JACKETS")] == ["nilai_produk_potensial"]
    assert [r.id for r in iv.find(query="kacang disko")] == ["nilai_product_mix_pricing", "nilai_co_branding"]
    assert iv.find(query="collateral", lang="id") == []
    assert {r.id for r in iv.find(query="collateral", lang="en")} >= {"pem_kredit_tanpa_agunan"}
    assert [r.id for r in iv.find(query="agun", actor="pemerintah", lang="id")] == [
        "pem_kredit_tanpa_agunan", "pem_proses_dipermudah"]


def test_partners_and_link_source():
    assert "lk_subsidi_jaminan" not in {r.id for r in iv.find(actor="pemerintah")}
    with_partners = {r.id for r in iv.find(actor="pemerintah", partners=True)}
    assert {"lk_subsidi_jaminan", "kol_literasi_keuangan", "pem_kemudahan_sertifikasi"} <= with_partners
    assert "nilai_packaging_labelling" not in with_partners  # its government clause is its own record
    assert [r.id for r in iv.find(barrier="kur_agunan", link_source="paper")] == ["pem_kredit_tanpa_agunan"]
    assert len(iv.find(barrier="kur_agunan", link_source="editorial")) == 2


def test_unknown_ids_fail_loudly():
    with pytest.raises(ValueError, match="unknown barrier"):
        iv.find(barrier="kur_angunan")
    with pytest.raises(ValueError, match="unknown actor"):
        iv.page_link_params(actor="bank")
    with pytest.raises(ValueError):
        iv.find(link_source="maybe")


def test_counts_and_matrix_agree_with_filter():
    grid = iv.matrix()
    assert len(grid) == 5 * 25
    for a in iv.actor_ids():
        for b in iv.barrier_ids():
            n = grid[(grid["actor"] == a) & (grid["barrier"] == b)]["n"].item()
            assert n == len(iv.find(actor=a, barrier=b)), (a, b)
    assert grid["n"].sum() == sum(iv.counts("barrier").values())
    paper_only = iv.matrix(link_source="paper")
    assert paper_only["n"].sum() == sum(len(r.barrier_ids("paper")) for r in iv.interventions())
    assert grid["barrier_label"].iloc[0] == "Nasional · Inovasi dan teknologi"
    assert iv.matrix(lang="en")["actor_label"].iloc[1] == "Financial inst."


def test_links_for_other_pages_round_trip_through_the_url():
    params = iv.page_link_params(barrier=["kur_agunan", "kur_persyaratan"], actor="lembaga_keuangan")
    assert params == {"actor": "lembaga_keuangan", "barrier": "kur_agunan,kur_persyaratan"}
    filters, ignored = parse_params(params)
    assert ignored == [] and filters.barrier == ("kur_agunan", "kur_persyaratan")
    assert [r.id for r in filters.apply()] == [r.id for r in iv.find(actor="lembaga_keuangan",
                                                                       barrier=["kur_agunan", "kur_persyaratan"])]
    assert iv.page_url(barrier="digital_sdm", lang="en") == "/intervensi?barrier=digital_sdm&lang=en"
    assert iv.page_url(ids="pel_google_ads", base="https://dasbor.example/") == \
        "https://dasbor.example/intervensi?id=pel_google_ads"
    assert iv.page_url() == "/intervensi"
    assert iv.Filters(q="agunan", partners=True, links="paper").params() == {
        "q": "agunan", "partners": "1", "links": "paper"}


def parse_params(params):
    """The page's filter from URL parameters (views.interventions.url_params, read by urlcodec) and
    what was dropped, as "param=value"."""
    values, problems = urlcodec.decode(iv_views.url_params(), params)
    return iv_views.filters_of(values), [f"{p.param}={p.value}" for p in problems]


def test_parse_params_forgives_and_reports():
    filters, ignored = parse_params({"actor": ["lsm", "bank"], "barrier": "kur_agunan,nope",
                                     "links": "maybe", "q": "  endek  ", "partners": "1"})
    assert filters == iv.Filters(actor=("lsm",), barrier=("kur_agunan",), q="endek", partners=True)
    assert sorted(ignored) == ["actor=bank", "barrier=nope", "links=maybe"]
    assert parse_params({})[0].empty
    assert urlcodec.encode(iv_views.url_params(), iv_views.values_of(filters)) == {
        "actor": "lsm", "barrier": "kur_agunan", "category": None, "q": "endek", "id": None, "partners": "1",
        "links": None}


def test_a_matrix_click_sets_actor_and_barrier_and_keeps_the_rest():
    current = iv.Filters(actor=("umkm",), category=("akses_permodalan",), q="kredit", links="paper")
    clicked = iv.filters_from_selection([{"actor": "lsm", "barrier": "kur_persyaratan"}], current)
    assert clicked == iv.Filters(actor=("lsm",), barrier=("kur_persyaratan",), category=("akses_permodalan",),
                                 q="kredit", links="paper")
    assert iv.filters_from_selection([], current) == current
    assert iv.filters_from_selection([{"actor": "x", "barrier": "kur_persyaratan"}], current) == current
    assert iv.filters_from_selection({"actor": "lsm", "barrier": "kur_agunan"}, current).barrier == ("kur_agunan",)


def test_the_ngo_list_says_whom_it_is_for_first():
    lead = iv.paper_list("modal_lsm").lead
    assert "terutama UMKM yang ada di desa-desa terpencil di Provinsi Bali" in lead["id"]
    assert lead["id"] in BODY and "remote villages" in lead["en"]
    assert lead["id"].endswith("Upaya-upaya yang dapat dilakukan oleh LSM adalah")
