"""Streamlit-side helpers shared by the pages: texts in two languages, URL state, cached data, charts."""
