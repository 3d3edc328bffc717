"""Impor Data / Import data: login, upload, report, preview, confirm; version history with rollback.

Needs a login (auth.py): OIDC via st.login when secrets.toml has [auth], else a password whose
salted hash is in [import] password_hash; with neither it explains how and imports nothing.
Text from the uploaded file is shown only through st.dataframe or escaped Markdown.
"""

import hashlib

import streamlit as st

from bali_umkm import auth, catalog, importer, store, ui
from bali_umkm.i18n import fmt_number, t
from bali_umkm.importer import templates, views
from bali_umkm.importer.reader import MAX_BYTES

lang = ui.lang()
ps = ui.page_state("imp", views.url_params())
st.title(t("import.title", lang))
st.write(t("import.intro", lang))


def _streamlit_secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml at all is the normal case of a public site
        return {}


def login() -> str | None:
    """The uploader's name once logged in; otherwise draws the login (or the how-to) and returns None."""
    cfg = auth.config(auth.read_secrets(_streamlit_secrets()))
    if cfg.mode == "none":
        st.warning(t("import.no_login", lang))
        st.markdown(t("import.no_login_howto", lang))
        return None
    if cfg.mode == "oidc":
        if not st.user.is_logged_in:
            st.button(t("import.oidc_login", lang), key="imp_oidc_login", on_click=st.login)
            return None
        email = str(st.user.get("email", "") or "")
        if not cfg.allowed_emails:
            st.error(t("import.oidc_no_list", lang))
        elif not auth.email_allowed(cfg, email):
            st.error(t("import.oidc_not_allowed", lang, email=ui.escape_md(email)))
        else:
            st.sidebar.button(t("import.logout", lang), key="imp_logout", on_click=st.logout)
            return email
        st.button(t("import.logout", lang), key="imp_logout_denied", on_click=st.logout)
        return None
    if st.session_state.get("imp_user"):
        if not st.sidebar.button(t("import.logout", lang), key="imp_logout"):
            return st.session_state["imp_user"]
        st.session_state.pop("imp_user", None)
    if st.session_state.get("imp_attempts", 0) >= auth.MAX_ATTEMPTS:
        st.error(t("import.too_many_attempts", lang))
        return None
    box = st.empty()  # the form disappears once logged in (no st.rerun: it would lose page state)
    with box.form("imp_login_form"):
        st.subheader(t("import.login_title", lang))
        name = st.text_input(t("import.your_name", lang), key="imp_name")
        password = st.text_input(t("import.password", lang), type="password", key="imp_password")
        submitted = st.form_submit_button(t("import.login", lang))
    if submitted:
        if not name.strip():
            st.error(t("import.name_required", lang))
        elif auth.verify_password(password, cfg.password_hash):
            st.session_state["imp_user"] = name.strip()
            st.session_state.pop("imp_attempts", None)
            box.empty()
            st.sidebar.button(t("import.logout", lang), key="imp_logout")
            return name.strip()
        else:
            st.session_state["imp_attempts"] = st.session_state.get("imp_attempts", 0) + 1
            st.error(t("import.wrong_password", lang))
    return None


uploader = login()
if uploader is None:
    st.stop()
st.caption(t("import.logged_in_as", lang, name=ui.escape_md(uploader)))
the_store = store.Store()

# ---- 1. upload ---------------------------------------------------------------------------
st.subheader(t("import.step_upload", lang))
ui.url_notes(ps)
kind = ps.selectbox("kind", t("import.kind", lang), format_func=lambda k: t(f"import.kind_{k}", lang))
tpl = templates.templates()[kind]
st.caption(t("import.templates", lang))
c1, c2 = st.columns(2)
c1.download_button(t("import.template_csv", lang), templates.csv_bytes(tpl), file_name=f"{kind}.csv",
                   mime="text/csv", key="imp_tpl_csv")
