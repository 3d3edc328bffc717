"""Ekspor Briefing / Briefing export: a PPTX or PDF deck for a DPR meeting, built from the pages' charts.

URL: /ekspor-briefing (not /briefing: a url_path may not be a page file's name, see tests/test_app.py).
State in the URL: ?deck=en&metric=umkm_total&derived=per_1000&period=2020&regency=5107&by=actor&actor=lsm
(each optional; by=barrier&barrier=kur_agunan,kur_persyaratan for recommendations by barrier).
"""

import streamlit as st

from bali_umkm import interventions as iv
from bali_umkm import ui
from bali_umkm.export import briefing_pdf, briefing_pptx, deck_layout
from bali_umkm.i18n import t
from bali_umkm.views import briefing

lang = ui.lang()
ps = ui.page_state("br", briefing.url_params(lang))
st.title(t("briefing.title", lang))
st.write(t("briefing.intro", lang))
ui.url_notes(ps)
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# --- what goes into the deck ---------------------------------------------------------------------
st.subheader(t("briefing.choose_title", lang))
c1, c2, c3 = st.columns(3, gap="medium")
with c1:
    ps.radio("deck", t("briefing.pick_lang", lang), horizontal=True, format_func=lambda c: t(f"common.language_{c}", c))
    regency_box = st.container()
with c2:
    ui.map_choice(ps, "briefing", metric=st, derived=st, period=st, regency=regency_box)
with c3:
    by = ps.radio("by", t("briefing.pick_by", lang), horizontal=True, format_func=lambda b: t(f"briefing.by_{b}", lang))
    if by == "actor":
        ps.multiselect("actor", t("briefing.pick_actor", lang), format_func=lambda a: iv.actor_label(a, lang),
                       placeholder=t("briefing.pick_actor_placeholder", lang))
    else:
        ps.multiselect("barrier", t("briefing.pick_barrier", lang),
                       format_func=lambda b: iv.barrier_label(b, lang, tagged=True),
                       placeholder=t("briefing.pick_barrier_placeholder", lang))
    st.caption(t("briefing.pick_default_actor", lang))

try:
    deck = briefing.build(briefing.options_of(ps, lang))
except briefing.BriefingError as exc:
    st.error(t("briefing.error", lang, error=ui.escape_md(str(exc))))
    st.stop()

# --- the deck, slide by slide (laid out as the files will be, without drawing the charts) -----------
outline = deck_layout.outline_table(deck, lang)
st.subheader(t("briefing.outline_title", lang, n=len(outline)))
st.dataframe(outline, hide_index=True, width="stretch", height=ui.table_height(len(outline)))
st.caption(t("briefing.outline_sources", lang, n=len(deck.datasets)))

# --- downloads (made when clicked) ----------------------------------------------------------------
st.subheader(t("briefing.download_title", lang))
ui.downloads([
    (t("briefing.download_pptx", lang), lambda: briefing_pptx.to_pptx(deck), f"{deck.file_stem}.pptx", PPTX_MIME),
    (t("briefing.download_pdf", lang), lambda: briefing_pdf.to_pdf(deck), f"{deck.file_stem}.pdf", "application/pdf"),
], key="br_dl")
st.caption(t("briefing.download_note", lang) + " " + t("briefing.download_help", lang))
st.caption(t("briefing.cli_hint", lang))
st.code(briefing.command_line(deck), language="bash", wrap_lines=True)
