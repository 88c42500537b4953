"""Application layer: sync, the views document, snapshots, comparisons, export and checks (on core, connectors and metrics)."""
