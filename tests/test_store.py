"""The store never loses anything: atomic versions, rollback as a new version, crash and
concurrency safety, and imported figures reaching the catalogue without a restart."""

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

REGENCIES9 = ["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung", "Bangli", "Karangasem", "Buleleng", "Denpasar"]


@pytest.fixture
def st(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
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
    assert v.name == "v000001"
    m = json.loads((v.path / "manifest.json").read_text())
    for key in ("created", "uploader", "file_name", "sha256", "rows", "kind", "data_sha256", "source"):
        assert m[key], key
    assert m["rows"] == 9 and m["kind"] == "umkm" and m["summary"] == {"new": 9, "changed": 0, "unchanged": 0}
    assert sorted(p.name for p in v.path.iterdir()) == ["data.parquet", "datasets.json", "manifest.json"]
    rec = st.datasets()[0]
    assert rec["id"] == "import_v000001" and rec["producer"] == "Diskop UKM Bali" and rec["trust"] == "high"
    assert rec["licence"] == "CC BY 4.0" and rec["uploader"] == "tester" and rec["file_name"] == "t.csv"


def test_reimport_from_the_same_source_replaces_other_sources_sit_side_by_side(st):
    do_import(st, umkm_file(100))
    v2 = do_import(st, umkm_file(200))
    assert v2.manifest["summary"] == {"new": 0, "changed": 9, "unchanged": 0}
    rows = st.rows()
    assert len(rows) == 9 and set(rows["dataset"]) == {"import_v000002"}
    v3 = do_import(st, umkm_file(200), source="BPS Bali")
    assert v3.manifest["summary"]["new"] == 9 and len(st.rows()) == 18
    assert {r["id"] for r in st.datasets()} == {"import_v000002", "import_v000003"}  # v1's rows all replaced


def test_rollback_is_a_new_version_and_nothing_is_deleted(st):
    do_import(st, umkm_file(100))
    do_import(st, umkm_file(200))
    v3 = st.rollback("v000001", uploader="admin")
    assert v3.name == "v000003" and v3.manifest["rolled_back_to"] == "v000001"
    assert [v.name for v in st.versions()] == ["v000001", "v000002", "v000003"]
    assert st.rows()["value"].min() == 100
    diff = st.diff("v000002", "v000003")
    assert (diff["status"] == "changed").sum() == 9 and set(diff["value_new"]) == set(range(100, 109))
    assert (st.diff(None, "v000001")["status"] == "new").sum() == 9
    with pytest.raises(store.StoreError):
        st.rollback("v000099")


def test_a_damaged_newest_version_is_skipped(st):
    do_import(st, umkm_file(100))
    v2 = do_import(st, umkm_file(200))
    data = v2.path / "data.parquet"
    data.write_bytes(data.read_bytes()[:-20] + b"\0" * 20)
    assert st.active().name == "v000001" and st.rows()["value"].min() == 100


def test_leftover_temporary_folders_are_ignored_then_cleaned(st):
    do_import(st, umkm_file(100))
    junk = st.tmp_dir / "v000002.999.deadbeef"
    junk.mkdir(parents=True)
    (junk / "data.parquet").write_bytes(b"half a file")
    assert [v.name for v in st.versions()] == ["v000001"]
    do_import(st, umkm_file(200))
    assert not junk.exists() and st.active().name == "v000002"


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


def test_the_store_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "elsewhere"))
    assert store.Store().root == tmp_path / "elsewhere"
    monkeypatch.delenv("BALI_UMKM_STORE")
    assert store.Store().root == ROOT / "data" / "store"


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


def _env(root):
    return {**os.environ, "BALI_UMKM_STORE": str(root), "PYTHONPATH": str(ROOT / "src")}


@pytest.mark.parametrize("stage", ["data_written", "before_rename"])
def test_kill_9_mid_import_leaves_the_previous_state(tmp_path, stage, st):
    do_import(st, umkm_file(100))
    before = st.rows()
    path = tmp_path / "new.csv"
    path.write_bytes(umkm_file(500))
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, stage, str(marker), "import", str(path), "--kind", "umkm",
                             "--source", "Diskop UKM Bali"], env=_env(st.root), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.time() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()
    # the previous state is intact and readable; no partial version exists
    assert [v.name for v in store.Store(st.root).versions()] == ["v000001"]
    assert store.Store(st.root).rows().equals(before)
    assert any(st.tmp_dir.iterdir())  # the dead writer's work folder is left in tmp/
    assert catalog.figures()["dataset"].eq("import_v000001").sum() == 9
    # the lock died with the process: the next import goes through and cleans up
    again = subprocess.run([sys.executable, "-m", "bali_umkm", "import", str(path), "--kind", "umkm", "--source",
                            "Diskop UKM Bali", "--wait", "5"], env=_env(st.root), capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0, again.stderr
    assert [v.name for v in st.versions()] == ["v000001", "v000002"] and not any(st.tmp_dir.iterdir())


def test_two_imports_at_once_give_two_versions(tmp_path, st):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(umkm_file(100))
    b.write_bytes(umkm_file(100, year=2023))
    procs = [subprocess.Popen([sys.executable, "-m", "bali_umkm", "import", str(p), "--kind", "umkm", "--source", src,
                               "--wait", "60"], env=_env(st.root), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for p, src in ((a, "Diskop"), (b, "BPS"))]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    versions = st.versions()
    assert [v.name for v in versions] == ["v000001", "v000002"]
    for v in versions:
        json.loads((v.path / "manifest.json").read_text())
    assert len(st.rows()) == 18  # the second built on the first: both imports are active


def test_a_busy_store_is_a_clear_refusal(tmp_path, st):
    st.root.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import fcntl, os, sys, time
        fd = os.open({str(st.lock_path)!r}, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        print("locked", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        path = tmp_path / "a.csv"
        path.write_bytes(umkm_file())
        out = subprocess.run([sys.executable, "-m", "bali_umkm", "import", str(path), "--kind", "umkm", "--wait", "0"],
                             env=_env(st.root), capture_output=True, text=True, timeout=120)
        assert out.returncode == 1 and "another import is running" in out.stderr and "Traceback" not in out.stderr
        assert st.versions() == []
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_registry_raw_records_are_kept_only_when_the_admin_opts_in(tmp_path, st):
    sys.path.insert(0, str(ROOT / "bench"))
    import synth_registry

    path = synth_registry.write(tmp_path / "reg.csv", 300, seed=5)
    plain = importer.check(path, "registry")
    assert plain.raw_path is None
    v1 = importer.commit(plain, uploader="t", source="OSS", in_store=st)
    assert not (v1.path / "raw.parquet").exists() and v1.manifest["raw_kept"] is False
    kept = importer.check(path, "registry", keep_raw=True)
    raw_tmp = kept.raw_path
    v2 = importer.commit(kept, uploader="t", source="OSS", in_store=st)
    assert (v2.path / "raw.parquet").exists() and v2.manifest["raw_kept"] is True
    assert not raw_tmp.exists()  # the temporary copy of personal data is gone
    import pyarrow.parquet as pq

    raw = pq.read_table(v2.path / "raw.parquet")
    assert raw.num_rows == 300 and "nib" in raw.column_names
    assert "KBLI" in catalog.dataset("import_v000002").notes  # the sector mapping travels with the data
