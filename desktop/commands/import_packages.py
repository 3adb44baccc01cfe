"""`ipledger import-packages FILE... --db CITY [--dry-run] [--format json] [--accept-new-key NAME]`

Each county package is verified completely (format, signature, hashes, period, the county's recorded key) before
anything is written, then applied in one operation. Verdicts: applied, replaced, unchanged, would-apply, refused.
Exit 1 if any package was refused; 2 if a file could not be read at all.
"""
from __future__ import annotations

from desktop.cli_support import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, CliError, print_json


def add_parser(sub) -> None:
    parser = sub.add_parser("import-packages", help="检查并导入各县（市、区）报来的数据包（汇总台账）")
    parser.add_argument("--db", help="汇总台账文件（用 ipledger init --rollup 创建）")
    parser.add_argument("--dry-run", action="store_true", help="只检查、显示结果，不写入台账")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")
    parser.add_argument("--accept-new-key", action="append", default=[], metavar="县名",
                        help="已向该县核实其更换了签名密钥时，接受新密钥（可写多次）")
    parser.add_argument("files", nargs="+", metavar="FILE", help="县级数据包（.ipkg）")
    parser.set_defaults(func=run)


def run(args) -> int:
    from db.errors import LedgerError
    from desktop.cli_support import open_ledger_for_cli
    from reports.package_read import import_packages

    ledger = open_ledger_for_cli(args.db, read_only=args.dry_run)
    try:
        if not args.dry_run:
            from db.backup import backup_before

            try:
                backup_before(ledger, "import-packages")  # a backup before every import
            except LedgerError as exc:
                raise CliError(str(exc), EXIT_REFUSED) from exc
        try:
            reports = import_packages(ledger, args.files, dry_run=args.dry_run,
                                      accept_new_key=set(args.accept_new_key))
        except LedgerError as exc:
            raise CliError(str(exc), EXIT_USAGE) from exc
    finally:
        ledger.close()
    if args.format == "json":
        print_json([report.to_json() for report in reports])
    else:
        for report in reports:
            for line in report.lines():
                print(line)
    if any(report.unreadable for report in reports):
        return EXIT_USAGE
    if any(report.refused for report in reports):
        return EXIT_REFUSED
    return EXIT_OK
