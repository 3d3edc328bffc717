"""Impor Data / Import data: login, upload, report, columns and indicators (the mapping step, with
the rows it gives), preview, confirm; version history with rollback.

Needs a login (auth.py): OIDC via st.login when secrets.toml has [auth], else a password whose
salted hash is in [import] password_hash; with neither it explains how and imports nothing.
Text from the uploaded file is shown only through st.dataframe or escaped Markdown.
"""

import hashlib

import streamlit as st

from bali_umkm import auth, cache, catalog, importer, store, ui
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
        decision = auth.oidc_decision(cfg, st.user.to_dict())
        if decision == "ok":
            st.sidebar.button(t("import.logout", lang), key="imp_logout", on_click=st.logout)
            return email
        st.error(t(f"import.oidc_{decision}", lang, email=ui.escape_md(email)))
        st.button(t("import.logout", lang), key="imp_logout_denied", on_click=st.logout)
        return None
    if st.session_state.get("imp_user"):
        if not st.sidebar.button(t("import.logout", lang), key="imp_logout"):
            return st.session_state["imp_user"]
        st.session_state.pop("imp_user", None)
    address = auth.client_address(st.context.ip_address, st.context.headers)
    try:
        gate = auth.login_gate(address)  # shared by every tab and server process (the store's database)
    except store.StoreError as exc:  # no database, no count of tries: no login
        st.error(str(exc))
        return None
    if gate.locked:
        st.error(t("import.too_many_attempts", lang, minutes=max(1, round(gate.wait / 60))))
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
        elif (attempt := auth.try_password(password, cfg, address)).ok:
            st.session_state["imp_user"] = name.strip()
            box.empty()
            st.sidebar.button(t("import.logout", lang), key="imp_logout")
            if auth.needs_rehash(cfg.password_hash):
                st.sidebar.warning(t("import.old_hash", lang))
            return name.strip()
        else:
            if attempt.checked:
                st.error(t("import.wrong_password", lang))
            gate = attempt.gate
    if gate.locked:
        st.error(t("import.too_many_attempts", lang, minutes=max(1, round(gate.wait / 60))))
    elif not gate.open:
        st.warning(t("import.wait_before_retry", lang, seconds=max(1, round(gate.wait))))
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
st.caption(t("import.templates", lang))
tpl_kind = kind if kind != "auto" else st.selectbox(  # part of the form: which template to download
    t("import.template_kind", lang), views.template_kinds(), key="imp_tpl_kind",
    format_func=lambda k: t(f"import.kind_{k}", lang))
tpl = templates.templates()[tpl_kind]
c1, c2 = st.columns(2)
c1.download_button(t("import.template_csv", lang), templates.csv_bytes(tpl), file_name=f"{tpl_kind}.csv",
                   mime="text/csv", key="imp_tpl_csv")
