"""The store never loses anything, on SQLite and on PostgreSQL: versions in one transaction,
rollback as a new version, kill -9 and concurrency with real processes, imported figures reaching
the catalogue without a restart, raw registry records only inside the store."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from conftest import ROOT
from importer_files import csv_bytes, kur_csv, umkm_long

from bali_umkm import catalog, importer, quality, store
from bali_umkm.store import db, raw, schema

REGENCIES9 = ["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung", "Bangli", "Karangasem", "Buleleng", "Denpasar"]


@pytest.fixture
def st(backend):
    return store.Store()


def umkm_file(value=100, year=2024):
    return umkm_long([(name, year, "jumlah", value + i) for i, name in enumerate(REGENCIES9)])


def do_import(st, data, kind="umkm", source="Diskop UKM Bali", name="t.csv", **kw):
    checked = importer.check(data, kind, name)
    assert checked.ok, checked.report.text("en")
    return importer.commit(checked, uploader="tester", source=source, in_store=st, **kw)


def test_columns_match_the_catalogue():
    assert store.COLUMNS == catalog.COLUMNS


def test_import_makes_an_immutable_version_with_a_full_manifest(st):
    v = do_import(st, umkm_file(), licence="CC BY 4.0", trust="high")
    assert v.name == "v000001" and st.version(1) == v and st.version("v000001") == v
    m = v.manifest
    for key in ("created", "uploader", "file_name", "sha256", "rows", "kind", "source"):
        assert m[key], key
    assert m["rows"] == 9 and m["total_rows"] == 9 and m["kind"] == "umkm" and m["raw_kept"] is False
    assert m["summary"] == {"new": 9, "changed": 0, "unchanged": 0}
    rec = st.datasets()[0]
    assert rec["id"] == "import_v000001" and rec["producer"] == "Diskop UKM Bali" and rec["trust"] == "high"
    assert rec["licence"] == "CC BY 4.0" and rec["uploader"] == "tester" and rec["file_name"] == "t.csv"
    rows = st.rows()
    assert list(rows.columns) == [*store.COLUMNS, "source_key"] and str(rows["year"].dtype) == "Int64"
    assert sorted(rows["value"]) == list(range(100, 109)) and set(rows["source_key"]) == {"diskop ukm bali"}


def test_reimport_from_the_same_source_replaces_other_sources_sit_side_by_side(st):
    do_import(st, umkm_file(100))
    v2 = do_import(st, umkm_file(200))
    assert v2.manifest["summary"] == {"new": 0, "changed": 9, "unchanged": 0}
    rows = st.rows()
    assert len(rows) == 9 and set(rows["dataset"]) == {"import_v000002"}
    v3 = do_import(st, umkm_file(200), source="BPS Bali")
    assert v3.manifest["summary"]["new"] == 9 and len(st.rows()) == 18
    assert {r["id"] for r in st.datasets()} == {"import_v000002", "import_v000003"}  # v1's rows all replaced
    assert len(st.rows(st.version(1))) == 9  # older versions stay readable as they were


def test_rollback_is_a_new_version_and_nothing_is_deleted(st):
    do_import(st, umkm_file(100))
    do_import(st, umkm_file(200))
    v3 = st.rollback("v000001", uploader="admin")
    assert v3.name == "v000003" and v3.manifest["rolled_back_to"] == "v000001"
    assert [v.name for v in st.versions()] == ["v000001", "v000002", "v000003"]
    assert st.active() == v3 and st.rows()["value"].min() == 100
    diff = st.diff("v000002", "v000003")
    assert (diff["status"] == "changed").sum() == 9 and set(diff["value_new"]) == set(range(100, 109))
    assert (st.diff(None, "v000001")["status"] == "new").sum() == 9
    with pytest.raises(store.StoreError):
        st.rollback("v000099")
    with pytest.raises(store.StoreError):
        st.version("latest")


def test_commit_refuses_a_file_with_errors(st):
    checked = importer.check(b"", "umkm", "x.csv")
    with pytest.raises(store.StoreError):
        importer.commit(checked, uploader="x", in_store=st)
    assert st.versions() == []


def test_imported_rows_reach_the_catalogue_and_checks_without_a_restart(st):
    before = len(catalog.figures())
    assert catalog.data_key() is None
    lines = kur_csv()
    lines.append("Jumlah;2024;2.900.000;13.634")  # a totals row that disagrees with its regencies
    do_import(st, csv_bytes(lines), kind="kur", source="OJK Regional 8")
    assert catalog.data_key() == (st.url, "v000001")
    figs = catalog.figures()
    assert len(figs) == before + 20
    ds = catalog.dataset("import_v000001")
    assert ds.kind == "imported" and ds.producer == "OJK Regional 8" and ds.trust == "medium"
    assert "Sumber: OJK Regional 8" in catalog.source_line("import_v000001")
    s = catalog.series("kur_disbursed_value", level="regency", year=2024)
    assert len(s) == 9 and s["source"].eq("OJK Regional 8").all()
    checks = quality.sum_checks()
    mine = checks[checks["parts_datasets"] == "import_v000001"]
    assert (mine["status"] == "mismatch").any()  # the file's own totals row is checked on the data page
    assert any(d.id == "import_v000001" for d in catalog.datasets())
    # a second import shows at once (caches are keyed on the store's newest version)
    do_import(st, umkm_file(300), source="Diskop")
    assert len(catalog.figures()) == before + 29
    st.rollback(1)
    assert len(catalog.figures()) == before + 20


def test_the_active_key_is_asked_once_a_second_and_own_writes_are_seen_at_once(tmp_path, monkeypatch):
    root = tmp_path / "s"
    st = store.Store(root)
    assert store.active_key(root) is None
    do_import(st, umkm_file())  # this process's write: seen at once
    assert store.active_key(root) == (st.url, "v000001")
    with st.engine.begin() as conn:  # another process's version, written behind this one's back
        conn.execute(schema.versions.insert().values(number=2, created="2026-12-03T00:00:00Z", action="import",
                                                     manifest={"action": "import"}, datasets=[]))
    assert store.active_key(root) == (st.url, "v000001")  # within KEY_TTL: the answer already read
    monkeypatch.setattr(store, "KEY_TTL", 0.0)
    assert store.active_key(root) == (st.url, "v000002")


def test_the_database_comes_from_the_settings(tmp_path, monkeypatch):
    monkeypatch.delenv("BALI_UMKM_DATABASE_URL", raising=False)
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "elsewhere"))
    st = store.Store()
    assert st.root == tmp_path / "elsewhere" and st.url == f"sqlite:///{tmp_path / 'elsewhere' / 'store.sqlite3'}"
    monkeypatch.delenv("BALI_UMKM_STORE")
    assert store.Store().root == ROOT / "data" / "store"
    monkeypatch.setenv("BALI_UMKM_DATABASE_URL", "postgresql+psycopg://svc@db:5432/bali")
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("BALI_UMKM_DATABASE_PASSWORD_FILE", str(secret))
    st = store.Store()
    assert st.root is None and st.url == "postgresql+psycopg://svc:s3cret@db:5432/bali"
    assert "s3cret" not in st.where and "s3cret" not in repr(st)


def test_reading_a_store_that_was_never_written_creates_nothing(tmp_path):
    st = store.Store(tmp_path / "nothing")
    assert st.versions() == [] and st.active() is None and st.rows().empty and st.datasets() == []
    assert store.active_key(tmp_path / "nothing") is None
    assert not (tmp_path / "nothing").exists()


def test_an_unreachable_database_is_an_oserror_and_the_shipped_data_still_shows(monkeypatch):
    from conftest import _free_port

    url = f"postgresql+psycopg://nobody@127.0.0.1:{_free_port()}/none?connect_timeout=2"
    with pytest.raises(store.StoreUnavailable) as info:
        store.Store(url).latest_name()
    assert isinstance(info.value, OSError) and "nobody@127.0.0.1" in str(info.value)
    monkeypatch.setenv("BALI_UMKM_DATABASE_URL", url)
    assert catalog.data_key() is None and len(catalog.figures()) > 0


def test_the_sqlite_file_is_the_service_accounts_alone_and_never_a_symlink(tmp_path):
    st = store.Store(tmp_path / "s")
    do_import(st, umkm_file())
    assert (tmp_path / "s").stat().st_mode & 0o777 == 0o700
    for name in ("store.sqlite3", "store.sqlite3-wal", "store.sqlite3-shm"):
        assert (tmp_path / "s" / name).stat().st_mode & 0o777 == 0o600, name
    target = tmp_path / "elsewhere.db"
    target.write_bytes(b"")
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "store.sqlite3").symlink_to(target)
    with pytest.raises(store.StoreError, match="symbolic link"):
        store.Store(tmp_path / "linked").versions()
    assert target.read_bytes() == b""  # nothing written through the link


def test_the_migrations_make_exactly_the_declared_schema(st):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(db.alembic_config()).get_current_head() == db.HEAD
    with st.engine.connect() as conn:
        assert db.current_revision(conn) == db.HEAD
        ctx = MigrationContext.configure(conn, opts={"include_schemas": True})
        assert compare_metadata(ctx, schema.metadata_for(conn.dialect.name)) == []


# ---- crash and concurrency: real processes -------------------------------------------------

RUNNER = textwrap.dedent("""
    import pathlib, sys, time
    from bali_umkm import cli, store
    stage, marker, *argv = sys.argv[1:]
    def hook(name):
        if name == stage:
            pathlib.Path(marker).write_text(name)
            time.sleep(60)
    store._hook = hook
    sys.exit(cli.main(argv))
