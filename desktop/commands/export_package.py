"""`ipledger export-package --db FILE --period KEY --out FILE`: the county's signed data package for the city."""
from __future__ import annotations

from desktop.cli_support import EXIT_REFUSED, EXIT_USAGE, CliError, say


def add_parser(sub) -> None:
    parser = sub.add_parser("export-package", help="生成报送上级的县级数据包（已签名）")
    parser.add_argument("--db", help="县（市、区）台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--period", required=True, help="报告期，如 2026Q3；数据包含截至该期的全部进展和指标数值")
    parser.add_argument("--out", required=True, help="要写入的数据包文件（.ipkg），不会覆盖已有文件")
    parser.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from db.errors import LedgerError, NotFoundError, ValidationError
    from desktop.cli_support import cannot_write, open_ledger_for_cli
    from reports.package_write import PackageExportError, export_package

    out = Path(args.out)
    if out.exists():
        raise CliError(f"文件已存在：{out}。为防止覆盖，export-package 不会改写它。请换一个文件名或先移走该文件。", EXIT_USAGE)
    ledger = open_ledger_for_cli(args.db)
    try:
        written = export_package(ledger, args.period, out)
    except (NotFoundError, ValidationError) as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except PackageExportError as exc:
        raise CliError(str(exc), EXIT_REFUSED) from exc
    except OSError as exc:
        raise CliError(cannot_write(out, exc), EXIT_USAGE) from exc
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_REFUSED) from exc
    finally:
        ledger.close()
    say(f"已生成数据包：{written}")
    print(written)
    return 0
