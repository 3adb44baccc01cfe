"""`ipledger export-dossier --db FILE --out DIR [--period KEY]`: the acceptance dossier (验收材料).

The acceptance report as PDF and Word, the summary workbook, every evidence file copied into one folder per task
named by its index number, and an index workbook (reports/dossier.py). DIR must be new or empty (exit 2 otherwise).
Prints the folder written on stdout.
"""
from __future__ import annotations

from desktop.cli_support import EXIT_REFUSED, EXIT_USAGE, CliError, say


def add_parser(sub) -> None:
    parser = sub.add_parser("export-dossier", help="导出验收材料：验收报告（PDF 和 Word）、汇总表、按任务整理的佐证材料和索引表")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--out", required=True, help="存放验收材料的文件夹（须为新的或空的文件夹）")
    parser.add_argument("--period", help="数据截至的报告期，如 2026Q3（默认：最近一个已结束的报告期）")
    parser.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from db.errors import LedgerError, NotFoundError, ValidationError
    from desktop.cli_support import cannot_write, open_ledger_for_cli
    from reports.dossier import DossierError, check_target, export_dossier

    out = Path(args.out)
    try:
        check_target(out)
    except DossierError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    ledger = open_ledger_for_cli(args.db, read_only=True)
    try:
        try:
            result = export_dossier(ledger, out, args.period)
        except (DossierError, NotFoundError, ValidationError) as exc:
            raise CliError(str(exc), EXIT_USAGE) from exc
        except LedgerError as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
        except OSError as exc:
            raise CliError(cannot_write(out, exc), EXIT_USAGE) from exc
    finally:
        ledger.close()
    say(f"已导出验收材料：{result.title}。共{len(result.files)}个文件，其中佐证材料{result.evidence_count}份。")
    for warning in result.warnings:
        say(f"提示：{warning}")
    print(str(result.folder))
    return 0
