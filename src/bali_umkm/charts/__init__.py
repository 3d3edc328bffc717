"""Pure chart builders returning Altair charts. No Streamlit import here."""

from .base import apply_config, bar, locale_format

__all__ = ["apply_config", "bar", "locale_format"]
