"""Exports: CSV now; chart images and decks join here. No Streamlit import here."""
