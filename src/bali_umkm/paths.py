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
