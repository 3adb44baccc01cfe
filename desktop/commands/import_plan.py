"""`ipledger import-plan FILE --db FILE`: parse a plan document and store it as a new plan.

Everything is checked first; the plan is written in one transaction; the new plan's id goes to stdout.
"""
from __future__ import annotations

from pathlib import Path

from desktop.cli_support import CliError, EXIT_USAGE, open_ledger_for_cli, say


def add_parser(sub) -> None:
    parser = sub.add_parser("import-plan", help="读取工作方案文件并保存为台账中的新方案")
    from desktop.commands.parse_plan import PLAN_FILE_HELP

    parser.add_argument("file", help=PLAN_FILE_HELP)
    parser.add_argument("--db", help="台账文件（不写则用默认台账）")
    parser.set_defaults(func=run)


def run(args) -> int:
    from db.errors import LedgerError, ValidationError
    from db.ops.plan_import import import_plan
    from db.plan_store import same_plans
    from desktop.commands.parse_plan import read_plan_for_cli

    parsed = read_plan_for_cli(args.file)  # read and check before the ledger is opened
    ledger = open_ledger_for_cli(args.db)
    try:

        for twin in same_plans(ledger, parsed.get("title"), parsed.get("doc_number")):
            say(f"注意：台账中已有同名方案（方案编号 {twin['id']}），本次仍作为另一个新方案导入。"
                "如是重复导入，可在窗口“方案任务”页点“删除方案…”删除多余的一份。")
        plan_id = import_plan(ledger, parsed, source_name=Path(args.file).name).result  # backs up first
    except ValidationError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    finally:
        ledger.close()
    say(f"已导入方案“{parsed['title']}”：任务 {len(parsed['tasks'])} 项，指标 {len(parsed['indicators'])} 个，"
        f"阶段 {len(parsed['phases'])} 个。")
    for warning in parsed["warnings"]:
        say(f"  需要核对：{warning}")
    print(plan_id)
    return 0
