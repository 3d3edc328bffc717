from bali_umkm import textsafe as ui


def test_escape_md_neutralises_links_and_html():
    text = ui.escape_md("[klik](javascript:alert(1)) <b>x</b> *tebal*")
    assert "\\[" in text and "\\<" in text and "\\*" in text


def test_safe_url_encodes_spaces_and_rejects_other_schemes():
    assert ui.safe_url("https://berkas.dpr.go.id/a b.pdf") == "https://berkas.dpr.go.id/a%20b.pdf"
    assert ui.safe_url("https://x.id/a_(b)") == "https://x.id/a_%28b%29"
    assert ui.safe_url("javascript:alert(1)") is None
    assert ui.safe_url("github.com/cahyadsn/wilayah") is None
