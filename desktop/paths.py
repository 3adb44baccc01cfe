"""Where things live: the user's data folder, the default ledger, bundled resources.

One module owns these paths so that the app, the command line and the frozen
(PyInstaller) build agree.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "ipledger"
DEFAULT_LEDGER_NAME = "台账.ipledger"


def data_dir() -> Path:
    """The per-user data folder (created on demand).

    IPLEDGER_DATA_DIR overrides it (tests, portable installs).
    """
    override = os.environ.get("IPLEDGER_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_ledger_path() -> Path:
    return data_dir() / DEFAULT_LEDGER_NAME


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """The folder holding our packages (source checkout or the PyInstaller bundle)."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass)
    return Path(__file__).resolve().parent.parent


def output_folder(ledger_path: Path | str | None) -> Path:
    """Where the window's open and save dialogs start: the folder of a ledger the clerk keeps herself; for the
    default ledger (hidden in the per-user data folder) her Documents folder, where she will find the files."""
    if ledger_path:
        folder = Path(ledger_path).resolve().parent
        if folder != data_dir().resolve():
            return folder
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()
