"""`ipledger import-returns --db FILE [--dry-run] [--format json] [--period KEY] [--on-conflict keep|take] FILE...`

Each file is checked completely first; an accepted file is applied in one transaction. Conflicts
(a value the ledger changed after the form was issued, which the return contradicts) keep the
ledger's value by default (`--on-conflict keep`); `--on-conflict take` takes the return's value.
Either way they are listed in the output. Exit 1 if any file was refused; 2 if a file could not be
read at all (missing, not a workbook).
"""
from __future__ import annotations

from desktop.cli_support import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, CliError, print_json


def add_parser(sub) -> None:
    parser = sub.add_parser("import-returns", help="检查并导入各单位报回的填报表")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--dry-run", action="store_true", help="只检查、显示将要导入的内容，不写入台账")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")
    parser.add_argument("--period", help="把填报内容导入到这个报告期（默认：表格下发时的报告期）")
    parser.add_argument("--on-conflict", choices=["keep", "take"], default="keep",
                        help="台账在下发后被修改过、且与报表不一致的内容：keep 保留台账（默认），take 采用报表")
    parser.add_argument("files", nargs="+", metavar="FILE", help="报回的 .xlsx 文件")
    parser.set_defaults(func=run)


def _describe(report, decision: str, *, dry_run: bool = False) -> list[str]:
    from reports.return_verdicts import DECISION_WORDS, verdict_word

    lines = []
    head = f"{report.file}：{verdict_word(report.verdict, dry_run=dry_run)}"
    if report.verdict == "unchanged" and report.previously_imported:
        head += f"（此文件已于 {report.previously_imported[-1]['at']} 导入过）"
    if report.unit:
        head += f"  单位：{report.unit}"
    if report.period:
        head += f"  报告期：{report.period}"
    lines.append(head)
    if report.form_period and report.period and report.form_period != report.period:
        lines.append(f"  注意：这是 {report.form_period} 的表格，内容导入到 {report.period}。")
    if report.analysis is not None and not report.refused:
        counts = report.analysis.counts(default=decision)
        from reports.returns_reader import describe_counts

        lines.append("  " + describe_counts(counts))
        for conflict in report.analysis.conflicts:
            chosen = DECISION_WORDS["take" if decision == "take" else "keep"]
            lines.append(f"  冲突 {conflict.sheet} 第{conflict.row}行 {conflict.column}（{conflict.label}）："
                         f"台账为“{conflict.to_json()['ledger']}”，报表为“{conflict.to_json()['return']}” → {chosen}")
        if report.analysis.conflicts and decision != "take":
            lines.append("  冲突处保留了台账中的值；如要采用报表中的值，请加 --on-conflict take 再导入一次。")
    if not report.refused:
        lines.extend(f"  请核实：{line}" for line in report.notice_lines())
    for line in report.error_lines():
        # the head line already names the file: "x.xlsx:已拒绝" then "不是Excel工作簿…", not "x.xlsx 不是…" again
        if line.startswith(report.file):
            line = line[len(report.file):].lstrip(" :：")
        lines.append(f"  {line}")
    return lines


def run(args) -> int:
    from db.errors import LedgerError
    from desktop.cli_support import open_ledger_for_cli
    from reports.returns_import import import_returns

    ledger = open_ledger_for_cli(args.db, read_only=args.dry_run)
    try:
        result = import_returns(ledger, args.files, target_period=args.period, default_decision=args.on_conflict,
                                dry_run=args.dry_run)
    except LedgerError as exc:   # no backup could be taken: nothing was written
        raise CliError(str(exc), EXIT_REFUSED) from exc
    finally:
        ledger.close()
    if args.format == "json":
        print_json(result.verdicts())
    else:
        for report in result.reports:
            for line in _describe(report, args.on_conflict, dry_run=args.dry_run):
                print(line)
    if result.unreadable:
        return EXIT_USAGE
    if result.refused:
        return EXIT_REFUSED
    return EXIT_OK
