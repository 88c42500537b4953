"""Core layer: the canonical model, the error tree, workspace settings and the store. Imports nothing of ours above it."""
