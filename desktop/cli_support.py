"""Shared helpers for the command modules: exit codes, opening the ledger, JSON output.

Exit codes (../shared/CLI.md): 0 done; 1 understood but refused; 2 usage error or
unreadable input. Messages for people go to stderr in Chinese; JSON to stdout only.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


class CliError(Exception):
    """Raised by a command to stop with a Chinese message and an exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.message = message
        self.code = code


def cannot_write(path, exc: OSError) -> str:
    """Why an output file could not be written, in Chinese (the system's own text is English)."""
    if isinstance(exc, IsADirectoryError) or Path(path).is_dir():
        reason = "这是一个文件夹。请在后面写出文件名"
    elif isinstance(exc, PermissionError):
        reason = "没有写入权限,或同名文件正在 Excel/WPS 中打开。请关闭该文件或换一个保存位置"
    elif isinstance(exc, (FileExistsError, NotADirectoryError)):
        reason = "该位置已有一个同名文件,不是文件夹。请换一个文件夹名"
    elif isinstance(exc, FileNotFoundError):
        reason = "保存的文件夹不存在。请先建立该文件夹"
    else:
        reason = f"系统拒绝写入(错误代码 {exc.errno})。请检查磁盘空间和写入权限"
    return f"无法写入 {path}:{reason}。"


def say(message: str) -> None:
    """A message for people: stderr, so stdout stays clean for --format json."""
    print(message, file=sys.stderr)


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def ledger_path_arg(value: str | None, *, create_demo: bool = True) -> Path:
    """Resolve --db; without it, the default ledger (created with the demo plan on first use)."""
    if value:
        return Path(value)
    from desktop.paths import default_ledger_path

    path = default_ledger_path()
    if create_demo and not path.exists():
        from db.demo import create_demo_ledger

        create_demo_ledger(path)
    return path


def open_ledger_for_cli(value: str | None, *, read_only: bool = False, actor: str = "命令行"):
    """Open an existing ledger or raise CliError(2) with a Chinese message."""
    from db.backup import backup_before_migrate
    from db.errors import LedgerError
    from db.ledger import Ledger

    path = ledger_path_arg(value)
    if not path.exists():
        raise CliError(f"找不到台账文件:{path}。请检查路径,或先用 ipledger init --db {path} 创建。")
    try:
        return Ledger.open(path, actor=actor, source="命令行", read_only=read_only,
                           before_migrate=backup_before_migrate)
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
