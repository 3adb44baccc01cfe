#!/usr/bin/env bash
# Set up (first time) and run the whole test suite, offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -q "$@"
