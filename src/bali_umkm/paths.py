"""Paths built from this file, never from the working directory."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parents[1]
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
GEO_DIR = ROOT / "geo"
FONTS_DIR = ROOT / "assets" / "fonts"
LOCALES_DIR = PACKAGE_DIR / "locales"
PAPER_MD = DATA_DIR / "paper" / "mahadipta-2024-umkm-bali-digital-marketing.md"


def read_yaml(path: Path):
    """A YAML file, parsed by libyaml when PyYAML has it (CSafeLoader: the same objects as
    yaml.safe_load, about 20 times faster, which is most of a cold start's first page)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)
