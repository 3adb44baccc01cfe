"""`ipledger gui [--db FILE] [--page NAME] [--screenshot PNG]` (and plain `ipledger`): open the window."""
from __future__ import annotations

from desktop.cli_support import CliError, EXIT_USAGE

PAGE_NAMES = ["dashboard", "plan", "unit", "indicators", "returns", "reports", "units", "audit",
              "counties", "city_indicators", "bulletin", "packages"]  # the last four: a roll-up ledger (汇总)


def add_parser(sub) -> None:
    parser = sub.add_parser("gui", help="打开窗口")
    parser.add_argument("--db", help="台账文件（默认：用户数据文件夹中的台账，首次使用时自动创建示例台账）")
    parser.add_argument("--page", choices=PAGE_NAMES, help="打开时显示的页面")
    parser.add_argument("--screenshot", metavar="PNG", help="完整加载并绘制窗口后保存截图，然后退出")
    parser.set_defaults(func=run)


def run(args) -> int:
    from desktop.launch import launch_window

    return launch_window(db=args.db, page=args.page, screenshot=args.screenshot)
