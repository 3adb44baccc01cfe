"""`ipledger status --db FILE [--period KEY] [--format json]`: where the plan stands."""
from __future__ import annotations

from desktop.cli_support import CliError, EXIT_USAGE, print_json


def add_parser(sub) -> None:
    parser = sub.add_parser("status", help="方案推进情况")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--period", help="报告期，如 2025Q3（默认：最近一个已结束的报告期）")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")
    parser.set_defaults(func=run)


def build_status(ledger, period_key: str | None) -> dict:
    from db.errors import LedgerError
    from db.periods import current_period, get_period
    from db.plan_store import current_plan_id
    from db.summary import status_summary
    from desktop.commands.periods import NO_PERIODS

    plan_id = current_plan_id(ledger)
    if plan_id is None:
        from desktop.cli_support import refuse_rollup_ledger

        refuse_rollup_ledger(ledger, "显示方案推进情况")
        raise CliError("台账中还没有方案。请先导入或新建方案。", 1)
    try:
        period = get_period(ledger, plan_id, period_key) if period_key else current_period(ledger, plan_id)
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if period is None:
        raise CliError(NO_PERIODS, 1)
    return status_summary(ledger, plan_id, period["id"])


def run(args) -> int:
    from desktop.cli_support import open_ledger_for_cli

    ledger = open_ledger_for_cli(args.db, read_only=True)
    try:
        data = build_status(ledger, args.period)
    finally:
        ledger.close()
    if args.format == "json":
        print_json(data)
        return 0
    print(f"方案：{data['plan']}")
    print(f"报告期：{data['period']}    任务：{data['tasks']}项")
    print("完成状态：" + "  ".join(f"{k} {v}" for k, v in data["by_status"].items()))
    print(f"单位填报：{data['units_reported']}/{data['units']} 个单位    填报条目：{data['entries_reported']}/{data['entries_expected']}"
          + (f"（其中已报·无变化 {data['entries_unchanged']} 条，请核实）" if data.get("entries_unchanged") else ""))
    if data.get("overdue_tasks") is not None:
        print("逾期任务：" + ("、".join(data["overdue_tasks"]) or "无"))
    if data.get("lights"):
        lights = data["lights"]
        # The contract's green counts done tasks too; the window shows 已完成 apart, so say so here.
        print(f"红灯 {lights.get('red', 0)}  黄灯 {lights.get('yellow', 0)}  绿灯（含已完成） {lights.get('green', 0)}")
    return 0
