"""`ipledger parse-plan FILE [--format json]`: read a plan document and show what was understood.

Touches no ledger. Without --format json a readable Chinese summary goes to stdout.
"""
from __future__ import annotations

import os
import sys

from desktop.cli_support import CliError, EXIT_USAGE, print_json


PLAN_FILE_HELP = ("工作方案文件：.txt（UTF-8 或 GB18030）、.docx、带文字的 .pdf，"
                  "或 .doc/.wps（需本机装有 Word、WPS 或 LibreOffice 用于转换）")


def add_parser(sub) -> None:
    parser = sub.add_parser("parse-plan", help="读取工作方案文件（.txt/.docx/.pdf/.doc/.wps），显示识别出的任务、单位、指标和阶段")
    parser.add_argument("file", help=PLAN_FILE_HELP)
    parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")
    parser.set_defaults(func=run)


def read_plan_for_cli(path: str) -> dict:
    """Parse the file or raise CliError(2) saying what is wrong; a document without tasks is refused."""
    from db.errors import LedgerError
    from db.plan_import import parse_plan_file

    try:
        return parse_plan_file(path)  # refuses a document without any task
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc


def summary_lines(parsed: dict) -> list[str]:
    lines = [f"方案：{parsed['title'] or '(未识别到标题)'}"]
    for key, label in (("issuer", "发文机关"), ("doc_number", "文号"), ("date", "日期")):
        if parsed.get(key):
            lines.append(f"{label}：{parsed[key]}")
    lines.append(f"任务 {len(parsed['tasks'])} 项，指标 {len(parsed['indicators'])} 个，阶段 {len(parsed['phases'])} 个")
    lines.append("")
    lines.append("【任务】")
    section = None
    for task in parsed["tasks"]:
        if task.get("section") != section:
            section = task.get("section")
            if section:
                lines.append(f"  {' / '.join(task.get('section_path') or [section])}")
        number = f"{task['number']}." if str(task["number"]).isdigit() else task["number"]
        lines.append(f"    {number} {task['title']}")
        for label, key in (("牵头", "lead_units"), ("配合", "co_units"), ("责任", "responsible_units")):
            if task[key]:
                lines.append(f"       {label}：{'、'.join(task[key])}")
        if task.get("collective_units"):
            names = "、".join(item["name"] for item in task["collective_units"])
            lines.append(f"       集体单位：{names}（代表多个单位，可在审阅时拆分）")
        if task.get("deadline"):
            lines.append(f"       完成时限：{task['deadline']}")
        if task.get("applicability"):
            lines.append(f"       适用：{task['applicability']}")
        if task.get("subitems"):
            lines.append(f"       分项：{'、'.join(s['label'] for s in task['subitems'])}")
    if parsed["indicators"]:
        lines.append("")
        lines.append("【指标】")
        for indicator in parsed["indicators"]:
            sign = "≥" if indicator["comparison"] == ">=" else ("≤" if indicator["comparison"] == "<=" else "=")
            year = f"{indicator['target_year']}年" if indicator.get("target_year") else "年份未写明"
            extra = "（累计）" if indicator.get("cumulative") else ""
            lines.append(f"    {indicator['name']}:{sign}{indicator['target']}{indicator['unit'] or ''}{extra},{year}")
    if parsed["phases"]:
        lines.append("")
        lines.append("【阶段】")
        for phase in parsed["phases"]:
            lines.append(f"    {phase['name']}：{phase['start'] or '?'} 至 {phase['end'] or '?'}")
    if parsed["warnings"]:
        lines.append("")
        lines.append("【需要人工核对】")
        lines.extend(f"    · {warning}" for warning in parsed["warnings"])
    return lines


def run(args) -> int:
    parsed = read_plan_for_cli(args.file)
    try:
        if args.format == "json":
            print_json(parsed)
        else:
            print("\n".join(summary_lines(parsed)))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (head, less) stopped early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
