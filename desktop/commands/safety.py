"""`ipledger backup --db FILE [--out FILE]`, `restore --db FILE --from BACKUP`, `check --db FILE`."""
from __future__ import annotations

from desktop.cli_support import (EXIT_OK, EXIT_REFUSED, EXIT_USAGE, CliError, add_admin_password_option, print_json,
                                 read_admin_password, say)


def add_parser(sub) -> None:
    backup = sub.add_parser("backup", help="备份台账（SQLite 在线备份，不影响正在使用的台账）")
    backup.add_argument("--db", required=True, help="台账文件")
    backup.add_argument("--out", help="备份文件（默认：台账旁的“台账备份”文件夹）")
    backup.set_defaults(func=run_backup)

    restore = sub.add_parser("restore", help="从备份恢复台账（先检查备份，并把当前台账另存为备份）")
    restore.add_argument("--db", required=True, help="要恢复的台账文件")
    restore.add_argument("--from", dest="source", required=True, metavar="BACKUP", help="备份文件")
    restore.add_argument("--other-ledger", action="store_true",
                         help="备份属于另一本台账（台账编号不同）时也恢复：整本替换，管理员密码和修改记录随之改变")
    add_admin_password_option(restore)
    restore.set_defaults(func=run_restore)

    check = sub.add_parser("check", help="检查台账：数据库完整性、表间引用、修改记录校验链")
    check.add_argument("--db", required=True, help="台账文件")
    check.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    check.set_defaults(func=run_check)


def _existing(path_text: str, what: str = "台账文件"):
    from pathlib import Path

    path = Path(path_text)
    if not path.is_file():
        raise CliError(f"找不到{what}：{path}。请检查路径是否正确。", EXIT_USAGE)
    return path


def run_backup(args) -> int:
    from pathlib import Path

    from db.backup import BackupError, back_up
    from db.errors import NotALedgerError

    path = _existing(args.db)
    if args.out and Path(args.out).exists():
        raise CliError(f"文件已存在：{args.out}。为防止覆盖，请换一个备份文件名。", EXIT_USAGE)
    try:
        target = back_up(path, "manual", out=args.out)   # the same road as the window's 立即备份
    except NotALedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except BackupError as exc:
        raise CliError(str(exc), EXIT_REFUSED) from exc
    print(target)
    say(f"已备份到：{target}")
    return EXIT_OK


def run_restore(args) -> int:
    from db.admin import file_password_matches
    from db.backup import BackupError, restore_backup
    from db.errors import LedgerError
    from desktop.cli_support import take_writer_lock

    from pathlib import Path

    path = Path(args.db)  # may be missing: a lost ledger is restored to its place
    if path.is_dir():
        raise CliError(f"{path} 是一个文件夹。请写出台账文件本身的路径。", EXIT_USAGE)
    source = _existing(args.source, "备份文件")
    lock = take_writer_lock(path)   # the window's lock: refused, naming its holder, while the ledger is open
    try:
        password = None
        if file_password_matches(path, "") is False:   # the ledger has an administrator password
            password = read_admin_password(args, "从备份恢复会替换整本台账")
        try:
            result = restore_backup(path, source, admin=password, other_ledger=args.other_ledger)
        except (BackupError, LedgerError) as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
    finally:
        lock.release()
    say(f"已从备份 {source.name} 恢复台账 {path.name}。")
    if result["kept_current_as"]:
        say(f"恢复前的台账已另存为：{result['kept_current_as']}")
    return EXIT_OK


def run_check(args) -> int:
    from db.errors import NotALedgerError
    from db.integrity import PASSED, check_file

    path = _existing(args.db)
    try:
        report = check_file(path)
    except NotALedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if args.format == "json":
        print_json(report.as_json())
    if report.ok:
        say(f"台账 {path.name} 检查通过：{PASSED}。")
        return EXIT_OK
    say(f"台账 {path.name} 检查发现问题：")
    for problem in report.problems:
        say(f"  - {problem}")
    say("请用 ipledger restore 从最近的备份恢复（备份在台账旁的“台账备份”文件夹），并联系技术支持。")
    return EXIT_REFUSED
