"""`ipledger report --db FILE --kind progress|acceptance [--period KEY] --out FILE.pdf|FILE.docx`: the report as PDF,
or as a Word document the clerk can edit (the format follows the extension; anything but .docx is a PDF).

Without --period: the current period (the latest one that has ended). Prints the file written on stdout; the
fingerprint, the fonts used and any warnings go to stderr.
"""
from __future__ import annotations

from desktop.cli_support import EXIT_REFUSED, EXIT_USAGE, CliError, say


def add_parser(sub) -> None:
    parser = sub.add_parser("report", help="生成报告（进展情况报告或验收报告），PDF 或 Word")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--kind", required=True, choices=["progress", "acceptance"],
                        help="progress：工作进展情况报告；acceptance：工作总结暨验收报告")
    parser.add_argument("--period", help="报告期，如 2025Q3（默认：最近一个已结束的报告期）")
    parser.add_argument("--out", required=True, help="输出文件：.pdf 为 PDF，.docx 为 Word 文档")
    parser.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from db.errors import LedgerError, NotFoundError, ValidationError
    from desktop.cli_support import open_ledger_for_cli, refuse_rollup_ledger

    out = Path(args.out)
    if out.is_dir():
        raise CliError(f"--out 指向的是文件夹：{out}。请写出文件名，例如 {out / '进展情况报告.pdf'}"
                       f" 或 {out / '进展情况报告.docx'}。", EXIT_USAGE)
    if not out.parent.is_dir() and str(out.parent):
        raise CliError(f"保存位置不存在：{out.parent}。请先建立该文件夹，或换一个保存位置。", EXIT_USAGE)
    if out.suffix.lower() not in (".pdf", ".docx"):
        out = out.with_name(out.name + ".pdf")
    ledger = open_ledger_for_cli(args.db, read_only=True)
    try:
        refuse_rollup_ledger(ledger, "生成本县的报告")
        if args.kind == "progress":
            from reports.progress_report import build_progress_report as build
        else:
            from reports.acceptance_report import build_acceptance_report as build
        try:
            result = build(ledger, out, args.period)
        except (NotFoundError, ValidationError) as exc:   # an unknown or malformed period key
            raise CliError(str(exc), EXIT_USAGE) from exc
        except LedgerError as exc:                         # no plan or periods, a missing glyph, a locked file
            raise CliError(str(exc), EXIT_REFUSED) from exc
    finally:
        ledger.close()
    say(f"已生成：{result.title}")
    say(f"数据指纹：{result.fingerprint}")
    for line in result.fonts_used:
        say(f"字体 {line}")
    for warning in result.warnings:
        say(f"提示：{warning}")
    print(str(result.path))
    return 0
