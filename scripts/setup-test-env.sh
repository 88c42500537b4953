#!/usr/bin/env bash
# Install what the tests need: Debian chromium, fonts and poppler (browser tests, PDF checks), then the Python test
# tools. Works as root in a fresh container, which has no sudo, and as a user with sudo: sudo only when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list 2>/dev/null | grep -qi liberation; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation poppler-utils >/dev/null
fi
PIP_DISABLE_PIP_VERSION_CHECK=1 python -m pip install -q -r requirements-dev.txt
