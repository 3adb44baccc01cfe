"""Temporary files a killed program leaves behind: half-written backups (`.part`), half-restored ledgers
(`.restoring-*`). Their names carry the writer's pid and computer (`writer_tag`), so the next run knows at once
which are orphaned; a file of another computer (a shared backup folder) goes by age only.
"""
from __future__ import annotations

import os
import re
from pathlib import Path


def _host_code() -> str:
    import zlib

    from db.lockfile import this_host

    return f"{zlib.crc32(this_host().encode('utf-8')):08x}"


def writer_tag() -> str:
    """pid-random-computer: names a temporary file after the process writing it, so a leftover is known to be
    orphaned (a backup folder on a shared drive may hold another computer's files: those go by age only)."""
    return f"{os.getpid()}-{os.urandom(4).hex()}-{_host_code()}"


_TAG = re.compile(r"(?:^|[.-])(\d+)-[0-9a-f]{8}-([0-9a-f]{8})(?:\.|$)")


def orphaned(path: Path, limit: float) -> bool:
    """A temporary file whose writer is gone: its process (named in it) no longer runs on this computer, or it
    is older than `limit` (a file named the old way, or written from another computer)."""
    from db.lockfile import pid_alive

    try:
        if path.stat().st_mtime < limit:
            return True
    except OSError:
        return False
    found = _TAG.search(path.name)
    if found is None or found[2] != _host_code():
        return False
    return int(found[1]) != os.getpid() and not pid_alive(int(found[1]))


def remove_restore_leftovers(ledger_path: Path | str, older_than_seconds: int = 300) -> list[Path]:
    """Hidden `.restoring-*` copies left by a restore that was killed halfway (they are whole ledgers, 50 MB and
    more): those whose process is gone, or older ones; a restore running right now in another program keeps its
    own."""
    import time

    ledger_path = Path(ledger_path)
    limit = time.time() - older_than_seconds
    removed = []
    import glob

    stem = glob.escape("." + ledger_path.name)
    found = [*ledger_path.parent.glob(f"{stem}.restoring-*"), *ledger_path.parent.glob(f".{stem}.restoring-*.part*")]
    for leftover in found:
        try:
            if orphaned(leftover, limit):
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            pass
    return removed


def remove_stale_parts(folder: Path, older_than_seconds: int = 3600, prefix: str = ".") -> None:
    """Half-written backups left by a program that was killed while copying."""
    import glob
    import time

    limit = time.time() - older_than_seconds
    for part in folder.glob(f"{glob.escape(prefix)}*.part*"):   # with SQLite's own -journal beside it
        try:
            if orphaned(part, limit):
                part.unlink()
        except OSError:
            pass
