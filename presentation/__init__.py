"""Presentation layer: texts EN/FR, formatting, charts and the board pack; no Streamlit, shared by the pages and the pack."""
