"""Title, issuer (发文机关), document number (文号) and date of a plan, and where the plan itself
begins: a covering notice (关于印发《…》的通知) in front is not part of the plan, and its addressee
list (各乡镇人民政府、…:) is not a list of units.
"""
from __future__ import annotations

import re

from db.plan_import.markers import match_marker

DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[【(（［]\s*(\d{4})\s*[〕\]】)）］]\s*(\d{1,4})\s*号")
DATE_CN = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
DATE_FIELD = re.compile(r"(成文日期|发文日期|印发日期|发布日期)\s*[::]?\s*(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})")
ISSUER_FIELD = re.compile(r"(?:发文机关|发布机构|发文单位|制发机关|发文机构)\s*[::]?\s*([\u4e00-\u9fff()()〔〕]{4,30})")
NOTICE_TITLE = re.compile(r"关于印发.{0,80}的通知|关于.{2,80}的通知$")
PLAN_WORDS = ("方案", "规划", "计划", "纲要", "意见", "办法", "措施", "要点", "清单", "任务", "细则", "行动")
TITLE_END = re.compile(r"(?:" + "|".join(PLAN_WORDS) + r")\s*(?:[((][^()()]{0,20}[))])?\s*》?$")
ISSUER_END = ("政府", "办公室", "办公厅", "委员会", "局", "厅", "委", "部", "院", "领导小组", "办", "中心")
_NOT_TITLE = re.compile(r"当前位置|首页|>|》\s*>|索引号|索\s*引|分\s*类|发布机构|信息来源|访问次数|发布日期|文\s*号|"
                        r"^附件\s*\d*[::]?$|^\(此件|^(此件|抄送)")
_BOOK = re.compile(r"《([^《》]{4,80})》")


