"""`ipledger rollup-status --db CITY [--period KEY] [--format json]`: per county the `status` figures.

The figures are each county's own, computed at the county with the `status` rules when it made the package
(and signed there); the roll-up ledger adds whether and when each county reported.
"""
from __future__ import annotations

from desktop.cli_support import EXIT_REFUSED, EXIT_USAGE, CliError, print_json


def add_parser(sub) -> None:
    parser = sub.add_parser("rollup-status", help="汇总台账：各县（市、区）本期推进情况")
    parser.add_argument("--db", help="汇总台账文件")
    parser.add_argument("--period", help="报告期，如 2026Q3（默认：各县报来的最近一期）")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")
    parser.set_defaults(func=run)


def build_rollup_status(ledger, period_key: str | None) -> dict:
    from db.errors import LedgerError
    from db.periods import parse_period_key
    from db.rollup import is_rollup
    from db.rollup.overview import latest_period_key, overview

    if not is_rollup(ledger):
        raise CliError("这不是汇总台账。县（市、区）台账请用 ipledger status；汇总台账用 ipledger init --rollup 创建。",
                       EXIT_REFUSED)
    if period_key:
        try:
            period_key = parse_period_key(period_key).key
        except LedgerError as exc:
            raise CliError(str(exc), EXIT_USAGE) from exc
    else:
        period_key = latest_period_key(ledger)
        if period_key is None:
            raise CliError("汇总台账中还没有任何县（市、区）的数据包。请先用 ipledger import-packages 导入。", EXIT_REFUSED)
    return {"period": period_key, "counties": [row.status_json() for row in overview(ledger, period_key)]}


def run(args) -> int:
    from desktop.cli_support import open_ledger_for_cli

    from db.rollup import rollup_name

    ledger = open_ledger_for_cli(args.db, read_only=True)
    try:
        data = build_rollup_status(ledger, args.period)
        ledger_name = rollup_name(ledger)
    finally:
        ledger.close()
    if args.format == "json":
        print_json(data)
        return 0
    from db.vocabulary import chinese_date

    print(f"{ledger_name}  报告期：{data['period']}  县（市、区）：{len(data['counties'])}个")
    for county in data["counties"]:
        if not county["reported"]:
            print(f"{county['name']}：未报送")
            continue
        lights = county["lights"] or {}
        late = "按时" if not county["days_late"] else f"逾期{county['days_late']}天"
        print(f"{county['name']}：{late}报送（{chinese_date(county['at'])}）  任务{county['tasks']}项  "
              + "  ".join(f"{k}{v}" for k, v in county["by_status"].items())
              + f"  红灯{lights.get('red', 0)} 黄灯{lights.get('yellow', 0)} 绿灯{lights.get('green', 0)}"
              + f"  逾期任务：{'、'.join(county['overdue_tasks']) or '无'}")
    return 0
