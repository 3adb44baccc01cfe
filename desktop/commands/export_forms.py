"""`ipledger export-forms --db FILE --period KEY --out DIR [--unit NAME]`: issue the fill-in workbooks."""
from __future__ import annotations

from desktop.cli_support import EXIT_REFUSED, EXIT_USAGE, CliError, cannot_write, say


def add_parser(sub) -> None:
    parser = sub.add_parser("export-forms", help="为各责任单位生成本期进展填报表（每单位一个Excel文件）")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--period", required=True, help="报告期，如 2025Q3")
    parser.add_argument("--out", required=True, help="输出文件夹")
    parser.add_argument("--unit", help="只生成这一个单位的表格（单位全称或简称）")
    parser.set_defaults(func=run)


def run(args) -> int:
    from db.errors import LedgerError, NotFoundError, PeriodClosedError
    from desktop.cli_support import open_ledger_for_cli, refuse_rollup_ledger
    from reports.form_writer import export_forms

    ledger = open_ledger_for_cli(args.db)
    try:
        refuse_rollup_ledger(ledger, "下发本县的填报表")
        try:
            files = export_forms(ledger, args.period, args.out, unit_name=args.unit)
        except NotFoundError as exc:
            raise CliError(str(exc), EXIT_USAGE) from exc
        except (PeriodClosedError, LedgerError) as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
        except OSError as exc:
            raise CliError(cannot_write(exc.filename or args.out, exc), EXIT_USAGE) from exc
    finally:
        ledger.close()
    for path in files:
        print(path)
    say(f"已生成 {len(files)} 个填报表。")
    return 0
