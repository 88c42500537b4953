"""The benchmark (`python -m bench`): tooling outside the runtime packages, with the emulators it serves."""
