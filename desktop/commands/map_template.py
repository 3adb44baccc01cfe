"""`ipledger map-template TEMPLATE --db FILE [--format json] [--mapping FILE.json] [--save]`

Shows how an upward template's rows and columns map onto the ledger: the remembered mapping when this template's
structure is known (remembered: true), else a proposal with a score per row; rows below the threshold are listed
unmatched and are never filled. To confirm a mapping, save the JSON (`--format json > 映射.json`), correct rows or
columns in it if needed, and run again with `--mapping 映射.json --save` (or `--save` alone to accept the proposal
as shown). `fill-template --mapping FILE.json` remembers the mapping it is given in the same way.
"""
from __future__ import annotations

from desktop.cli_support import EXIT_REFUSED, EXIT_USAGE, CliError, print_json, say


def add_parser(sub) -> None:
    parser = sub.add_parser("map-template", help="识别上级下发的统计表模板，显示（或记住）它与台账的对应关系")
    parser.add_argument("template", metavar="TEMPLATE", help="上级下发的模板 .xlsx")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")
    parser.add_argument("--mapping", metavar="FILE.json", help="按此映射文件（map-template --format json 的输出，可修改）对应")
    parser.add_argument("--save", action="store_true", help="记住这个映射：同一结构的模板以后直接填报，不再询问")
    parser.set_defaults(func=run)


def load_mapping_file(path: str, mapping, ledger=None):
    """Lay a mapping JSON file over the proposal (shared by map-template and fill-template)."""
    import json

    from db.errors import ValidationError
    from reports.template_mapping import mapping_from_json

    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except FileNotFoundError as exc:
        raise CliError(f"找不到映射文件 {path}。请检查路径。", EXIT_USAGE) from exc
    except (OSError, ValueError) as exc:
        raise CliError(f"映射文件 {path} 不是有效的 JSON（{exc}）。请用 map-template --format json 重新生成。",
                       EXIT_USAGE) from exc
    candidates = None
    if ledger is not None:   # a row's ref must name a task or target of the ledger's plan
        from db.plan_store import current_plan_id
        from reports.template_mapping import ledger_candidates

        plan_id = current_plan_id(ledger)
        candidates = ledger_candidates(ledger, plan_id) if plan_id is not None else None
    try:
        return mapping_from_json(data, mapping, candidates)
    except ValidationError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc


def read_template_mapping(ledger, template: str):
    from db.errors import NotFoundError
    from reports.template_mapping import map_template
    from reports.xlsx_safety import UnreadableWorkbook

    try:
        return map_template(ledger, template)
    except (UnreadableWorkbook, NotFoundError) as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc


def describe(mapping) -> list[str]:
    from reports.template_detect import FIELD_LABELS
    from reports.template_mapping import KIND_LABELS

    lines = [f"模板：{mapping.name}" + ("（已记住的映射，可直接填报）" if mapping.remembered else "（新的映射，请核对）")]
    lines += [f"  结构变化：{change}" for change in mapping.changes]
    for sheet in mapping.sheets:
        lines.append(f"工作表“{sheet.name}”：表头第{'、'.join(map(str, sheet.header_rows))}行，"
                     f"数据从第{sheet.first_data_row}行开始")
        for column in sheet.columns:
            lines.append(f"  {column.column}列 {column.header} → {FIELD_LABELS.get(column.field, '（不填）')}")
        for row in sheet.rows:
            label = f"  第{row.row}行 {row.number} {row.title}".rstrip()
            if row.kind:   # a task by its number and title, a target by its name (its ref) once
                target = row.ledger_title if row.ref == row.ledger_title else f"{row.ref} {row.ledger_title}".strip()
                lines.append(f"{label} → {KIND_LABELS[row.kind]} {target}（匹配度 {row.score:.2f}）")
            else:          # the nearest candidate only when it resembles the row at all
                guess = (f"，最接近：{row.ledger_title}（匹配度 {row.score:.2f}）"
                         if row.ledger_title and round(row.score, 2) > 0 else "")
                lines.append(f"{label} → {row.reason}{guess}")
    unmatched = mapping.unmatched
    if unmatched:
        lines.append(f"共 {len(unmatched)} 行未匹配，填报时不会填写；如需填写，请在映射文件中指定 kind 和 ref 后用 --mapping 再运行。")
    return lines


def run(args) -> int:
    from db.errors import LedgerError
    from desktop.cli_support import open_ledger_for_cli, refuse_rollup_ledger
    from reports.template_mapping import remember_mapping

    ledger = open_ledger_for_cli(args.db, read_only=not args.save)
    try:
        refuse_rollup_ledger(ledger, "把上级模板对应到本县的任务和指标")
        mapping = read_template_mapping(ledger, args.template)
        if args.mapping:
            mapping = load_mapping_file(args.mapping, mapping, ledger)
        if args.save:
            try:
                remember_mapping(ledger, mapping)
            except LedgerError as exc:
                raise CliError(str(exc), EXIT_REFUSED) from exc
    finally:
        ledger.close()
    if args.format == "json":
        print_json(mapping.to_json())
    else:
        for line in describe(mapping):
            print(line)
    if args.save:
        say(f"已记住模板 {mapping.name} 的映射；以后同一结构的模板直接填报。")
    return 0