c2.download_button(t("import.template_xlsx", lang), templates.xlsx_bytes(tpl), file_name=f"{tpl_kind}.xlsx",
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


def store_error(exc: store.StoreError) -> None:
    """A store that is busy or cannot be reached: one clear message, never a traceback."""
    st.error(t("import.busy" if isinstance(exc, store.StoreBusy) else "import.store_error", lang))


def checked_for(data: bytes, name: str, mapping: dict[str, str]) -> importer.Checked:
    """importer.check, once per file, kind, year, period and mapping (kept in the session). Stops
    the page with a message while the store refuses to stage or discard raw records."""
    key = (hashlib.sha256(data).hexdigest(), kind, int(year), period, bool(keep_raw), tuple(sorted(mapping.items())))
    done = st.session_state.setdefault("imp_checked_files", {})
    if key not in done:
        try:
            for old_key in list(done):
                importer.discard_raw(done[old_key])  # personal data: never left lying around
                del done[old_key]  # kept until discarded, so the next run tries again
            shown = ui.escape_md(name)
            with st.status(t("import.checking", lang, name=shown)) as box:
                checked = importer.check(data, kind, name, year=int(year) or None, period=period or None,
                                         keep_raw=bool(keep_raw), max_bytes=limit_mb * 2**20,
                                         mapping=mapping or None)
                box.update(label=t("import.checked_ok", lang, name=shown, rows=fmt_number(len(checked.rows), lang))
                           if checked.report.ok else t("import.checked_errors", lang, name=shown),
                           state="complete" if checked.report.ok else "error")
            done[key] = checked
        except store.StoreError as exc:
            store_error(exc)
            st.stop()
    return done[key]


saved = st.session_state.get("imp_saved")  # (file sha256, version) of the last file stored here
if upload is not None and saved and saved[0] == hashlib.sha256(upload.getvalue()).hexdigest():
    st.success(t("import.saved", lang, version=saved[1]))
elif upload is not None:
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:12]
    guessed = checked_for(data, upload.name, {})
    # the user's choices in the mapping step (below; a form tied to this file) that differ from the guess
    guesses = views.mapping_guesses(guessed)
    chosen = {letter: st.session_state[f"imp_map_{digest}_{letter}"] for letter in guesses
              if f"imp_map_{digest}_{letter}" in st.session_state}
    mapping = views.mapping_changes(guesses, chosen)
    checked = checked_for(data, upload.name, mapping) if mapping else guessed

    # ---- 2. report -------------------------------------------------------------------------
    st.subheader(t("import.step_report", lang))
    info = checked.info
    if info:
        what = ", ".join(f"{k}={v}" for k, v in info.items() if k in ("format", "encoding", "delimiter", "sheet",
                                                                       "businesses", "layout"))
        st.caption(t("import.read_as", lang, what=ui.escape_md(what)))
    if not checked.report.ok:
        st.error(t("import.report_errors", lang, n=len(checked.report.errors)))
    elif checked.ok:
        st.success(t("import.report_ok", lang, rows=fmt_number(len(checked.rows), lang)))
    if checked.report.issues:
        st.dataframe(checked.report.frame(lang), hide_index=True, width="stretch", key="imp_report",
                     column_config={t("importer.col_message", lang): st.column_config.TextColumn(width="large")})

    # ---- 3. columns and indicators: what each column was read as; change it; the rows -------
    if guessed.info.get("columns"):
        st.subheader(t("import.step_mapping", lang))
        st.caption(t("import.map_intro", lang))
        st.dataframe(views.mapping_table(checked, lang), hide_index=True, width="stretch", key="imp_map_table")
        choices = views.metric_choices(lang)
        with st.expander(t("import.map_change", lang), expanded=bool(mapping) or not checked.ok):
            for col in views.mappable_columns(guessed):
                st.selectbox(ui.escape_md(f"{col['letter']} · {col['label']}"), list(choices),
                             index=list(choices).index(guesses[col["letter"]]) if guesses[col["letter"]] in choices
                             else 0, key=f"imp_map_{digest}_{col['letter']}", format_func=choices.get,
                             help=ui.escape_md(" · ".join(col["samples"])) or None)
        if mapping:
            st.caption(t("import.map_cli", lang, args=ui.escape_md(views.map_cli_args(mapping))))
        if not checked.rows.empty:
            st.markdown(f"**{t('import.map_rows', lang, n=fmt_number(len(checked.rows), lang))}**")
            st.dataframe(views.rows_preview(checked, lang), hide_index=True, width="stretch", key="imp_map_rows")

    if checked.ok:
        # ---- 4. preview ----------------------------------------------------------------------
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

        # ---- 5. confirm ----------------------------------------------------------------------
        st.subheader(t("import.step_confirm", lang))
        sure = st.checkbox(t("import.confirm_check", lang), key="imp_sure")
        # while storing, no button to press again (ui.start_button); the status says what is done
        if ui.start_button(t("import.confirm", lang), key="imp_confirm", disabled=not sure, type="primary"):
            rows = fmt_number(len(checked.rows), lang)
            try:
                with ui.working(t("import.storing", lang, rows=rows)) as box:
                    version = importer.commit(checked, uploader=uploader, source=source, licence=licence,
                                              trust=trust, notes=notes, in_store=the_store, wait=10)
                    box.update(label=t("import.stored", lang, rows=rows))
            except store.StoreError as exc:
                store_error(exc)
            else:
                cache.pin()  # the rest of this run shows the new version too
                st.session_state.pop("imp_checked_files", None)
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
                with st.spinner(t("import.rolling_back", lang, target=target)):
                    made = the_store.rollback(target, uploader=uploader, wait=10)
            except store.StoreError as exc:
                store_error(exc)
            else:
                cache.pin()
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
