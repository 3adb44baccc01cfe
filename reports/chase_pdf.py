"""The 催报单 as a PDF: a short notice to the units that have not reported for a period, with the list
(unit, contact, phone, what is missing, days overdue), signed by the bureau. Official-document page
(reports.pdf_layout, GB/T 9704); written to a temporary name and moved into place.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from db.completeness import ChaseNotice, chase_notice
from db.vocabulary import chinese_date
from reports.pdf_fonts import markup, report_fonts
from reports.pdf_layout import BODY_LEADING, CHAR, OfficialDocument

COLUMNS = ("序号", "单位", "联系人", "联系电话", "未报事项", "逾期")
WIDTHS_MM = (10, 38, 16, 28, 42, 22)   # 156 mm, the text block
ALIGNS = ("center", "left", "center", "center", "left", "center")


def _fingerprint(ledger, plan_id: int) -> str:
    try:
        from reports.fingerprint import ledger_fingerprint
    except ImportError:
        return ""
    return ledger_fingerprint(ledger, plan_id)




def chase_story(doc: OfficialDocument, notice: ChaseNotice) -> list:
    first = f"关于催报{notice.period_name}"   # two lines: the period, then the rest of the notice's own title
    story = doc.title_block([first, notice.title[len(first):]])
    story.append(doc.p("各有关单位：", "plain"))
    if notice.items:
        story.append(doc.p(notice.body()))
        story.append(Spacer(1, BODY_LEADING * 0.3))
        rows = [(index, item.unit, item.contact, item.phone, item.missing, item.overdue_text)
                for index, item in enumerate(notice.items, 1)]
        story.append(doc.table(COLUMNS, rows, [w * mm for w in WIDTHS_MM], ALIGNS, where="催报名单"))
    else:
        story.append(doc.p(f"{notice.period_name}各责任单位均已报送，无需催报。"))
    signer = ParagraphStyle("chase_signer", parent=doc.styles["right"], rightIndent=2 * CHAR)
    dated = ParagraphStyle("chase_date", parent=doc.styles["right"], rightIndent=0)
    story.append(Spacer(1, BODY_LEADING * 1.5))
    if notice.bureau:
        story.append(Paragraph(markup(notice.bureau, signer.fontName, doc.fonts, "署名"), signer))
    story.append(Paragraph(markup(chinese_date(notice.as_of), dated.fontName, doc.fonts, "日期"), dated))
    return story


def write_chase_pdf(ledger, plan_id: int, period_id: int, out: Path | str, *,
                    progress: Callable[[int, int], None] | None = None,
                    is_cancelled: Callable[[], bool] | None = None) -> Path:
    """Write the 催报单 for the period to `out` (PDF); returns the path."""
    notice = chase_notice(ledger, plan_id, period_id)
    doc = OfficialDocument(fonts=report_fonts(), fingerprint=_fingerprint(ledger, plan_id),
                           title=notice.title, author=notice.bureau, subject="催报单")
    return doc.build(Path(out), chase_story(doc, notice), progress=progress, is_cancelled=is_cancelled)
