#!/usr/bin/env bash
# Set up (first time) and start ipledger on the bundled demo plan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh app
exec .venv/bin/ipledger gui "$@"
