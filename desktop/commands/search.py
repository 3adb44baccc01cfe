"""`ipledger search TEXT --db FILE [--limit N] [--format json]`: find any text in the ledger (db.search)."""
from __future__ import annotations

from desktop.cli_support import EXIT_USAGE, CliError, print_json


def add_parser(sub) -> None:
    parser = sub.add_parser("search", help="全文查找：任务、进展填报、单位、指标、修改记录中的文字")
    parser.add_argument("text", help="要查找的文字；用空格隔开的几个词须同时出现，如“专利 培训”")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账）")
    parser.add_argument("--limit", type=int, default=50, help="最多列出多少条（默认 50）")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")
    parser.set_defaults(func=run)


def run(args) -> int:
    from db.search import query_words, search
    from desktop.cli_support import open_ledger_for_cli

    if not query_words(args.text):
        raise CliError(f"“{args.text}”中没有可查找的文字（只有空格或标点）。请给出要查找的字词，如 ipledger search 专利。",
                       EXIT_USAGE)
    if args.limit < 1:
        raise CliError("--limit 须为正整数，如 --limit 20。", EXIT_USAGE)
    ledger = open_ledger_for_cli(args.db, read_only=True)
    try:
        hits = search(ledger, args.text, limit=args.limit)
    finally:
        ledger.close()
    if args.format == "json":
        print_json([hit.to_json() for hit in hits])
        return 0
    if not hits:
        print(f"没有找到“{args.text}”。")
        return 0
    for hit in hits:
        print(hit.line())
    more = "（只列出前 {} 条，可用 --limit 列出更多）".format(args.limit) if len(hits) >= args.limit else ""
    print(f"共 {len(hits)} 条{more}。")
    return 0