_CN_DATE_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def _arabic_date(line: str) -> str:
    """'二〇二四年五月三十一日' → '2024年5月31日' (other lines unchanged)."""
    text = line.replace(" ", "")
    found = re.fullmatch(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", text)
    if not found:
        return text
    from db.plan_import.markers import chinese_to_int
    return f"{found.group(1).translate(_CN_DATE_DIGITS)}年{chinese_to_int(found.group(2))}月{chinese_to_int(found.group(3))}日"


def _is_date_line(line: str) -> bool:
    return bool(DATE_CN.match(_arabic_date(line)))


def _iso(year, month, day) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def find_notice(lines: list[str]) -> tuple[int, int] | None:
    """(notice title line, signature date line) when a covering notice comes first."""
    for index, line in enumerate(lines[:40]):
        if len(line) > 90 or re.search(r"[。;;]", line):
            continue  # a notice's title is a short line; '根据《…关于印发…的通知》精神,…。' is a sentence
        if NOTICE_TITLE.search(line) and "印发" in line or (NOTICE_TITLE.search(line) and index < 8):
            for end in range(index + 1, min(len(lines), index + 40)):
                if _is_date_line(lines[end]):
                    return index, end
            return None
    return None


def _title_block(lines: list[str], start: int) -> tuple[str | None, int]:
    """The plan's own title from `start`: up to three short lines ending with 方案/规划/…; returns (title, next line)."""
    index = start
    while index < len(lines) and (_NOT_TITLE.search(lines[index]) or DOC_NUMBER.fullmatch(lines[index])):
        index += 1
    parts: list[str] = []
    for offset in range(index, min(len(lines), index + 3)):
        line = lines[offset].strip()
        if match_marker(line) or re.search(r"[。;;,,:]", line) or len(line) > 60:
            break
        parts.append(line)
        if TITLE_END.search(line):
            return "".join(parts), offset + 1
    return None, start


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", "", title).strip()
    found = _BOOK.fullmatch(title)
    return found.group(1) if found else title.strip("《》")


def read_metadata(lines: list[str]) -> dict:
    """{title, issuer, doc_number, date, plan_start, notice_lines} from the first lines of the plan."""
    notice = find_notice(lines)
    notice_name = None
    title = issuer = date = None
    plan_start = 0
    plan_end = len(lines)
    if notice:
        first, signed = notice
        book = _BOOK.search(lines[first])
        notice_name = book.group(1) if book else None
        date = _iso(*DATE_CN.match(_arabic_date(lines[signed])).groups())
        if signed > first + 1 and _looks_like_issuer(lines[signed - 1]):
            issuer = lines[signed - 1].strip()
        plan_start = signed + 1
        found, after = _title_block(lines, plan_start)
        if found:
            title, plan_start = found, after
        elif notice_name:
            title = notice_name
        if not issuer:
            prefix = re.match(r"^(.{2,30}?)关于印发", lines[first])
            if prefix and _looks_like_issuer(prefix.group(1)):
                issuer = prefix.group(1)
    else:
        for index, line in enumerate(lines[:25]):
            if _NOT_TITLE.search(line) or match_marker(line):
                continue
            if TITLE_END.search(line.strip()) and len(line) <= 60 and not re.search(r"[。;;,]", line):
                title = line.strip()
                if index > 0 and _continues_title(lines[index - 1]):
                    title = lines[index - 1].strip() + title
                plan_start = index + 1
                break
    if not title and lines:
        title, found_issuer, found_date = _run_together_notice(" ".join(lines[:2])[:4000])
        issuer, date = issuer or found_issuer, date or found_date
    if not title and lines:
        run_on = _RUN_ON_TITLE.match(lines[0])  # '…实施方案(2023—2025年)为全面贯彻…' pasted as one line
        title = run_on.group(1) if run_on else None
    head = lines[:max(plan_start, 1) + (0 if notice else 10)]
    doc_number = _doc_number(head)
    if not issuer:
        for line in head:
            found = ISSUER_FIELD.search(line)
            if found:
                issuer = found.group(1)
                break
    if not date:
        for line in head:
            found = DATE_FIELD.search(line)
            if found:
                date = _iso(*found.groups()[1:])
                break
    for index in range(len(lines) - 1, max(plan_start, len(lines) - 4) - 1, -1):
        line = _arabic_date(lines[index])
        if not DATE_CN.match(line):
            continue
        plan_end = index  # signed at the end of the plan: issuer and date are not part of its last task
        date = date or _iso(*DATE_CN.match(line).groups())
        if index > 0 and _looks_like_issuer(lines[index - 1]):
            issuer = issuer or lines[index - 1].strip()
            plan_end = index - 1
        break
    if not date:
        for index in range(plan_start, min(len(lines), plan_start + 3)):
            if _is_date_line(lines[index]):
                date = _iso(*DATE_CN.match(_arabic_date(lines[index])).groups())
                break
    if not date and lines:
        signed = _SIGNED_AT_END.search(lines[-1])  # '…考核。某市人民政府办公室2023年3月20日' run together
        if signed:
            date = _iso(*signed.groups()[1:])
            issuer = issuer or (signed.group(1) if _looks_like_issuer(signed.group(1)) else None)
    return {
        "title": _clean_title(title) if title else None,
        "issuer": issuer,
        "doc_number": doc_number,
        "date": date,
        "plan_start": plan_start,
        "plan_end": plan_end,
        "notice_lines": [notice[0], notice[1]] if notice else None,
    }


_SIGNED_AT_END = re.compile(r"(?:^|[。!;;])\s*([^。!,,:;;]{3,30}?)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_RUN_ON_TITLE = re.compile(r"^《?([^,,。;;:《》]{4,60}?(?:方案|规划|计划|纲要|意见|要点|清单)"
                           r"(?:[((]\d{4}\s*[-—–~至]\s*\d{4}\s*年?[))])?)》?(?=为|根据|按照|一、|第一章)")


def _run_together_notice(text: str) -> tuple[str | None, str | None, str | None]:
    """A notice pasted without line breaks: '…关于印发《X》的通知…请认真贯彻落实。Y办公室2025年3月12日X…'."""
    book = re.search(r"关于印发《([^《》]{4,80})》", text) or re.search(r"关于印发([^《》,,。]{4,80}?)的通知", text)
    if not book:
        return None, None, None
    signed = re.search(r"(?:^|[。!])\s*([^。!,,:;;]{3,40}?)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text[book.end():])
    if not signed:
        return book.group(1), None, None
    issuer = signed.group(1).strip() if _looks_like_issuer(signed.group(1)) else None
    return book.group(1), issuer, _iso(*signed.groups()[1:])


def _looks_like_issuer(line: str) -> bool:
    line = line.strip()
    return 3 <= len(line) <= 40 and line.endswith(ISSUER_END) and not re.search(r"[。,,;;::、]", line)


def _continues_title(line: str) -> bool:
    line = line.strip()
    return (4 <= len(line) <= 30 and not re.search(r"[。;;,,::、]", line) and not match_marker(line)
            and not _NOT_TITLE.search(line) and not line.endswith(("文件", "通知")) and not _is_date_line(line)
            and not DOC_NUMBER.search(line) and not _looks_like_issuer(line))


def _doc_number(lines: list[str]) -> str | None:
    for line in lines:
        for found in DOC_NUMBER.finditer(line):
            before = line[:found.start()].rstrip()
            after = line[found.end():].lstrip()
            if before.endswith(("(", "(", "《")) or after.startswith((")", ")")):
                continue  # a document cited in passing
            prefix = re.split(r"通知|文号|字号|文件|号", found.group(1))[-1][-8:]
            if not prefix:
                continue
            return f"{prefix}〔{found.group(2)}〕{found.group(3)}号"
    return None
