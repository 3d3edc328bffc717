import pandas as pd

from bali_umkm.charts import series


def test_by_source_draws_every_source_beside_the_main_one():
    df = pd.DataFrame({"year": [2022, 2023, 2023, 2023], "value": [440_609.0, 439_382.0, 439_382.0, 442_848.0],
                       "source": ["Diskop", "Diskop", "Paper", "DPR"], "label": ["440.609", "439.382", "", "442.848"]})
    spec = series.by_source(df, title="T", unit_label="unit usaha", lang="id", main="Diskop").to_dict()
    layers = spec["layer"]
    points = [lyr for lyr in layers if lyr["mark"]["type"] == "point"]
    assert len(points) == 3  # one per source
    assert [p["mark"].get("xOffset") for p in points] == [0, -15, 15]  # the repeat stays visible
    assert points[0]["encoding"]["shape"]["scale"]["domain"] == ["Diskop", "Paper", "DPR"]
    texts = [lyr for lyr in layers if lyr["mark"]["type"] == "text"]
    assert texts[0]["mark"]["dy"] < 0 and texts[2]["mark"]["align"] == "left"
    assert spec["title"]["subtitle"][0] == "unit usaha"
    assert spec["config"]["locale"]["number"]["decimal"] == ","
