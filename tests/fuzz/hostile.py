"""Seeded generators of hostile input shared by the fuzz tests (no extra dependency; reproducible)."""
from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

CJK = re.compile(r"[\u4e00-\u9fff]")

PATH_PIECES = ["..", ".", "/", "\\", "C:", "C:\\Windows\\", "\\\\server\\share\\", "~", "$HOME", "%APPDATA%",
               "CON", "NUL", "PRN", "AUX", "COM1", "LPT9", "con.txt", "nul.", "x\x00y", "\n", "\r", "\t", " ",
               "…", "佐证材料", "会议纪要", ".pdf", ".jpg", ".exe", ":", "*", "?", "\"", "<", ">", "|",
               "\u202e", "\ufeff", "\u200b", "ａ", "／", "＼", "．．", "e\u0301", "😀", "x" * 300, "../" * 20]


def hostile_name(rng: random.Random) -> str:
    return "".join(rng.choice(PATH_PIECES) for _ in range(rng.randint(1, 8)))


def is_chinese_message(text: str) -> bool:
    return bool(text) and bool(CJK.search(text))


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One random corruption of a file's bytes."""
    kind = rng.randrange(7)
    if kind == 0:  # truncated
        return data[:rng.randrange(0, max(len(data), 1))]
    if kind == 1:  # flipped bytes
        buf = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            if buf:
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    if kind == 2:  # a block overwritten
        buf = bytearray(data)
        if buf:
            start = rng.randrange(len(buf))
            buf[start:start + rng.randint(1, 4096)] = bytes(rng.randrange(256) for _ in range(64)) * 64
        return bytes(buf[:len(data)])
    if kind == 3:  # garbage appended or prepended
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 2000)))
        return junk + data if rng.random() < 0.5 else data + junk
    if kind == 4:  # random bytes entirely
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 5000)))
    if kind == 5:  # a known header then garbage
        header = rng.choice([b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-1.7", b"SQLite format 3\x00",
                             b"\xef\xbb\xbf", b"\xff\xfe", b""])
        return header + bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))
    # kind 6: a chunk of the middle removed
    if len(data) < 10:
        return data
    start = rng.randrange(len(data) // 2)
    return data[:start] + data[start + rng.randint(1, len(data) // 3):]


def rezip(data: bytes, rng: random.Random) -> bytes:
    """Structural zip damage: a member dropped, replaced by garbage, or its XML cut."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    out = io.BytesIO()
    victim = rng.choice(names)
    action = rng.randrange(4)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            content = source.read(name)
            if name == victim:
                if action == 0:
                    continue
                if action == 1:
                    content = bytes(rng.randrange(256) for _ in range(rng.randint(0, 500)))
                elif action == 2:
                    content = content[:rng.randrange(max(len(content), 1))]
                else:
                    content = content.replace(b"<", b"<<", rng.randint(1, 5))
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb(member: str = "xl/worksheets/sheet1.xml", size: int = 200 * 1024 * 1024,
             base: bytes | None = None) -> bytes:
    """A small zip that unpacks to `size` bytes in one member (plus the members of `base`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        if base:
            source = zipfile.ZipFile(io.BytesIO(base))
            for name in source.namelist():
                if name != member:
                    target.writestr(name, source.read(name))
        with target.open(member, "w", force_zip64=True) as stream:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return out.getvalue()


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


class WriteWatch:
    """Records every file an importer opens for writing (through Python's open/os.open) while active."""

    def __init__(self):
        self.written: list[str] = []

    def __enter__(self):
        import builtins
        import io
        import os

        self._open, self._io_open, self._os_open = builtins.open, io.open, os.open
        watch = self

        def guarded_open(file, mode="r", *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)) and any(ch in mode for ch in "wax+"):
                watch.written.append(str(file))
            return watch._open(file, mode, *args, **kwargs)

        def guarded_os_open(path, flags, *args, **kwargs):
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                watch.written.append(str(path))
            return watch._os_open(path, flags, *args, **kwargs)

        builtins.open, io.open, os.open = guarded_open, guarded_open, guarded_os_open
        return self

    def __exit__(self, *exc):
        import builtins
        import io
        import os

        builtins.open, io.open, os.open = self._open, self._io_open, self._os_open
        return False
