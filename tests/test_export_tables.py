import io

import pandas as pd

from bali_umkm.export.tables import neutralise, to_csv_bytes


def test_formula_cells_are_neutralised():
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise("+1") == "'+1" and neutralise("@x") == "'@x" and neutralise("-2") == "'-2"
    assert neutralise("Badung") == "Badung" and neutralise(-2) == -2


def test_csv_has_bom_source_column_and_keeps_numbers():
    df = pd.DataFrame({"regency": ["=cmd", "Bangli"], "value": [-1.5, 2]})
    data = to_csv_bytes(df, source_line="Sumber: BPS")
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["regency"].tolist() == ["'=cmd", "Bangli"]
    assert back["value"].tolist() == [-1.5, 2]
    assert back["source"].unique().tolist() == ["Sumber: BPS"]
