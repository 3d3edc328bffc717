"""Ekspor Briefing / Briefing export: a PPTX or PDF deck for a DPR meeting, built from the pages' charts.

URL: /ekspor-briefing (not /briefing: a url_path may not be a page file's name, see tests/test_app.py).
State in the URL: ?deck=en&metric=umkm_total&derived=per_1000&period=2020&regency=5107&by=actor&actor=lsm
(each optional; by=barrier&barrier=kur_agunan,kur_persyaratan for recommendations by barrier).
"""

import pandas as pd
import streamlit as st

from bali_umkm import briefing, ui
from bali_umkm import interventions as iv
from bali_umkm.export import briefing_pdf, briefing_pptx, deck_layout
from bali_umkm.i18n import LANGS, t

lang = ui.lang()
st.title(t("briefing.title", lang))
st.write(t("briefing.intro", lang))
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def url_list(key: str, param: str, valid: tuple[str, ...]) -> str:
    """A multiselect's state from the widget, the other language's widget or the URL (a comma list)."""
    wkey = ui.widget_key(key)
    if wkey not in st.session_state:
        if key not in st.session_state:
            wanted = (st.query_params.get(param) or "").split(",")
            st.session_state[key] = [v for v in dict.fromkeys(wanted) if v in valid]
        st.session_state[wkey] = list(st.session_state[key])
    return wkey


# --- what goes into the deck ---------------------------------------------------------------------
st.subheader(t("briefing.choose_title", lang))
pick = ui.map_picker("br", briefing.DEFAULT_METRIC)
deck_lang_key = ui.url_state("br_deck_lang", "deck", list(LANGS), lang)
by_key = ui.url_state("br_by", "by", ["actor", "barrier"], "actor")
actor_key = url_list("br_actor", "actor", iv.actor_ids())
barrier_key = url_list("br_barrier", "barrier", iv.barrier_ids())

c1, c2, c3 = st.columns(3, gap="medium")
with c1:
    deck_lang = st.radio(t("briefing.pick_lang", lang), list(LANGS), key=deck_lang_key, horizontal=True,
                         format_func=lambda c: {"id": "Bahasa Indonesia", "en": "English"}[c])
    regency_box = st.container()
with c2:
    metric, derived, period, regency = pick.draw(lang, "briefing", metric=st, derived=st, period=st,
                                                 regency=regency_box)
with c3:
    by = st.radio(t("briefing.pick_by", lang), ["actor", "barrier"], key=by_key, horizontal=True,
                  format_func=lambda b: t(f"briefing.by_{b}", lang))
    if by == "actor":
        chosen = st.multiselect(t("briefing.pick_actor", lang), iv.actor_ids(), key=actor_key,
                                format_func=lambda a: iv.actor_label(a, lang),
                                placeholder=t("briefing.pick_actor_placeholder", lang))
        ui.remember("br_actor", chosen)
    else:
        chosen = st.multiselect(t("briefing.pick_barrier", lang), iv.barrier_ids(), key=barrier_key,
                                format_func=lambda b: iv.barrier_label(b, lang, tagged=True),
                                placeholder=t("briefing.pick_barrier_placeholder", lang))
        ui.remember("br_barrier", chosen)
    st.caption(t("briefing.pick_default_actor", lang))
for key, value in (("br_deck_lang", deck_lang), ("br_by", by)):
    ui.remember(key, value)
actors = st.session_state["br_actor"] if by == "actor" else []
barriers = st.session_state["br_barrier"] if by == "barrier" else []
ui.sync_url({"deck": deck_lang if deck_lang != lang else None, "metric": metric, "derived": derived,
             "period": period, "regency": regency, "by": by, "actor": ",".join(actors),
             "barrier": ",".join(barriers)})

try:
    opts = briefing.options(lang=deck_lang, metric=metric, derived=derived, period=period, regency=regency or None,
                            actor=actors, barrier=barriers)
    deck = briefing.build(opts)
except briefing.BriefingError as exc:
    st.error(t("briefing.error", lang, error=ui.escape_md(str(exc))))
    st.stop()

# --- the deck, slide by slide (laid out as the files will be, without drawing the charts) -----------
pages = deck_layout.outline(deck)
st.subheader(t("briefing.outline_title", lang, n=len(pages)))
st.dataframe(pd.DataFrame({
    t("briefing.outline_col_n", lang): range(1, len(pages) + 1),
    t("briefing.outline_col_title", lang): [p.title for p in pages],
    t("briefing.outline_col_content", lang): [" · ".join(v.title for v in p.slide.charts) for p in pages],
    t("briefing.outline_col_source", lang): [p.footer for p in pages],
}), hide_index=True, width="stretch", height=ui.table_height(len(pages)))
st.caption(t("briefing.outline_sources", lang, n=len(deck.datasets)))

# --- downloads (made when clicked) ----------------------------------------------------------------
st.subheader(t("briefing.download_title", lang))
ui.downloads([
    (t("briefing.download_pptx", lang), lambda: briefing_pptx.to_pptx(deck), f"{deck.file_stem}.pptx", PPTX_MIME),
    (t("briefing.download_pdf", lang), lambda: briefing_pdf.to_pdf(deck), f"{deck.file_stem}.pdf", "application/pdf"),
], key="br_dl")
st.caption(t("briefing.download_note", lang) + " " + t("briefing.download_help", lang))
command = " ".join(["python -m bali_umkm briefing", f"--out {deck.file_stem}.pptx", f"--lang {deck_lang}",
                    f"--metric {metric}", *([f"--derived {derived}"] if derived else []),
                    *([f"--period {period}"] if period else []), *([f"--regency {regency}"] if regency else []),
                    *([f"--actor {','.join(actors)}"] if actors else []),
                    *([f"--barrier {','.join(barriers)}"] if barriers else [])])
st.caption(t("briefing.cli_hint", lang))
st.code(command, language="bash", wrap_lines=True)
