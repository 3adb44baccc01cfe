"""A status has one colour everywhere: the window's tables and the progress report's chart."""
from reportlab.lib import colors

from db.vocabulary import STATUSES
from reports.pdf_fonts import report_fonts
from reports.pdf_layout import OfficialDocument
from reports.pdf_render import status_chart
from ui.models.row_table import FOREGROUND, Column, RowTableModel


def _chart_bar_colours():
    doc = OfficialDocument(fonts=report_fonts([]), fingerprint="ABCD-1234-EF56", title="测试")
    chart = status_chart(doc, {s: 1 for s in STATUSES}).contents[0]
    return [chart.bars[(0, i)].fillColor for i in range(len(STATUSES))]


def test_the_report_chart_paints_each_status_in_the_windows_colour(qapp):
    model = RowTableModel([Column("status", "完成状态")])
    model.set_rows([{"id": i, "status": s} for i, s in enumerate(STATUSES)])
    window_colours = [model.data(model.index(i, 0), FOREGROUND).color().name() for i in range(len(STATUSES))]
    chart_colours = ["#" + colors.Color.hexval(c)[2:].lower() for c in _chart_bar_colours()]
    assert chart_colours == window_colours
    assert len(set(window_colours)) == 4     # four statuses, four distinct colours
