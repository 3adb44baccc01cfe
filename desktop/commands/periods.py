"""`ipledger periods --db FILE [--format json]`: list the reporting periods."""
from __future__ import annotations

import sys

from desktop.cli_support import CliError, print_json

NO_PERIODS = "该方案还没有报告期。请在窗口中点“报告期管理…”按填报周期生成报告期，或新增临时报告期。"


def add_parser(sub) -> None:
    parser = sub.add_parser("periods", help="列出报告期")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")
    parser.set_defaults(func=run)


def run(args) -> int:
    from db.periods import list_periods
    from db.plan_store import current_plan_id
    from db.periods import period_state_label
    from db.vocabulary import chinese_date
    from desktop.cli_support import open_ledger_for_cli

    ledger = open_ledger_for_cli(args.db, read_only=True)
    try:
        plan_id = current_plan_id(ledger)
        if plan_id is None:
            raise CliError("台账中还没有方案。请先用 ipledger import-plan 导入方案，或在窗口中新建方案。", 1)
        periods = list_periods(ledger, plan_id)
    finally:
        ledger.close()
    rows = [{"key": p["key"], "name": p["name"], "start": p["start"], "end": p["end"], "due": p["due"],
             "state": p["state"]} for p in periods]
    if args.format == "json":
        print_json(rows)
    elif not rows:
        print(NO_PERIODS, file=sys.stderr)
    else:
        # 截止日期 is the due date of the returns (as in the window and the forms), not the span's last day.
        print("报告期     名称              开始日期        结束日期        截止日期        状态")
        for p in rows:   # dates as the window shows them (2024年7月5日); --format json keeps ISO dates
            print(f"{p['key']:<10} {p['name']:<14} {chinese_date(p['start']):<14}  {chinese_date(p['end']):<14}  "
                  f"{chinese_date(p['due']) or '未设':<14}  {period_state_label(p['state'])}")
    return 0
