"""A SYNTHETIC business registry for benchmarks and tests: no real business is in it.

One row per made-up business: regency (in the many spellings real files use), scale, KBLI code,
e-commerce yes/no, KUR yes/no, a made-up 13-digit NIB, and a year. The mix of scales roughly
follows the shape of the paper's 2023 split, only so that the counts look plausible; the numbers
mean nothing. Written with pyarrow in blocks, so millions of rows take seconds and little memory.
Used only by bench/ and tests/.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

REGENCY_FORMS = [
    ["Kabupaten Jembrana", "JEMBRANA", "5101"], ["Kab. Tabanan", "TABANAN", "51.02"],
    ["Kabupaten Badung", "Badung", "5103"], ["Kab Gianyar", "GIANYAR", "5104"],
    ["Klungkung", "KABUPATEN KLUNGKUNG", "5105"], ["Bangli", "Kab. Bangli", "5106"],
    ["Kab. Karang Asem", "Karangasem", "5107"], ["Buleleng", "KABUPATEN BULELENG", "5108"],
    ["KOTA DENPASAR", "Kota Denpasar", "5171"],
]
CODES = ["5101", "5102", "5103", "5104", "5105", "5106", "5107", "5108", "5171"]
REGENCY_WEIGHTS = np.array([0.06, 0.10, 0.13, 0.12, 0.05, 0.05, 0.12, 0.17, 0.20])
SCALES = np.array(["Mikro", "mikro", "Usaha Kecil", "Menengah"])
SCALE_WEIGHTS = np.array([0.60, 0.30, 0.084, 0.016])
SCALE_NORMAL = np.array(["mikro", "mikro", "kecil", "menengah"])
KBLI = np.array(["47111", "47191", "56101", "10792", "01111", "13121", "96021", "55130", "45201", "G", "43"])
KBLI_WEIGHTS = np.array([0.22, 0.10, 0.18, 0.08, 0.07, 0.06, 0.07, 0.05, 0.05, 0.06, 0.06])
FLAGS_YES = np.array(["ya", "Ya", "Y", "1"])
FLAGS_NO = np.array(["tidak", "Tidak", "N", "0"])
HEADER = ["kabupaten_kota", "skala_usaha", "kbli", "ecommerce", "penerima_kur", "nib", "tahun"]


def generate(n: int, seed: int = 7, start: int = 0) -> dict[str, np.ndarray]:
    """n synthetic businesses as arrays (regency spelled variously, plus the true code)."""
    rng = np.random.default_rng(seed + start)
    reg = rng.choice(len(CODES), size=n, p=REGENCY_WEIGHTS)
    form = rng.integers(0, 3, size=n)
    names = np.array(REGENCY_FORMS, dtype=object)[reg, form]
    scale_idx = rng.choice(len(SCALES), size=n, p=SCALE_WEIGHTS)
    ecom = rng.random(n) < 0.55
    kur = rng.random(n) < 0.22
    yes_no_pick = rng.integers(0, 4, size=n)
    nib = (10**12 + 7 * (np.arange(start, start + n, dtype=np.int64))).astype(str)
    return {
        "kabupaten_kota": names.astype(str),
        "skala_usaha": SCALES[scale_idx],
        "kbli": KBLI[rng.choice(len(KBLI), size=n, p=KBLI_WEIGHTS)],
        "ecommerce": np.where(ecom, FLAGS_YES[yes_no_pick], FLAGS_NO[yes_no_pick]),
        "penerima_kur": np.where(kur, FLAGS_YES[yes_no_pick], FLAGS_NO[yes_no_pick]),
        "nib": nib,
        "tahun": np.full(n, "2024"),
        "_code": np.array(CODES)[reg],
        "_scale": SCALE_NORMAL[scale_idx],
        "_ecommerce": ecom,
        "_kur": kur,
    }


def write(path: Path, n: int, seed: int = 7, block: int = 500_000, delimiter: str = ",") -> Path:
    """Write n rows to a CSV file in blocks; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pacsv.CSVWriter(str(path), pa.schema([(h, pa.string()) for h in HEADER]),
                         write_options=pacsv.WriteOptions(delimiter=delimiter, quoting_style="none")) as writer:
        for start in range(0, n, block):
            cols = generate(min(block, n - start), seed, start)
            writer.write_table(pa.table({h: cols[h] for h in HEADER}))
    return path
