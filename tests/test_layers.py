"""Pages only lay out; page state goes through ui.state. The package's own layers are checked by
import-linter (`lint-imports`, contracts in pyproject.toml), which `make test` runs before pytest."""

import ast
import sys
from pathlib import Path

from conftest import ROOT

PAGES = sorted((ROOT / "pages").glob("*.py"))
SRC = ROOT / "src" / "bali_umkm"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_pages_import_only_streamlit_the_package_and_the_standard_library():
    allowed = {"streamlit", "bali_umkm", *sys.stdlib_module_names}
    for page in [*PAGES, ROOT / "app.py"]:
        assert _imports(page) <= allowed, (page.name, _imports(page) - allowed)  # no pandas, altair... here


def test_only_the_page_state_helper_touches_the_url():
    for path in [*PAGES, *SRC.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if path.parent.name == "ui" and path.name in ("state.py", "page.py"):
            assert "st.query_params" in text
            continue
        assert "st.query_params" not in text, path


def test_every_chart_goes_through_ui_show():
    """st.altair_chart is called in one place, so every chart gets its source line, table view and
    downloads the same way."""
    calls = [p for p in [*PAGES, *SRC.rglob("*.py")] if "st.altair_chart(" in p.read_text(encoding="utf-8")]
    assert calls == [SRC / "ui" / "blocks.py"]


def test_the_layer_contracts_are_declared_and_exhaustive():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = {c["id"]: c for c in config["contracts"]}
    assert contracts["layers"]["exhaustive"] is True
    assert contracts["streamlit"]["allowed_importers"] == ["bali_umkm.ui"]
    declared = {m.strip() for layer in contracts["layers"]["layers"] for m in layer.replace(":", "|").split("|")}
    top = {p.stem for p in SRC.glob("*.py")} | {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    assert top - {"__init__"} == declared


def test_pages_draw_their_choices_through_the_page_state():
    """A page's choices are ps.selectbox(...) etc. (kept in the URL, kept across the language
    switch); only the import page's form (login, file, its metadata) draws plain widgets."""
    widgets = ("selectbox", "multiselect", "radio", "checkbox", "text_input", "number_input", "pills",
               "segmented_control", "slider", "toggle", "text_area")
    direct = {}
    for page in PAGES:
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in widgets
                    and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "ps")):
                direct.setdefault(page.name, []).append(node.func.attr)
    assert set(direct) == {"import.py"}, direct
