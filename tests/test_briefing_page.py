"""AppTest of the Ekspor Briefing page: choices from the URL, the outline, the downloads, both languages."""

from conftest import all_text, run_app

PAGE = "pages/briefing.py"


def test_default_page_shows_the_deck_and_both_downloads():
    at = run_app(PAGE, lang="id")
    assert not at.exception, at.exception
    outline = at.dataframe[0].value
    titles = list(outline["Judul slide"])
    assert titles[0] == "Briefing UMKM Bali" and "Angka kunci" in titles and titles[-1].startswith("Sumber")
    assert len(titles) >= 8 and "Susunan deck (" in all_text(at)
    assert outline["Kaki slide (sumber)"].iloc[2].startswith("Sumber: Dinas Koperasi dan UMKM Provinsi Bali")
    buttons = {b.key: b.label for b in at.get("download_button")}
    assert buttons == {"br_dl_0": "Unduh PPTX", "br_dl_1": "Unduh PDF"}
    assert any("python -m bali_umkm briefing --out briefing-umkm-bali-" in c.value for c in at.code)


def test_choices_come_from_the_url_and_go_back_to_it():
    at = run_app(PAGE, lang="id", query={"regency": "5107", "by": "barrier", "barrier": "kur_agunan,nope"})
    assert not at.exception
    titles = list(at.dataframe[0].value["Judul slide"])
    assert "Profil Karangasem" in titles
    assert at.multiselect(key="br_barrier__id").value == ["kur_agunan"]   # the unknown value is dropped
    assert at.query_params["barrier"] == "kur_agunan" and at.query_params["regency"] == "5107"
    at.selectbox(key="br_regency__id").set_value("").run()
    assert "Profil Karangasem" not in list(at.dataframe[0].value["Judul slide"])
    assert "regency" not in at.query_params


def test_english_page_and_an_english_deck():
    at = run_app(PAGE, lang="en", query={"metric": "kur_disbursed_value", "period": "2016"})
    assert not at.exception
    titles = list(at.dataframe[0].value["Slide title"])
    assert titles[0] == "MSMEs in Bali, a briefing" and any(t.startswith("Map: KUR") for t in titles)
    assert {b.label for b in at.get("download_button")} == {"Download PPTX", "Download PDF"}
    at.radio(key="br_deck__en").set_value("id").run()
    assert next(iter(at.dataframe[0].value["Slide title"])) == "Briefing UMKM Bali"
    assert at.query_params["deck"] == "id"
