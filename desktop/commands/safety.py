"""`ipledger backup --db FILE [--out FILE]`, `restore --db FILE --from BACKUP`, `check --db FILE`."""
from __future__ import annotations

from desktop.cli_support import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, CliError, print_json, say


def add_parser(sub) -> None:
    backup = sub.add_parser("backup", help="备份台账(SQLite 在线备份,不影响正在使用的台账)")
    backup.add_argument("--db", required=True, help="台账文件")
    backup.add_argument("--out", help="备份文件(默认:台账旁的“台账备份”文件夹)")
    backup.set_defaults(func=run_backup)

    restore = sub.add_parser("restore", help="从备份恢复台账(先检查备份,并把当前台账另存为备份)")
    restore.add_argument("--db", required=True, help="要恢复的台账文件")
    restore.add_argument("--from", dest="source", required=True, metavar="BACKUP", help="备份文件")
    restore.set_defaults(func=run_restore)

    check = sub.add_parser("check", help="检查台账:数据库完整性、表间引用、修改记录校验链")
    check.add_argument("--db", required=True, help="台账文件")
    check.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    check.set_defaults(func=run_check)


def _existing(path_text: str, what: str = "台账文件"):
    from pathlib import Path

    path = Path(path_text)
    if not path.is_file():
        raise CliError(f"找不到{what}:{path}。请检查路径是否正确。", EXIT_USAGE)
    return path


def run_backup(args) -> int:
    from pathlib import Path

    from db.backup import BackupError, take_backup
    from db.errors import NotALedgerError
    from db.integrity import connect_read_only, identify

    path = _existing(args.db)
    from db.ledger import check_ledger_file

    try:
        check_ledger_file(path)
        conn = connect_read_only(path)
        try:
            identify(conn, path.name)
        finally:
            conn.close()
    except NotALedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if args.out and Path(args.out).exists():
        raise CliError(f"文件已存在:{args.out}。为防止覆盖,请换一个备份文件名。", EXIT_USAGE)
    try:
        target = take_backup(path, "manual", out=args.out)
    except BackupError as exc:
        raise CliError(str(exc), EXIT_REFUSED) from exc
    print(target)
    say(f"已备份到:{target}")
    return EXIT_OK


def run_restore(args) -> int:
    from db.backup import BackupError, restore_backup
    from db.lockfile import holder_if_locked

    from pathlib import Path

    path = Path(args.db)  # may be missing: a lost ledger is restored to its place
    if path.is_dir():
        raise CliError(f"{path} 是一个文件夹。请写出台账文件本身的路径。", EXIT_USAGE)
    source = _existing(args.source, "备份文件")
    holder = holder_if_locked(path)
    if holder is not None:
        raise CliError(f"台账正由{holder.describe()}使用,不能恢复。请先关闭那边的程序再恢复。", EXIT_REFUSED)
    try:
        result = restore_backup(path, source)
    except BackupError as exc:
        raise CliError(str(exc), EXIT_REFUSED) from exc
    say(f"已从备份 {source.name} 恢复台账 {path.name}。")
    if result["kept_current_as"]:
        say(f"恢复前的台账已另存为:{result['kept_current_as']}")
    return EXIT_OK


def run_check(args) -> int:
    from db.errors import NotALedgerError
    from db.integrity import check_file

    path = _existing(args.db)
    try:
        report = check_file(path)
    except NotALedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if args.format == "json":
        print_json(report.as_json())
    if report.ok:
        say(f"台账 {path.name} 检查通过:数据库完整,表间引用一致,修改记录校验链完好。")
        return EXIT_OK
    say(f"台账 {path.name} 检查发现问题:")
    for problem in report.problems:
        say(f"  - {problem}")
    say("请用 ipledger restore 从最近的备份恢复(备份在台账旁的“台账备份”文件夹),并联系技术支持。")
    return EXIT_REFUSED
