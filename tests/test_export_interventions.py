"""Take-aways of the interventions list: CSV, Markdown and the printable checklist."""

import datetime as dt
import io
import re

import pandas as pd

from bali_umkm import interventions as iv
from bali_umkm.catalog import PAPER_CITATION
from bali_umkm.export import interventions as take_away

DAY = dt.date(2026, 11, 28)


def test_csv_has_every_record_in_the_chosen_language_and_the_citation_on_every_row():
    records = iv.find(actor="lsm")
    data = take_away.to_csv(records, "en")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads the accents
    df = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(df["id"]) == [r.id for r in records]
    assert set(df["source"]) == {PAPER_CITATION}
    assert df.loc[0, "actor"] == "NGOs"
    assert df.loc[1, "text_paper_id"] == "memberikan pendampingan dan konsultasi penyusunan proposal pendanaan"
    assert df.loc[1, "barriers_editorial"].startswith("KUR · Difficulty applying for KUR")
    assert df.loc[1, "paper_number"] == "(2)"


def test_csv_keeps_duplicated_step_numbers_and_examples():
    df = take_away.table([iv.intervention("nilai_continuous_innovation")], "id")
    steps = df.loc[0, "steps"].split(" | ")
    assert [s[:3] for s in steps] == ["(1)", "(2)", "(3)", "(4)", "(4)", "(5)", "(6)", "(7)", "(8)"]
    assert "ramah lingkungan" in df.loc[0, "example_bali"]


def test_markdown_carries_filter_citation_and_every_recommendation():
    filters = iv.Filters(actor=("umkm",), category=("penciptaan_nilai_produk",), q="*x* [a](http://evil)")
    records = iv.find(actor="umkm", category="penciptaan_nilai_produk")
    md = take_away.to_markdown(records, filters, "id", today=DAY)
    assert md.count(PAPER_CITATION) == 2  # at the top and at the end
    assert "Aktor: Pelaku UMKM" in md and "Dibuat 2026-11-28" in md
    assert "[a](http://evil)" not in md and r"\[a\]\(http://evil\)" in md  # the search words are escaped
    assert all(f"## {i}. {r.title['id']}" in md for i, r in enumerate(records, 1))
    assert "Contoh di Bali:** bagaimana mengembangkan produk kain endek kelungkung" in md
    assert "- Harini et al., 2022: Harini, S., Silaningsih, E., & Putri, M. E. (2022)." in md


def test_markdown_in_english_keeps_the_papers_words():
    md = take_away.to_markdown([iv.intervention("pem_kredit_tanpa_agunan")], lang="en", today=DAY)
    assert "> The provincial and regency governments" in md
    assert "The paper's words: “Pemerintah Provinsi dan Kabupaten" in md
    assert "No filter: all recommendations" in md


def test_checklist_is_printable_escaped_and_inert():
    records = iv.find(actor="lsm")
    html = take_away.to_checklist_html(records, iv.Filters(actor=("lsm",), q="<script>alert(1)</script>"), "id",
                                       today=DAY)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "default-src 'none'" in html  # no scripts, no remote content
    n_steps = sum(len(r.steps) for r in records)
    assert html.count('type="checkbox"') == len(records) + n_steps
    assert html.count("Penanggung jawab") == len(records)
    assert html.count(PAPER_CITATION.replace("&", "&amp;")) == 2  # at the top and in the footer
    assert re.search(r"<h1>Rekomendasi intervensi UMKM Bali</h1>", html)


def test_matrix_table_reads_as_barriers_by_actors():
    from bali_umkm.export.tables import to_csv_bytes
    from bali_umkm.views import interventions as iv_views

    view = iv_views.matrix_view(iv.Filters(), "en")   # the matrix as the page shows and downloads it
    table = view.table
    assert table.shape == (25, 5)
    assert list(table.columns) == ["Government", "Financial inst.", "NGOs", "MSMEs", "Joint action"]
    assert table.loc["KUR · Demands for (extra) collateral", "Financial inst."] == 2
    csv = to_csv_bytes(view.csv, view.csv_source).decode("utf-8-sig")
    assert csv.splitlines()[0] == "barrier,barrier_label,actor,actor_label,n,source"
    assert PAPER_CITATION in csv
