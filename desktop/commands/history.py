"""`ipledger undo` / `ipledger redo` / `ipledger history`: the ledger's operation history, through the core
(db.ops), the same undo and redo as the window's Ctrl+Z / Ctrl+Y."""
from __future__ import annotations

from desktop.cli_support import EXIT_OK, EXIT_REFUSED, CliError, add_admin_password_option, print_json, say

DB_HELP = "台账文件（默认：用户数据文件夹中的台账）"
FORMAT_HELP = "输出格式：text（默认）或 json"


def add_parser(sub) -> None:
    for name, help_text, verb in (("undo", "撤销最近一次操作（或 --id 指定的操作）", "撤销"),
                                  ("redo", "重做最近一次撤销的操作（或 --id 指定的操作）", "重做")):
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("--db", help=DB_HELP)
        parser.add_argument("--id", type=int, help=f"要{verb}的操作编号（见 ipledger history）")
        parser.add_argument("--format", choices=["text", "json"], default="text", help=FORMAT_HELP)
        add_admin_password_option(parser)
        parser.set_defaults(func=run_undo if name == "undo" else run_redo)
    parser = sub.add_parser("history", help="列出操作记录（最新的在前），可撤销/重做的操作")
    parser.add_argument("--db", help=DB_HELP)
    parser.add_argument("--limit", type=int, default=50, help="最多列出多少条（默认 50）")
    parser.add_argument("--format", choices=["text", "json"], default="text", help=FORMAT_HELP)
    parser.set_defaults(func=run_history)


def _replay(args, verb: str) -> int:
    from db.errors import UndoRefusedError
    from db.ops import redo, undo
    from db.ops.replay import target
    from desktop.cli_support import open_ledger_for_cli, prove_admin

    ledger = open_ledger_for_cli(args.db)
    try:
        entry = target(ledger, verb, args.id)
        if entry is not None and entry.needs_admin:   # an administrator's change: the same rule to undo it
            prove_admin(ledger, args, f"{'撤销' if verb == 'undo' else '重做'}“{entry.label}”")
        try:
            changes = (undo if verb == "undo" else redo)(ledger, args.id)
        except UndoRefusedError as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
    finally:
        ledger.close()
    label = changes.label.split("：", 1)[-1]
    if args.format == "json":
        print_json({"undone" if verb == "undo" else "redone": label, "changes": changes.to_json()})
    else:
        say(f"已{'撤销' if verb == 'undo' else '重做'}：{label}（第 {changes.operation_id} 号操作）")
    return EXIT_OK


def run_undo(args) -> int:
    return _replay(args, "undo")


def run_redo(args) -> int:
    return _replay(args, "redo")


def run_history(args) -> int:
    from db.ops import history
    from db.ops.replay import SOURCE_WORDS
    from desktop.cli_support import open_ledger_for_cli

    if args.limit is not None and args.limit < 1:
        raise CliError("--limit 必须是正整数。")
    ledger = open_ledger_for_cli(args.db, read_only=True)
    try:
        entries = history(ledger, args.limit)
    finally:
        ledger.close()
    if args.format == "json":
        print_json([entry.to_json() for entry in entries])
        return EXIT_OK
    if not entries:
        say("还没有操作记录。")
        return EXIT_OK
    print("编号   时间                 操作人      来源    状态          操作")
    for e in entries:
        print(f"{e.id:<6} {e.at:<20} {e.who or '-':<10} {SOURCE_WORDS.get(e.source, e.source):<6} "
              f"{e.state_word:<12} {e.label}")
    return EXIT_OK
