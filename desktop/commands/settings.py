"""`ipledger settings --db FILE [KEY=VALUE ...] [--format json]`: show or set the bureau's settings.

Keys (db/bureau_settings.py): 单位名称 县名称 负责人 分管领导 填报人 联系电话 发文机关 主送机关. `KEY=` clears a value.
Without KEY=VALUE the settings are printed. Every pair is checked before any is written (an unknown key or a bad
phone number: exit 2, nothing changed); the change is one operation in the ledger's history.
"""
from __future__ import annotations

from desktop.cli_support import EXIT_USAGE, CliError, print_json, say


def add_parser(sub) -> None:
    parser = sub.add_parser("settings", help="查看或设置本单位名称、签署人、联系电话、发文机关、主送机关")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("pairs", nargs="*", metavar="KEY=VALUE",
                        help="要设置的项目，如 负责人=张三 联系电话=0523-87654321（“负责人=”清空该项）")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")
    parser.set_defaults(func=run)


def _parse_pairs(pairs: list[str]) -> dict[str, str]:
    from db.bureau_settings import BY_KEY, BY_LABEL, LABELS

    changes: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep:
            raise CliError(f"“{pair}”不是“项目=值”的写法。例如：ipledger settings 负责人=张三。"
                           f"可以设置的项目有：{'、'.join(LABELS)}。", EXIT_USAGE)
        if key not in BY_LABEL and key not in BY_KEY:
            raise CliError(f"不认识的设置项“{key}”。可以设置的项目有：{'、'.join(LABELS)}。", EXIT_USAGE)
        changes[key] = value
    return changes


def run(args) -> int:
    from db.bureau_settings import FIELDS, read_bureau_settings, save_bureau_settings
    from db.errors import LedgerError, ValidationError
    from desktop.cli_support import open_ledger_for_cli

    changes = _parse_pairs(args.pairs)
    ledger = open_ledger_for_cli(args.db, read_only=not changes)
    try:
        if changes:
            try:
                done = save_bureau_settings(ledger, changes)
            except ValidationError as exc:
                raise CliError(str(exc), EXIT_USAGE) from exc
            except LedgerError as exc:
                raise CliError(str(exc), 1) from exc
            changed = done.result or {}
            if args.format != "json":
                say(f"已保存：{'、'.join(changed)}。" if changed else "设置没有变化。")
        settings = read_bureau_settings(ledger)
    finally:
        ledger.close()
    values = settings.by_label()
    if args.format == "json":
        print_json(values)
    else:
        width = max(len(f.label) for f in FIELDS)
        for field in FIELDS:
            value = values[field.label] or "（未设置）"
            print(f"{field.label}{'　' * (width - len(field.label))}  {value}")
    return 0
