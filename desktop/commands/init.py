"""`ipledger init --db FILE [--demo]`: create an empty ledger, or the demo ledger."""
from __future__ import annotations

from desktop.cli_support import CliError, EXIT_USAGE, say


def add_parser(sub) -> None:
    parser = sub.add_parser("init", help="新建台账（空白，或含示例方案）")
    parser.add_argument("--db", required=True, help="要创建的台账文件")
    parser.add_argument("--demo", action="store_true", help="写入泰兴市示例方案和示例填报数据")
    parser.add_argument("--rollup", action="store_true", help="新建市或省的汇总台账，用于导入各县（市、区）的数据包")
    parser.add_argument("--name", help="汇总台账所属的市或省，如 泰州市（与 --rollup 一起用）")
    parser.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from db.errors import LedgerError
    from db.ledger import Ledger

    path = Path(args.db)
    if path.is_dir():
        raise CliError(f"{path} 是一个文件夹。请在后面写出台账文件名，例如 {path / '台账.ipledger'}。", EXIT_USAGE)
    if path.exists():
        raise CliError(f"文件已存在：{path}。为防止覆盖已有数据，init 不会改写它。请换一个文件名。", EXIT_USAGE)
    if args.rollup and args.demo:
        raise CliError("--rollup 与 --demo 不能同时使用：汇总台账不含方案。", EXIT_USAGE)
    if args.rollup != bool(args.name):
        raise CliError("新建汇总台账请同时写 --rollup 和 --name，例如 --rollup --name 泰州市。", EXIT_USAGE)
    try:
        if args.rollup:
            from db.rollup import create_rollup_ledger

            create_rollup_ledger(path, args.name, actor="命令行")
            say(f"已创建汇总台账：{path}（{args.name.strip()}）")
        elif args.demo:
            from db.demo import create_demo_ledger

            create_demo_ledger(path)
            say(f"已创建示例台账：{path}（含泰兴市示例方案和示例数据）")
        else:
            Ledger.create(path, actor="命令行").close()
            say(f"已创建空白台账：{path}")
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    return 0
