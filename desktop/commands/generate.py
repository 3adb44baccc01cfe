"""`ipledger generate --db FILE --scale city|province`: a large realistic ledger for benchmarks and demos."""
from __future__ import annotations

from desktop.cli_support import EXIT_USAGE, CliError, say


def add_parser(sub) -> None:
    parser = sub.add_parser("generate", help="生成大规模示例台账（用于性能测试和演示）")
    parser.add_argument("--db", required=True, help="要创建的台账文件（不会覆盖已有文件）")
    parser.add_argument("--scale", required=True, choices=["city", "province"],
                        help="city：20个县，约2000项任务、400个单位、20个报告期、16万条进展；province：其10倍")
    parser.add_argument("--rollup", action="store_true",
                        help="改为生成汇总台账：city 20个县、province 100个县的已签名数据包（写在台账旁的文件夹中）并导入")
    parser.set_defaults(func=run)


def run(args) -> int:
    import time
    from pathlib import Path

    from db.errors import LedgerError
    from db.generate import generate_ledger

    path = Path(args.db)
    if path.exists():
        raise CliError(f"文件已存在：{path}。为防止覆盖已有数据，generate 不会改写它。请换一个文件名。", EXIT_USAGE)
    started = time.perf_counter()
    if args.rollup:
        return _run_rollup(args, path, started)
    try:
        counts = generate_ledger(path, args.scale, progress=say)
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except OSError as exc:
        raise CliError(f"无法写入 {path}：{exc}。请检查文件夹是否存在、是否有写入权限、磁盘空间是否充足。", EXIT_USAGE) from exc
    say(f"已生成台账：{path}（{counts['counties']} 个县（市、区）、{counts['units']} 个单位、{counts['tasks']} 项任务、"
        f"{counts['periods']} 个报告期、{counts['progress']:,} 条进展，用时 {time.perf_counter() - started:.1f} 秒）")
    return 0


def _run_rollup(args, path, started) -> int:
    import time

    from db.errors import LedgerError
    from reports.package_generate import generate_rollup

    try:
        made = generate_rollup(path, args.scale, progress=say)
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except OSError as exc:
        raise CliError(f"无法写入 {path}：{exc}。请检查文件夹是否存在、是否有写入权限、磁盘空间是否充足。", EXIT_USAGE) from exc
    say(f"已生成汇总台账：{path}（{made['counties']} 个县（市、区）的数据包，导入 {made['applied']} 个；"
        f"数据包在 {made['packages']}，用时 {time.perf_counter() - started:.1f} 秒）")
    return 0