""")


def _env():
    """The test's settings (store folder or database URL) for a child process."""
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "bali_umkm", *args], env=_env(), capture_output=True, text=True,
                          timeout=timeout)


def _stopped_at(stage, marker, *argv):
    """A CLI process stopped (sleeping) at a store stage; returns once it got there."""
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, stage, str(marker), *argv], env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 90
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.time() < deadline
        time.sleep(0.05)
    return proc


def _kill(proc):
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()


@pytest.mark.parametrize("stage", ["rows_written"])  # killed holding only the lock: see the busy test
def test_kill_9_mid_import_leaves_the_previous_state(tmp_path, stage, st):
    do_import(st, umkm_file(100))
    before = st.rows()
    path = tmp_path / "new.csv"
    path.write_bytes(umkm_file(500))
    proc = _stopped_at(stage, tmp_path / "marker", "import", str(path), "--kind", "umkm", "--source",
                       "Diskop UKM Bali")
    _kill(proc)
    # the previous state is intact and readable; no partial version exists
    fresh = store.Store()
    assert [v.name for v in fresh.versions()] == ["v000001"]
    assert fresh.rows().equals(before)
    with fresh.engine.connect() as conn:
        assert conn.execute(schema.rows.select().where(schema.rows.c.version == 2)).first() is None
    assert catalog.figures()["dataset"].eq("import_v000001").sum() == 9
    # the lock died with the process: the next import goes through at once
    again = _cli("import", str(path), "--kind", "umkm", "--source", "Diskop UKM Bali", "--wait", "5")
    assert again.returncode == 0, again.stderr
    assert [v.name for v in st.versions()] == ["v000001", "v000002"] and st.rows()["value"].min() == 500


