"""Dashboard texts, one module per page (plus `common`); ui.i18n merges them."""
