from bali_umkm import textsafe as ui


def test_escape_md_neutralises_links_and_html():
    text = ui.escape_md("[klik](javascript:alert(1)) <b>x</b> *tebal*")
    assert "\\[" in text and "\\<" in text and "\\*" in text


def test_safe_url_encodes_spaces_and_rejects_other_schemes():
    assert ui.safe_url("https://berkas.dpr.go.id/a b.pdf") == "https://berkas.dpr.go.id/a%20b.pdf"
    assert ui.safe_url("https://x.id/a_(b)") == "https://x.id/a_%28b%29"
    assert ui.safe_url("javascript:alert(1)") is None
    assert ui.safe_url("github.com/cahyadsn/wilayah") is None


def test_escape_md_breaks_the_links_gfm_finds_in_plain_text():
    # Streamlit's Markdown links "https://…", "www.…" and "a@b.c" by itself, even when escaped;
    # a word joiner inside each marker stops it (checked in Chromium on the Data & Sumber page)
    wj = "\u2060"
    assert ui.escape_md("https://evil.example/x") == f"https:{wj}//evil\\.example/x"
    assert ui.escape_md("lihat WWW.evil.example") == f"lihat WWW{wj}\\.evil\\.example"
    assert ui.escape_md("a@evil.example") == f"a{wj}@evil\\.example"
    assert ui.escape_md("Rp 1.234 (2023): 5/6") == "Rp 1\\.234 \\(2023\\): 5/6"  # other text unchanged
    for text in ("https://x.y", "http://x", "www.x.y", "mailto:a@b.c", "[k](https://x.y)"):
        out = ui.escape_md(text)
        assert "://" not in out and "www." not in out.lower() and "a@" not in out and "](" not in out
