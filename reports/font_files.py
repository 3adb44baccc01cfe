"""Where font files are: the bundled fallback CJK font and the office fonts on the machine.

One module owns the font choice for the window (Qt) and for the PDF reports.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

BUNDLED_FONT = Path(__file__).with_name("fonts") / "wqy-microhei.ttc"
BUNDLED_FONT_FAMILY = "WenQuanYi Micro Hei"


def bundled_font_path() -> Path:
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        candidate = Path(meipass) / "reports" / "fonts" / BUNDLED_FONT.name
        if candidate.exists():
            return candidate
    return BUNDLED_FONT


def system_font_dirs() -> list[Path]:
    """Windows Fonts folder, the per-user font folder (Office installs land there), then Linux folders."""
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
             Path.home() / ".fonts"]
    return [d for d in dirs if d.is_dir()]