c2.download_button(t("import.template_xlsx", lang), templates.xlsx_bytes(tpl), file_name=f"{kind}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="imp_tpl_xlsx")
limit_mb = int(st.get_option("server.maxUploadSize") or MAX_BYTES // 2**20)
upload = st.file_uploader(t("import.file", lang), type=["csv", "txt", "xlsx", "parquet"], key="imp_file",
                          help=t("import.limit", lang, mb=limit_mb))
st.caption(t("import.limit", lang, mb=limit_mb))
m1, m2 = st.columns(2)
source = m1.text_input(t("import.source", lang), key="imp_source", help=t("import.source_help", lang))
licence = m2.text_input(t("import.licence", lang), key="imp_licence")
m3, m4, m5 = st.columns(3)
trust = m3.selectbox(t("import.trust", lang), catalog.TRUST_LEVELS, index=1, key="imp_trust",
                     format_func=lambda x: catalog.trust_word(x, lang))
year = m4.number_input(t("import.year", lang), min_value=0, max_value=2100, value=0, step=1, key="imp_year")
period = m5.text_input(t("import.period", lang), key="imp_period")
notes = st.text_area(t("import.notes", lang), key="imp_notes", height=68)
keep_raw = kind == "registry" and st.checkbox(t("import.keep_raw", lang), key="imp_keep_raw")

saved = st.session_state.get("imp_saved")  # (file sha256, version) of the last file stored here
if upload is not None and saved and saved[0] == hashlib.sha256(upload.getvalue()).hexdigest():
    st.success(t("import.saved", lang, version=saved[1]))
elif upload is not None:
    data = upload.getvalue()
    key = (hashlib.sha256(data).hexdigest(), kind, int(year), period, bool(keep_raw))
    cached = st.session_state.get("imp_checked")
    if cached is None or cached[0] != key:
        if cached is not None and cached[1].raw_path is not None:
            cached[1].raw_path.unlink(missing_ok=True)  # personal data: never left lying around
        checked = importer.check(data, kind, upload.name, year=int(year) or None, period=period or None,
                                 keep_raw=bool(keep_raw), max_bytes=limit_mb * 2**20)
        st.session_state["imp_checked"] = (key, checked)
    checked = st.session_state["imp_checked"][1]

    # ---- 2. report -------------------------------------------------------------------------
    st.subheader(t("import.step_report", lang))
    info = checked.info
    if info:
        what = ", ".join(f"{k}={v}" for k, v in info.items() if k in ("format", "encoding", "delimiter", "sheet",
                                                                       "businesses"))
        st.caption(t("import.read_as", lang, what=ui.escape_md(what)))
    if not checked.report.ok:
        st.error(t("import.report_errors", lang, n=len(checked.report.errors)))
    elif checked.ok:
        st.success(t("import.report_ok", lang, rows=fmt_number(len(checked.rows), lang)))
    if checked.report.issues:
        st.dataframe(checked.report.frame(lang), hide_index=True, width="stretch", key="imp_report",
                     column_config={t("importer.col_message", lang): st.column_config.TextColumn(width="large")})

    if checked.ok:
        # ---- 3. preview ----------------------------------------------------------------------
        st.subheader(t("import.step_preview", lang))
        prev = importer.preview(checked, source=source, in_store=the_store)
        k1, k2, k3 = st.columns(3)
        k1.metric(t("import.count_new", lang), fmt_number(prev.counts["new"], lang))
        k2.metric(t("import.count_changed", lang), fmt_number(prev.counts["changed"], lang))
        k3.metric(t("import.count_unchanged", lang), fmt_number(prev.counts["unchanged"], lang))
        st.dataframe(views.diff_table(prev.diff, lang), hide_index=True, width="stretch", key="imp_diff")
        st.markdown(f"**{t('import.checks_title', lang)}**")
        if prev.sum_checks.empty:
            st.caption(t("import.checks_none", lang))
        else:
            st.dataframe(views.checks_table(prev.sum_checks, lang), hide_index=True, width="stretch", key="imp_checks")
        st.markdown(f"**{t('import.comparisons_title', lang)}**")
        if prev.comparisons.empty:
            st.caption(t("import.comparisons_none", lang))
        else:
            st.dataframe(views.comparisons_table(prev.comparisons, lang), hide_index=True, width="stretch",
                         key="imp_comparisons")
        st.caption(t("import.summary_change", lang, before=prev.summary_before["sum_mismatches"],
                     after=prev.summary_after["sum_mismatches"], c_before=prev.summary_before["conflicts"],
                     c_after=prev.summary_after["conflicts"]))

        # ---- 4. confirm ----------------------------------------------------------------------
        st.subheader(t("import.step_confirm", lang))
        sure = st.checkbox(t("import.confirm_check", lang), key="imp_sure")
        if st.button(t("import.confirm", lang), key="imp_confirm", disabled=not sure, type="primary"):
            try:
                version = importer.commit(checked, uploader=uploader, source=source, licence=licence, trust=trust,
                                          notes=notes, in_store=the_store, wait=10)
            except store.StoreBusy:
                st.error(t("import.busy", lang))
            else:
                st.session_state.pop("imp_checked", None)
                st.session_state["imp_saved"] = (checked.sha256, version.name)
                st.success(t("import.saved", lang, version=version.name))

# ---- history, rollback, compare ----------------------------------------------------------
st.subheader(t("import.history", lang))
history = st.empty()  # filled after a rollback below, so it shows the new version at once
versions = the_store.versions()
if not versions:
    history.caption(t("import.history_empty", lang))
else:
    names = [v.name for v in reversed(versions)]
    with st.expander(t("import.rollback_title", lang)):
        target = st.selectbox(t("import.rollback_pick", lang), names, key="imp_rb_target")
        rb_sure = st.checkbox(t("import.rollback_check", lang), key="imp_rb_sure")
        if st.button(t("import.rollback", lang), key="imp_rollback", disabled=not rb_sure):
            try:
                made = the_store.rollback(target, uploader=uploader, wait=10)
            except store.StoreBusy:
                st.error(t("import.busy", lang))
            else:
                st.success(t("import.rolled_back", lang, version=made.name, target=target))
                versions = the_store.versions()
                names = [v.name for v in reversed(versions)]
    active = the_store.active()
    with history.container():
        st.dataframe(views.versions_table(versions, active.name if active else None, lang), hide_index=True,
                     width="stretch", key="imp_versions")
    with st.expander(t("import.compare_title", lang)):
        ca, cb = st.columns(2)
        a = ca.selectbox(t("import.compare_a", lang), [*names[1:], names[-1]] if len(names) > 1 else names,
                         key="imp_cmp_a")
        b = cb.selectbox(t("import.compare_b", lang), names, key="imp_cmp_b")
        diff = the_store.diff(a, b)
        counts = {s: int((diff["status"] == s).sum()) for s in ("new", "changed", "removed", "unchanged")}
        st.caption(t("import.compare_counts", lang, **{k: fmt_number(v, lang) for k, v in counts.items()}))
        shown = diff[diff["status"] != "unchanged"]
        st.dataframe(views.diff_table(shown, lang), hide_index=True, width="stretch", key="imp_cmp_table")
