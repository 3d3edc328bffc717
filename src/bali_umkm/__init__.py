"""Dasbor UMKM Bali: MSME, KUR and digital-adoption figures for Bali, each with its source."""

__version__ = "0.1.0"
