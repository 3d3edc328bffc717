"""AppTest of the Intervensi page: the filter from the URL, the widgets writing it back, search in
both languages, the matrix and its table, the take-away buttons."""

import json

from conftest import all_text, run_app

from bali_umkm import interventions as iv

PAGE = "pages/interventions.py"


def shown_line(at) -> str:
    return next(m.value for m in at.markdown if "dari 38" in m.value or "of 38" in m.value)


def card_titles(at) -> list[str]:
    return [m.value[5:] for m in at.markdown if m.value.startswith("#### ")]


def test_a_filter_in_the_url_sets_the_widgets_and_the_cards():
    at = run_app(PAGE, lang="id", query={"actor": "lsm", "barrier": "kur_sulit_mengajukan"})
    assert not at.exception
    assert at.multiselect(key="iv_actor__id").value == ["lsm"]
    assert at.multiselect(key="iv_barrier__id").value == ["kur_sulit_mengajukan"]
    assert shown_line(at).startswith("**1 dari 38 rekomendasi**")
    assert card_titles(at) == ["Pendampingan menyusun proposal pendanaan"]
    text = all_text(at)
    assert "10% masyarakat merasa kesulitan dalam mengajukan KUR" in text  # the barrier panel quotes the paper
    assert "10%" in text and "Ombudsman" in text


def test_the_widgets_write_the_filter_back_to_the_url():
    at = run_app(PAGE, lang="en", query={"actor": "lsm"})
    assert shown_line(at).startswith("**6 of 38 recommendations**")
    at.multiselect(key="iv_barrier__en").set_value(["kur_persyaratan", "kur_sulit_mengajukan"]).run()
    at.text_input(key="iv_q__en").input("proposal").run()
    assert not at.exception
    assert at.query_params["actor"] == "lsm"
    assert at.query_params["barrier"] == "kur_persyaratan,kur_sulit_mengajukan"
    assert at.query_params["q"] == "proposal"
    assert card_titles(at) == ["Help with funding proposals"]
    at.button(key="iv_clear").click().run()
    assert shown_line(at).startswith("**38 of 38")
    assert set(at.query_params) == {"lang"}


def test_search_finds_words_in_either_language_and_category_filters():
    at = run_app(PAGE, lang="id", query={"q": "varsity jackets"})
    assert card_titles(at) == ["Ciptakan produk yang berpotensi"]
    at = run_app(PAGE, lang="en", query={"category": "penciptaan_nilai_produk"})
    titles = card_titles(at)
    assert len(titles) == 8 and titles[0] == "Create products with potential"
    assert "Easier certification administration" in titles  # the government's part of item 5
    text = all_text(at)
    assert "varsity jackets" in text and "The paper's words" in text


def test_unknown_values_in_the_url_are_ignored_with_a_warning():
    at = run_app(PAGE, lang="id", query={"actor": "bank", "barrier": "kur_agunan"})
    assert not at.exception
    assert any("actor=bank" in w.value for w in at.warning)
    assert at.multiselect(key="iv_actor__id").value == []
    assert at.query_params.get("actor") is None and at.query_params["barrier"] == "kur_agunan"


def test_the_matrix_chart_and_its_table_show_the_same_counts():
    at = run_app(PAGE, lang="id", query={"actor": "lembaga_keuangan", "barrier": "kur_agunan"})
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert [p["name"] for p in spec["params"]] == ["matrix_pick"]
    assert list(chart.proto.selection_mode) == ["matrix_pick"]
    assert "Matriks panas" in chart.proto.alt
    table = at.dataframe[0].value
    assert table.shape == (25, 5)
    grid = iv.matrix(lang="id")
    for _, row in grid.iterrows():
        assert table.loc[row["barrier_label"], row["actor_label"]] == row["n"]
    assert table.loc["KUR · Permintaan agunan (tambahan)", "Lembaga keuangan"] == 2


def test_the_matrix_follows_category_and_link_source():
    at = run_app(PAGE, lang="id", query={"category": "pelatihan_digital", "links": "paper"})
    table = at.dataframe[0].value
    assert table.to_numpy().sum() == 5  # the five training items, each linked by the paper to "pelatihan"
    assert table.loc["Nasional · Pelatihan", "Kolaborasi"] == 5
    assert at.radio(key="iv_links__id").value == "paper"


def test_take_away_buttons_are_there():
    at = run_app(PAGE, lang="id", query={"actor": "lsm"})
    labels = [b.label for b in at.get("download_button")]
    assert {"Daftar (CSV)", "Dokumen (Markdown)", "Daftar periksa untuk dicetak (HTML)",
            "Unduh grafik (PNG)", "Unduh grafik (SVG)", "Unduh matriks (CSV)"} <= set(labels)


def test_arriving_from_another_page_with_a_link_uses_the_links_filter():
    at = run_app(PAGE, lang="id", query={"actor": "lsm"})
    at.switch_page("pages/overview.py").run()
    for key, value in iv.page_link_params(barrier="kur_agunan").items():  # what st.page_link would send
        at.query_params[key] = value
    at.query_params.pop("actor", None)
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.multiselect(key="iv_actor__id").value == []  # the earlier visit's filter is not kept
    assert at.multiselect(key="iv_barrier__id").value == ["kur_agunan"]
    assert shown_line(at).startswith("**3 dari 38")


def test_the_cards_come_ten_to_a_page():
    from bali_umkm.textsafe import escape_md
    from bali_umkm.views.interventions import card_pages

    assert card_pages(37) == [(1, 10), (11, 20), (21, 30), (31, 37)]
    assert card_pages(10) == [(1, 10)] and card_pages(0) == []
    at = run_app(PAGE, lang="id")
    titles = [escape_md(r.title_in("id")) for r in iv.interventions()]
    assert card_titles(at) == titles[:10]  # the first view draws ten of the 38
    assert "Kartu 1–10 dari 38" in all_text(at)
    pager = at.segmented_control(key="iv_cards_page_38")
    pager.set_value(3).run()
    assert card_titles(at) == titles[30:]
    assert "Kartu 31–38 dari 38" in all_text(at)
    at = run_app(PAGE, lang="en", query={"actor": "lsm"})  # six fit on one page: no pager
    assert len(card_titles(at)) == 6 and not at.segmented_control
