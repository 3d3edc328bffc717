"""Short source lines on pages, the full record one click away, exports keep the full record."""

from conftest import run_app

from bali_umkm import catalog
from bali_umkm.views import maps


def test_the_brief_line_is_short_and_the_record_is_whole():
    brief = catalog.source_brief("umkm_beritabali_undated", "id")
    full = catalog.source_line("umkm_beritabali_undated", "id")
    assert brief.startswith("Sumber: ") and "kepercayaan rendah" in brief and "diterbitkan 4 Agustus 2016" in brief
    assert "lisensi" not in brief and "lisensi" in full and len(brief) < len(full)
    rec = catalog.source_record("umkm_beritabali_undated", "id")
    assert {"citation", "licence", "url", "notes"} <= set(rec)
    assert "201608040005" in rec["citation"] + rec["url"] + rec["notes"]


def test_a_chart_shows_the_brief_line_and_its_record_in_an_expander_exports_keep_the_full_line():
    at = run_app("pages/distribution.py", lang="id")
    view = maps.map_view(maps.DEFAULT_METRIC, lang="id")
    captions = [c.value for c in at.caption]
    brief = catalog.source_brief(view.datasets, "id")
    assert any(c.replace("\\", "") == brief for c in captions)
    details = [e for e in at.expander if e.label.startswith("Rincian sumber")]
    assert details, "no 'Rincian sumber' expander"
    inside = " ".join(c.value for e in details for c in e.caption).replace("\\", "")
    assert "lisensi" in inside.lower() and "Batas administrasi" in inside
    assert "lisensi" in view.source_line  # the PNG/SVG/CSV carry view.source_line, the whole line
