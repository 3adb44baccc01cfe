"""`ipledger export-summary --db FILE --period KEY --out FILE.xlsx`: the summary workbook sent upward."""
from __future__ import annotations

from desktop.cli_support import EXIT_REFUSED, EXIT_USAGE, CliError, cannot_write, say


def add_parser(sub) -> None:
    parser = sub.add_parser("export-summary", help="生成本期汇总表（重点任务进展、单位填报情况、指标完成情况）")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--period", required=True, help="报告期，如 2025Q3")
    parser.add_argument("--out", required=True, help="输出的 .xlsx 文件")
    parser.add_argument("--details", action="store_true", help="另加“填报明细”工作表（每条填报一行）")
    parser.set_defaults(func=run)


def run(args) -> int:
    from db.errors import LedgerError, NotFoundError
    from desktop.cli_support import open_ledger_for_cli, refuse_rollup_ledger
    from reports.summary_writer import export_summary

    if not args.out.lower().endswith(".xlsx"):
        raise CliError(f"输出文件 {args.out} 应以 .xlsx 结尾。", EXIT_USAGE)
    ledger = open_ledger_for_cli(args.db, read_only=True)
    try:
        refuse_rollup_ledger(ledger, "导出本县的汇总表")
        try:
            path = export_summary(ledger, args.period, args.out, details=args.details)
        except NotFoundError as exc:
            raise CliError(str(exc), EXIT_USAGE) from exc
        except LedgerError as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
        except OSError as exc:
            raise CliError(cannot_write(args.out, exc), EXIT_USAGE) from exc
    finally:
        ledger.close()
    print(path)
    say("已生成汇总表。")
    return 0
