#!/usr/bin/env bash
# Install what ipledger needs on Debian 12 (Qt offscreen/xcb libraries, a CJK font, PDF and
# spreadsheet tools used by the tests), then a virtual environment in .venv with the app.
#   scripts/setup-debian.sh          app only
#   scripts/setup-debian.sh test     app + test tools
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-app}"

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

APP_PACKAGES=(python3 python3-venv python3-pip libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0
  libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 fonts-wqy-microhei
  xdg-utils)
TEST_PACKAGES=(poppler-utils xvfb libreoffice-calc-nogui libreoffice-writer-nogui binutils)

PACKAGES=("${APP_PACKAGES[@]}")
if [ "$MODE" = "test" ]; then PACKAGES+=("${TEST_PACKAGES[@]}"); fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$MODE" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
