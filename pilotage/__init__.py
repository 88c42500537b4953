"""Pilotage: roadmap and delivery health for leadership (shared core: model, workspace, store, sync, CLI)."""

__version__ = "0.1.0"
