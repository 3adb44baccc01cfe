"""Administrator commands: `close-period`, `reopen-period`, `admin-password`.

Each needs the administrator password when the ledger has one (db/admin.py keeps the rule): typed at a prompt,
or read from `--admin-password-file`. They take the ledger's writer lock like every command that writes.
"""
from __future__ import annotations

from desktop.cli_support import (EXIT_OK, EXIT_REFUSED, EXIT_USAGE, CliError, add_admin_password_option, say)


def add_parser(sub) -> None:
    close = sub.add_parser("close-period", help="关闭报告期（锁定该期的填报内容；需要管理员密码）")
    close.add_argument("period", metavar="KEY", help="报告期，例如 2026Q3")
    close.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    add_admin_password_option(close)
    close.set_defaults(func=run_close)

    reopen = sub.add_parser("reopen-period", help="重新开放已关闭的报告期（需要管理员密码，并写明原因）")
    reopen.add_argument("period", metavar="KEY", help="报告期，例如 2026Q3")
    reopen.add_argument("--reason", required=True, help="重新开放的原因（记入修改记录，并显示在该期的报告上）")
    reopen.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    add_admin_password_option(reopen)
    reopen.set_defaults(func=run_reopen)

    password = sub.add_parser("admin-password", help="设置或修改管理员密码")
    password.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    password.add_argument("--new-password-file", metavar="FILE",
                          help="存放新密码的文本文件（第一行）；不给时在终端中输入两次")
    add_admin_password_option(password)
    password.set_defaults(func=run_password)


def _period(ledger, key: str) -> dict:
    from db.errors import LedgerError
    from db.periods import get_period
    from db.plan_store import current_plan_id

    plan_id = current_plan_id(ledger)
    if plan_id is None:
        raise CliError("台账中还没有方案。请先导入方案。", EXIT_REFUSED)
    try:
        return get_period(ledger, plan_id, key)
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc


def _change_period(args, verb: str) -> int:
    from db.errors import LedgerError
    from db.ops import run
    from db.ops.changes import PERIODS
    from db.reviews import close_period, reopen_period
    from desktop.cli_support import open_ledger_for_cli, prove_admin

    ledger = open_ledger_for_cli(args.db)
    try:
        period = _period(ledger, args.period)
        word = "关闭" if verb == "close" else "重新开放"
        prove_admin(ledger, args, f"{word}报告期 {period['name']}")
        try:
            if verb == "close":
                run(ledger, f"关闭报告期 {period['name']}", close_period, period["id"], kinds={PERIODS},
                    source="command")
            else:
                run(ledger, f"重新开放报告期 {period['name']}", reopen_period, period["id"], args.reason,
                    kinds={PERIODS}, source="command")
        except LedgerError as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
    finally:
        ledger.close()
    say(f"已{word}报告期 {period['name']}。")
    return EXIT_OK


def run_close(args) -> int:
    return _change_period(args, "close")


def run_reopen(args) -> int:
    return _change_period(args, "reopen")


def _new_password(args) -> str:
    import sys

    from desktop.cli_support import read_password_file

    if args.new_password_file:
        return read_password_file(args.new_password_file, "新密码文件")
    if not sys.stdin.isatty():
        raise CliError("请用 --new-password-file 指定存放新密码的文件（或在终端中运行以便输入）。", EXIT_USAGE)
    import getpass

    first, second = getpass.getpass("新的管理员密码："), getpass.getpass("再输入一次：")
    if first != second:
        raise CliError("两次输入的密码不一致，密码未修改。", EXIT_REFUSED)
    return first


def run_password(args) -> int:
    from db.admin import has_password, set_password
    from db.errors import LedgerError
    from db.ops import run
    from db.ops.changes import SETTINGS
    from desktop.cli_support import open_ledger_for_cli, read_admin_password

    ledger = open_ledger_for_cli(args.db)
    try:
        changing = has_password(ledger)
        current = read_admin_password(args, "修改管理员密码") if changing else None
        new = _new_password(args)
        try:
            run(ledger, "修改管理员密码" if changing else "设置管理员密码", set_password, new, old_password=current,
                kinds={SETTINGS}, source="command", undoable=False)
        except LedgerError as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
    finally:
        ledger.close()
    say("管理员密码已修改。" if changing else "管理员密码已设置。请妥善保管：忘记后无法找回。")
    return EXIT_OK
