"""The `ipledger` command line (contract: ../shared/CLI.md).

Each subcommand lives in its own module under desktop/commands/ with
`add_parser(subparsers)`; the module must stay light to import (heavy libraries
are imported inside the command's run function).
"""
from __future__ import annotations

import argparse
import gc
import importlib
import sqlite3
import sys

from desktop.cli_support import BUSY_MESSAGE, EXIT_REFUSED, EXIT_USAGE, CliError, say

COMMAND_MODULES = [
    "gui",
    "init",
    "periods",
    "status",
    "parse_plan",
    "import_plan",
    "export_forms",
    "import_returns",
    "export_summary",
    "report",
    "generate",
    "safety",  # backup / restore / check
    "admin",  # close-period / reopen-period / admin-password (issue 18)
    # second wave (../shared/CLI.md "Added commands"); a module not written yet is skipped
    "history",  # undo / redo / history (issue 12)
    "search",  # full-text search (issue 12)
    "settings",  # bureau settings and signatories (issue 16)
    "export_dossier",  # acceptance dossier (issue 16)
    "map_template",  # upward templates (issue 14)
    "fill_template",
    "export_package",  # county packages and roll-up (issue 15)
    "import_packages",
    "rollup_status",
]


# argparse's own words (usage line, help headings, usage errors) in Chinese: it looks each message up through its
# module-level gettext function `_` at the time it is used, so replacing that function translates them.
ARGPARSE_WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s:%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)r（可选：%(choices)s）",
    "expected one argument": "后面需要一个值",
    "expected at most one argument": "后面最多一个值",
    "expected at least one argument": "后面至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
}
argparse._ = lambda message: ARGPARSE_WORDS.get(message, message)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2 with a Chinese hint
        self.print_usage(sys.stderr)
        say(f"用法错误：{message}。运行 ipledger --help 查看各命令的用法。")
        raise SystemExit(EXIT_USAGE)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` just that command (the window's start need not build the
    other eleven)."""
    parser = _Parser(prog="ipledger", description="知识产权强县建设任务台账")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in [only] if only else COMMAND_MODULES:
        try:
            module = importlib.import_module(f"desktop.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"desktop.commands.{name}":
                continue  # command not built yet
            raise
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["gui"]:
        # Opening the window: Python's cyclic collector stays off while modules load and the window is built
        # (ui.garbage_collector then runs it on the UI thread by timer), and only the gui command is parsed.
        gc.disable()
        parser = build_parser(only="gui")
    else:
        parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        args = parser.parse_args(["gui", *argv])
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not in Python's own flush at exit
        return code
    except CliError as exc:
        say(exc.message)
        return exc.code
    except KeyboardInterrupt:
        say("已取消。")
        return 130
    except BrokenPipeError:
        _quiet_stdout()  # the reader went away (`ipledger periods --format json | head`): end quietly
        return EXIT_REFUSED
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        say(BUSY_MESSAGE)
        return EXIT_REFUSED


def _quiet_stdout() -> None:
    """Point stdout at the null device, so Python's final flush does not fail on the closed pipe again."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main_gui() -> int:
    return main(["gui", *sys.argv[1:]])
