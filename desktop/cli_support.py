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
        reason = "没有写入权限，或同名文件正在 Excel/WPS 中打开。请关闭该文件或换一个保存位置"
    elif isinstance(exc, (FileExistsError, NotADirectoryError)):
        reason = "该位置已有一个同名文件，不是文件夹。请换一个文件夹名"
    elif isinstance(exc, FileNotFoundError):
        reason = "保存的文件夹不存在。请先建立该文件夹"
    else:
        reason = f"系统拒绝写入（错误代码 {exc.errno}）。请检查磁盘空间和写入权限"
    return f"无法写入 {path}：{reason}。"


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


BUSY_MESSAGE = ("台账正被另一个程序写入（例如窗口正在导入或备份），等待后仍未空闲。请稍后再运行本命令；"
                "本次未作任何改动。")


def take_writer_lock(path: Path):
    """The same single-writer lock the window takes (db/lockfile.py); CliError(1) naming its holder."""
    from db.lockfile import LedgerLockedError, acquire

    try:
        return acquire(path)
    except LedgerLockedError as exc:
        raise CliError(f"{exc}本命令未执行，台账未作任何改动。", EXIT_REFUSED) from exc


def open_ledger_for_cli(value: str | None, *, read_only: bool = False, actor: str = "命令行"):
    """Open an existing ledger or raise CliError with a Chinese message: 2 when it is not a ledger, 1 when another
    program holds its writer lock or keeps it busy. A command that writes holds the lock until `ledger.close()`."""
    import sqlite3

    from db.backup import backup_before_migrate
    from db.errors import LedgerError
    from db.ledger import Ledger

    path = ledger_path_arg(value)
    if not path.exists():
        raise CliError(f"找不到台账文件：{path}。请检查路径，或先用 ipledger init --db {path} 创建。")
    lock = None if read_only or path.is_dir() else take_writer_lock(path)
    try:
        ledger = Ledger.open(path, actor=actor, source="命令行", read_only=read_only,
                             before_migrate=backup_before_migrate)
    except LedgerError as exc:
        if lock is not None:
            lock.release()
        raise CliError(str(exc), EXIT_USAGE) from exc
    except sqlite3.OperationalError as exc:
        if lock is not None:
            lock.release()
        if "locked" in str(exc) or "busy" in str(exc):
            raise CliError(BUSY_MESSAGE, EXIT_REFUSED) from exc
        raise
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    ledger.lock = lock
    return ledger


def refuse_rollup_ledger(ledger, doing: str) -> None:
    """A county command run on a city's or province's roll-up ledger (it holds no plan of its own): exit 1 saying
    which commands and pages serve a roll-up ledger, instead of "no plan yet"."""
    from db.rollup import is_rollup, rollup_name

    if is_rollup(ledger):
        raise CliError(f"{Path(ledger.path).name} 是{rollup_name(ledger) or '市（省）'}的汇总台账，没有自己的方案，"
                       f"不能{doing}。各县（市、区）的情况请用 ipledger rollup-status 查看；全市汇总表和工作进展情况报告"
                       "请在窗口的“通报排名”页导出。", EXIT_REFUSED)


def add_admin_password_option(parser) -> None:
    """`--admin-password-file` for commands that need the administrator password (else it is asked for)."""
    parser.add_argument("--admin-password-file", metavar="FILE",
                        help="存放管理员密码的文本文件（第一行为密码）；不给时在终端中提示输入")


def read_password_file(name: str, what: str) -> str:
    """The first line of a password file (UTF-8); CliError(2) naming the file when it cannot be read."""
    try:
        lines = Path(name).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"无法读取{what} {name}：请确认文件存在、可读，第一行是密码（UTF-8）。", EXIT_USAGE) from exc
    return lines[0] if lines else ""


def read_admin_password(args, what: str) -> str:
    """The administrator password from --admin-password-file, or typed at a prompt (not echoed); CliError(2)
    when neither is possible."""
    name = getattr(args, "admin_password_file", None)
    if name:
        return read_password_file(name, "管理员密码文件")
    if not sys.stdin.isatty():
        raise CliError(f"{what}，需要管理员密码。请用 --admin-password-file 指定存放密码的文件（或在终端中运行以便输入）。",
                       EXIT_REFUSED)
    import getpass

    return getpass.getpass(f"{what}，请输入管理员密码：")


def prove_admin(ledger, args, what: str) -> None:
    """Hand the administrator password to the core (db.admin.prove) when the ledger has one; CliError(1) when
    it is wrong."""
    from db.admin import has_password, prove
    from db.errors import LedgerError

    if not has_password(ledger):
        return
    try:
        prove(ledger, read_admin_password(args, what))
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_REFUSED) from exc
