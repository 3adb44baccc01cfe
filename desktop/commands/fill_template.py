"""`ipledger fill-template TEMPLATE --db FILE --period KEY --out FILE [--mapping FILE.json]`

Fills a copy of an upward template for a period; the template file is never changed and an existing --out is
never overwritten (exit 2). Without --mapping the remembered mapping of this template's structure is used; a new
template, or one whose structure changed, is refused (exit 1) with what changed, until its mapping is confirmed
(`map-template ... --save`, or `--mapping FILE.json`, which is remembered too).
"""
from __future__ import annotations

from desktop.cli_support import EXIT_REFUSED, EXIT_USAGE, CliError, cannot_write, say


def add_parser(sub) -> None:
    parser = sub.add_parser("fill-template", help="用台账数据填写上级下发的统计表模板（另存新文件，模板不变）")
    parser.add_argument("template", metavar="TEMPLATE", help="上级下发的模板 .xlsx")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--period", required=True, help="报告期，如 2026Q3")
    parser.add_argument("--out", required=True, help="填好的 .xlsx 保存到哪里（不覆盖已有文件）")
    parser.add_argument("--mapping", metavar="FILE.json", help="按此映射文件填写，并记住它（map-template --format json 的输出）")
    parser.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from db.errors import LedgerError, NotFoundError
    from desktop.cli_support import open_ledger_for_cli, refuse_rollup_ledger
    from desktop.commands.map_template import load_mapping_file, read_template_mapping
    from reports.atomic_file import ReportWriteError
    from reports.template_fill import TemplateNotConfirmed, fill_template
    from reports.template_mapping import remember_mapping

    out, template = Path(args.out), Path(args.template)
    if not out.name.lower().endswith(".xlsx"):
        raise CliError(f"输出文件 {args.out} 应以 .xlsx 结尾。", EXIT_USAGE)
    if out.exists():
        raise CliError(f"{out} 已存在。为防止覆盖，请换一个文件名，或先移走该文件。", EXIT_USAGE)
    if template.exists() and out.resolve() == template.resolve():
        raise CliError("输出文件不能是模板本身：模板保持不变，请另起文件名。", EXIT_USAGE)
    ledger = open_ledger_for_cli(args.db, read_only=not args.mapping)
    try:
        refuse_rollup_ledger(ledger, "用本县的数据填报上级模板")
        mapping = None
        if args.mapping:
            mapping = load_mapping_file(args.mapping, read_template_mapping(ledger, args.template), ledger)
        else:
            read_template_mapping(ledger, args.template)     # bad files: exit 2 with their own message
        try:
            if mapping is not None:
                remember_mapping(ledger, mapping)
            result = fill_template(ledger, template, args.period, out, mapping=mapping)
        except TemplateNotConfirmed as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
        except (NotFoundError, ReportWriteError) as exc:
            raise CliError(str(exc), EXIT_USAGE) from exc
        except LedgerError as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
        except OSError as exc:
            raise CliError(cannot_write(args.out, exc), EXIT_USAGE) from exc
    finally:
        ledger.close()
    print(result.path)
    say(f"已填写 {result.rows_filled} 行、{result.cells_written} 个单元格；公式单元格保持不变，打开时自动重新计算。")
    if result.rows_unmatched:
        say("以下行没有对应的任务或指标，未填写：" + "；".join(result.rows_unmatched))
    return 0
