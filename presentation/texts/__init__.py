"""Dashboard texts, one module per page (plus `common`); presentation.i18n merges them."""
