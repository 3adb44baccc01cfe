"""The city's 通报: counties ranked by timeliness, reporting completeness, red lights and target progress
(db.rollup.overview.ranking), as an Excel sheet and as a PDF with the reports' official layout."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from db.periods import parse_period_key
from db.rollup import rollup_name
from db.rollup.overview import RANKING_RULE, overview, ranking
from db.rollup.texts import RANKING_HEADER, ranking_table, reported_text
from db.vocabulary import chinese_date

SHEET_WIDTHS = (6, 16, 14, 16, 12, 10, 10, 14)
PDF_WIDTHS_MM = (12, 24, 22, 30, 18, 14, 14, 22)   # 156 mm, the text block


def bulletin_title(ledger, period_key: str) -> str:
    return f"{rollup_name(ledger)}各县（市、区）{parse_period_key(period_key).name}工作进展情况通报"


def bulletin_summary(ledger, period_key: str, rows) -> str:
    reported = [row for row in rows if row.reported]
    late = [row.name for row in reported if row.days_late]
    silent = [row.name for row in rows if not row.reported]
    text = (f"{parse_period_key(period_key).name}，全市{len(rows)}个县（市、区）中{len(reported)}个已报送数据包，"
            f"其中按时报送{len(reported) - len(late)}个")
    text += f"，逾期报送{len(late)}个（{'、'.join(late)}）" if late else ""
    text += f"；尚未报送{len(silent)}个（{'、'.join(silent)}）。" if silent else "。"
    return text + "现将各地排名情况通报如下。"


def write_bulletin_xlsx(ledger, period_key: str, out: Path | str) -> Path:
    from openpyxl import Workbook

    from reports.atomic_file import save_workbook_atomically
    from reports.xlsx_writeonly import SheetColumn, TableSheet

    rows = overview(ledger, period_key)
    ranked = ranking(ledger, period_key, rows)
    wb = Workbook(write_only=True)
    aligns = ("center", "left", "center", "center", "right", "right", "right", "right")
    shares = (4, 7)   # 填报完整率 and 指标平均推进度: numbers shown as percentages, so the clerk can sort them
    sheet = TableSheet(wb, "通报排名", tuple(SheetColumn(h, w, a, wrap=h == RANKING_HEADER[1],
                                                         number_format="0.0%" if i in shares else "General")
                                             for i, (h, w, a) in enumerate(zip(RANKING_HEADER, SHEET_WIDTHS, aligns))))
    sheet.titles(bulletin_title(ledger, period_key), bulletin_summary(ledger, period_key, rows))
    for values, item in zip(ranking_table(ranked), ranked):
        values = list(values)
        for index, share in zip(shares, (item.row.completeness, item.row.target_progress)):
            values[index] = "" if share is None else share
        sheet.append(values)
    sheet.note(RANKING_RULE)
    sheet.note(f"截止日期：{chinese_date(_due(ledger, period_key))}（期末后{_due_days(ledger)}日）；"
               "各县数字由各县台账生成数据包时按统一规则计算，并经数字签名核验。")
    return save_workbook_atomically(wb, out)


def _due(ledger, period_key: str):
    from db.rollup.overview import due_date

    return due_date(ledger, period_key)


def _due_days(ledger) -> int:
    from db.rollup.overview import DEFAULT_DUE_DAYS, DUE_DAYS_SETTING

    try:
        return int(ledger.setting(DUE_DAYS_SETTING, str(DEFAULT_DUE_DAYS)))
    except ValueError:
        return DEFAULT_DUE_DAYS


def bulletin_story(doc, ledger, period_key: str) -> list:
    """The 通报's flowables (also a section of the city's progress report)."""
    from reportlab.lib.units import mm

    rows = overview(ledger, period_key)
    ranked = ranking(ledger, period_key, rows)
    story = [doc.p(bulletin_summary(ledger, period_key, rows))]
    story += doc.table_title(f"{parse_period_key(period_key).name}各县（市、区）排名")
    aligns = ("center", "left", "center", "center", "right", "right", "right", "right")
    story.append(doc.table(RANKING_HEADER, ranking_table(ranked), [w * mm for w in PDF_WIDTHS_MM], aligns,
                           where="通报排名", plain_cols=(0, 4, 5, 6, 7)))
    story.append(doc.p(RANKING_RULE, "note"))
    late = [item.row for item in ranked if item.row.reported and item.row.days_late]
    if late:
        story.append(doc.p("逾期报送：" + "；".join(f"{row.name}{reported_text(row)}" for row in late) + "。", "note"))
    return story


def write_bulletin_pdf(ledger, period_key: str, out: Path | str, *,
                       progress: Callable[[int, int], None] | None = None,
                       is_cancelled: Callable[[], bool] | None = None) -> Path:
    from reports.pdf_fonts import report_fonts
    from reports.pdf_layout import OfficialDocument
    from reports.rollup_report import rollup_fingerprint

    title = bulletin_title(ledger, period_key)
    doc = OfficialDocument(fonts=report_fonts(), fingerprint=rollup_fingerprint(ledger, period_key), title=title,
                           author=rollup_name(ledger), subject="通报")
    name = rollup_name(ledger)
    story = doc.title_block([f"{name}各县（市、区）", title[len(name) + len("各县（市、区）"):]])
    story += bulletin_story(doc, ledger, period_key)
    return doc.build(Path(out), story, progress=progress, is_cancelled=is_cancelled)