def test_two_imports_at_once_give_two_versions(tmp_path, st):
    """Both processes also bring a fresh database's schema up at the same moment."""
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(umkm_file(100))
    b.write_bytes(umkm_file(100, year=2023))
    procs = [subprocess.Popen([sys.executable, "-m", "bali_umkm", "import", str(p), "--kind", "umkm", "--source", src,
                               "--wait", "60"], env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for p, src in ((a, "Diskop"), (b, "BPS"))]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    versions = st.versions()
    assert [v.name for v in versions] == ["v000001", "v000002"]
    assert versions[1].manifest["parent"] == "v000001"
    assert len(st.rows()) == 18  # the second built on the first: both imports are active


def test_a_busy_store_is_a_clear_refusal(tmp_path, st):
    do_import(st, umkm_file(100))
    path = tmp_path / "a.csv"
    path.write_bytes(umkm_file(300))
    holder = _stopped_at("locked", tmp_path / "marker", "rollback", "1")
    try:
        out = _cli("import", str(path), "--kind", "umkm", "--wait", "0")
        assert out.returncode == 1 and "another import is running" in out.stderr and "Traceback" not in out.stderr
        with pytest.raises(store.StoreBusy):
            st.rollback(1, wait=0.3)
        assert [v.name for v in st.versions()] == ["v000001"]
        assert st.rows()["value"].min() == 100  # readers are never blocked by the writer
    finally:
        _kill(holder)
    assert st.rollback(1, wait=5).name == "v000002"


# ---- raw registry records ---------------------------------------------------------------------

def _registry(tmp_path, n=300):
    sys.path.insert(0, str(ROOT / "bench"))
    import synth_registry

    return synth_registry.write(tmp_path / "reg.csv", n, seed=5)


def _staged(st):
    b = schema.raw_batches
    with st.engine.connect() as conn:
        return conn.execute(b.select().where(b.c.version.is_(None))).all()


def test_registry_raw_records_are_kept_only_in_the_store_and_only_on_opt_in(tmp_path, st, monkeypatch):
    import tempfile

    monkeypatch.setenv("TMPDIR", str(tmp_path / "systemp"))
    (tmp_path / "systemp").mkdir()
    tempfile.tempdir = None  # let tempfile see TMPDIR
    try:
        path = _registry(tmp_path)
        plain = importer.check(path, "registry")
        assert plain.raw_path is None
        v1 = importer.commit(plain, uploader="t", source="OSS", in_store=st)
        assert v1.manifest["raw_kept"] is False and st.raw_records(v1) is None
        kept = importer.check(path, "registry", keep_raw=True)
        assert len(_staged(st)) == 1  # staged in the database while the admin reads the report
        v2 = importer.commit(kept, uploader="t", source="OSS", in_store=st)
        assert v2.manifest["raw_kept"] is True and _staged(st) == []
        assert list((tmp_path / "systemp").iterdir()) == []  # nothing ever went to the system temp folder
    finally:
        tempfile.tempdir = None
    table = st.raw_records("v000002")
    assert table.num_rows == 300 and "nib" in table.column_names
    assert "KBLI" in catalog.dataset("import_v000002").notes  # the sector mapping travels with the data
    # a checked file that is dropped (another file chosen, a dry run) takes its staged records with it
    dropped = importer.check(path, "registry", keep_raw=True)
    dropped.raw_path.unlink(missing_ok=True)
    assert _staged(st) == [] and st.raw_records("v000002").num_rows == 300


def test_a_busy_store_keeps_the_staged_raw_records_so_a_retry_stores_them(tmp_path, st):
    do_import(st, umkm_file(100))
    path = _registry(tmp_path)
    kept = importer.check(path, "registry", keep_raw=True)
    staged = _staged(st)
    assert kept.ok and len(staged) == 1
    holder = _stopped_at("locked", tmp_path / "marker", "rollback", "1")  # another import holds the lock
    try:
        with pytest.raises(store.StoreBusy):
            importer.commit(kept, uploader="t", source="OSS", in_store=st, wait=0.3)
        assert _staged(st) == staged  # the batch is still there, untouched, for the retry
        assert [v.name for v in st.versions()] == ["v000001"]
    finally:
        _kill(holder)
    version = importer.commit(kept, uploader="t", source="OSS", in_store=st, wait=5)
    assert version.name == "v000002" and version.manifest["raw_kept"] is True and _staged(st) == []
    table = st.raw_records(version)
    assert table.num_rows == 300 and "nib" in table.column_names  # nothing lost: every record arrived
    expected = importer.check(path, "registry").rows["value"].sum()
    assert st.rows(version)["value"].sum() == expected + st.rows(st.versions()[0])["value"].sum()


# PostgreSQL only: on SQLite, staging raw records is itself a write, so a command started while
# another import holds the lock cannot even check the file (it waits for the lock there).
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_an_import_the_command_line_gives_up_takes_its_staged_raw_records_with_it(tmp_path, st):
    do_import(st, umkm_file(100))
    path = _registry(tmp_path, 50)
    holder = _stopped_at("locked", tmp_path / "marker", "rollback", "1")
    try:
        out = _cli("import", str(path), "--kind", "registry", "--keep-raw", "--wait", "0")
        assert out.returncode == 1 and "another import is running" in out.stderr
    finally:
        _kill(holder)
    assert _staged(st) == [] and [v.name for v in st.versions()] == ["v000001"]


def test_staged_raw_records_of_a_dead_process_are_cleaned_at_start_up(tmp_path, st):
    path = _registry(tmp_path, 50)
    marker = tmp_path / "marker"
    child = textwrap.dedent(f"""
        import pathlib, time
        from bali_umkm import importer
        importer.check({str(path)!r}, "registry", keep_raw=True)
        pathlib.Path({str(marker)!r}).write_text("staged")
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", child], env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 90
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.time() < deadline
        time.sleep(0.05)
    assert len(_staged(st)) == 1
    assert raw.clean_abandoned(st.engine) == 0  # its process still runs: kept
    _kill(proc)
    db.forget(st.url)  # this process "starts" again: a new engine cleans up
    assert _staged(store.Store()) == []
    # a batch staged on another machine is left until it is old
    other = raw.RawBatch(st.engine)
    with st.engine.begin() as conn:
        conn.execute(schema.raw_batches.update().where(schema.raw_batches.c.token == other.token)
                     .values(owner="another-host:1:1"))
    assert raw.clean_abandoned(st.engine) == 0
    assert raw.clean_abandoned(st.engine, now=time.time() + raw.ABANDONED_AFTER + 1) == 1


def test_postgres_raw_records_are_out_of_reach_of_other_roles(pg_server, pg_database, tmp_path):
    """A read-only role granted every public table still cannot read the raw records."""
    st = store.Store(pg_database)
    kept = importer.check(_registry(tmp_path, 20), "registry", keep_raw=True)
    importer.commit(kept, uploader="t", source="OSS", in_store=st)
    name = pg_database.rsplit("/", 1)[1]
    role = f"analyst_{name}"
    pg_server.sql(f"CREATE ROLE {role} LOGIN")
    try:
        pg_server.sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", database=name)
        assert pg_server.sql("SELECT count(*) FROM store_versions", database=name, user=role) == [(1,)]
        import psycopg

        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pg_server.sql(f"SELECT count(*) FROM {schema.PRIVATE}.store_raw_chunks", database=name, user=role)
    finally:
        pg_server.sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}", database=name)
        pg_server.sql(f"DROP ROLE {role}")


def test_manifests_and_records_are_json_with_room_for_new_keys(st):
    rows = importer.check(umkm_file(), "umkm", "t.csv").tidy(source="X")
    v = st.commit_import(rows, {"source": "X", "uploader": "u", "file_name": "t.csv", "sha256": "0" * 64,
                                "title": {"id": "Judul", "en": "Title"}, "notes": "catatan kaki"})
    json.dumps(v.manifest)
    [rec] = st.datasets()
    assert rec["title"] == {"id": "Judul", "en": "Title"} and rec["notes"] == "catatan kaki"
