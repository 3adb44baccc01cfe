"""使用说明: the clerk's guide built into the program, one text for the 帮助 dialog (ui/help_dialog.py) and the PDF
(same page layout as the reports: reports/pdf_layout.py). It walks through the year's work, from importing the
plan to the acceptance dossier, with screenshots taken from the demo ledger (scripts/guide_screenshots.py writes
them into reports/user_guide_images/).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from db.deadlines import INFERRED_DEADLINE_NOTE

GUIDE_TITLE = "知识产权强县建设任务台账使用说明"
IMAGES = Path(__file__).with_name("user_guide_images")

# The three first steps, also shown once by the first-start guide (ui/first_start.py).
FIRST_STEPS = (
    ("导入工作方案", "菜单“文件 → 导入方案…”（Ctrl+I），选择县里印发的工作方案（Word、PDF 或文本文件），核对识别出的任务和责任单位后保存。"),
    ("生成报告期", "菜单“文件 → 报告期管理…”，选择填报周期（如按季度）和截止规则，点“按周期生成报告期”。"),
    ("下发填报表", "左侧“表格收发”页，勾选单位，点“生成填报表…”，把生成的 Excel 表发给各责任单位。"),
)


@dataclass(frozen=True)
class GuideSection:
    title: str
    paragraphs: tuple[str, ...]
    image: str | None = None      # file name in IMAGES
    caption: str = ""

    @property
    def image_path(self) -> Path | None:
        return IMAGES / self.image if self.image else None


SECTIONS: tuple[GuideSection, ...] = (
    GuideSection("一、本程序做什么", (
        "本程序是县知识产权局管理“知识产权强县建设工作方案”任务台账的工具：把方案中的重点任务、牵头单位和配合单位、"
        "目标指标和报告期记在一个台账文件里，按报告期向各单位下发填报表、收回后导入，随时查看推进情况，并打印进展报告和验收材料。",
        "程序不联网，所有数据都保存在本机的台账文件中。窗口顶部的“方案”和“报告期”决定各页面显示的内容：换一个报告期，各页面随之改变。",
        "第一次打开时，程序自动建立一个示例台账（泰兴市示例方案，标有“示例数据”），可以放心试用。正式使用时，"
        "用“文件 → 新建台账…”建立自己的台账。",
    ), "dashboard.png", "首页概览：任务完成状态、红黄绿灯、本期单位填报和指标完成情况"),
    GuideSection("二、第一步：导入工作方案", (
        "菜单“文件 → 导入方案…”（Ctrl+I），点“打开方案文件…”选择方案（Word 文档 .docx、带文字的 PDF 或 .txt 文本；旧版 .doc 和 WPS 的 .wps 文件需本机装有 Word、WPS 或 LibreOffice，由它们转换后读取；扫描的 PDF 读不出文字，请粘贴文本），"
        "或点“粘贴文本…”粘贴方案全文。程序识别出章节、重点任务、牵头单位、配合单位、完成时限、目标指标和实施阶段，逐项列出供核对。",
        "识别有疑问的地方会标出提示（例如“未写明责任单位”）。可在对话框中直接修改，确认无误后保存为新方案。"
        "导入后在“方案任务”页可以继续新增、编辑、移动任务和分配单位。",
        INFERRED_DEADLINE_NOTE,
    ), "plan.png", "方案任务：章节与任务、牵头单位、配合单位、完成时限和本期状态"),
    GuideSection("三、第二步：生成报告期", (
        "菜单“文件 → 报告期管理…”：选择单位填报周期（季度、半年等）、截止规则（如“期满后5日内”）和指标填报周期，"
        "点“按周期生成报告期”，程序按方案的起止年份生成全部报告期。专项督查等临时任务可新增临时报告期。",
        "“临期预警”天数决定任务何时亮黄灯。报告期关闭后，其填报内容只读，需管理员重新开放才能修改。",
    ), "periods.png", "报告期管理：填报周期、截止日期和每个报告期的状态"),
    GuideSection("四、核对单位", (
        "“单位管理”页列出方案涉及的全部单位。方案中同一单位写法不同时（如“市场监管局”和“市市场监督管理局”），"
        "可以合并；可以填写各单位的简称、联系人和联系电话，填报表和催报单会用到它们。",
    ), "units.png", "单位管理：单位名称、简称、联系人，以及合并和改名"),
    GuideSection("五、第三步：下发填报表", (
        "在窗口顶部选好报告期，打开“表格收发”页，勾选要下发的单位，点“生成填报表…”并选择保存的文件夹。"
        "每个单位得到一个 Excel 填报表，只列出该单位承担的任务和指标，已预填上期内容，黄色单元格供填写，并带有下拉选项和填写说明。",
        "把填报表通过邮件或其他方式发给各单位，请他们在截止日期前填好后原样发回，不要复制到新文件中填写。",
    ), "returns.png", "表格收发：下发填报表、收回并导入、导出汇总表"),
    GuideSection("六、收回并导入填报表", (
        "单位发回的填报表，在“表格收发”页的“接收报表”标签中点“选择文件…”（可一次选多个，也可直接拖进列表）。程序先逐个检查，"
        "列出每个文件的结论：可以导入、请核实（与上期相同、状态与进度不符等），或拒绝（写明哪个工作表、哪一行、哪一列有问题以及怎么改）。",
        "核对后点“接受所选文件”或“接受全部可导入的文件”。导入是一次完整的操作：有问题的文件不会改动台账；"
        "导入后如发现不对，可用“编辑 → 撤销”（Ctrl+Z）整体撤回。“收发情况”标签列出每个单位何时下发、何时收回及结论。",
    )),
    GuideSection("七、在窗口中填报和修改", (
        "“单位填报”页：选择填报单位，表中列出该单位本期的每项任务，直接在单元格中选择完成状态、填写完成进度和进展情况、"
        "存在问题、下步计划；右侧可补充填报人、联系电话，并添加佐证材料（可把文件拖进来）。“指标填报”页填写各指标的本期数值。",
        "每次修改立即保存到台账，状态栏右侧显示“已保存”和时间。输入不符合要求（例如完成进度超过100）时，程序说明原因，"
        "该单元格显示为红色并保留原来的内容，鼠标停在上面可以看到未保存的输入。",
        "“全部填报记录”标签页列出窗口顶部所选报告期各单位的全部填报，可按完成状态筛选；勾选“包括所有报告期”可查看历次填报。",
    ), "unit.png", "单位填报：本单位任务清单，右侧是所选任务的详情和佐证材料"),
    GuideSection("八、查看进度和催报", (
        "“首页概览”页显示本期推进情况：各完成状态的任务数、红黄绿灯、单位填报情况、指标完成情况和时间轴（一季度至四季度，"
        "红线为今天）。点击某种灯可筛选出这些任务，双击一行打开该任务。",
        "红灯：已过完成时限仍未完成，或报告滞后；黄灯：临近完成时限或落后于序时进度；绿灯：按计划推进；蓝色：已完成。"
        "右侧“催报”标签页列出尚未报送或未报全的单位，可打印催报单（PDF）或导出 Excel。",
    )),
    GuideSection("九、审核和关闭报告期", (
        "在“单位填报”页可对单位本期的填报“审核通过”或“退回…”（写明退回原因，下次生成的填报表会带上原因）。"
        "本期各单位都已报齐并审核后，点“关闭本报告期…”：关闭后本期数据锁定，报告中的数字不再变化。",
    )),
    GuideSection("十、打印进展报告和汇总表", (
        "在窗口顶部选好报告期，打开“报告打印”页，选择“工作进展情况报告”，可填写本单位的综述（存在问题、下步计划等），点“生成预览”查看，"
        "再点“打印…”“另存为 PDF…”或“另存为 Word…”。报告按党政机关公文格式排版，页脚带数据指纹，可核对报告与台账是否一致。",
        "报告落款的发文机关、主送机关、负责人、分管领导、填报人和联系电话只需在“文件 → 单位与签署人…”中填写一次，"
        "进展报告、验收报告和填报表都会自动填入。Word 版可在 Word 或 WPS 中修改文字后打印、签字、盖章。",
        "“表格收发”页的“导出汇总表…”生成上报用的 Excel 汇总表：重点任务进展、各单位填报情况和指标完成情况。",
    ), "reports.png", "报告打印：选择报告类型和报告期，预览、打印或另存"),
    GuideSection("十一、年终和验收", (
        "方案期满时，在“报告打印”页选择“工作总结暨验收报告”，填写基本情况、主要做法与成效、特色亮点等文字，"
        "程序自动汇总目标任务完成情况和指标表，生成验收报告。",
        "验收材料（报告、汇总表、各任务的佐证材料和目录）在“报告打印”页点“导出验收材料…”一次导出到一个文件夹"
        "（命令行：ipledger export-dossier）。",
    )),
    GuideSection("十二、数据安全", (
        "程序在每次打开和关闭台账时自动备份；“文件 → 立即备份”随时备份，“文件 → 从备份恢复…”恢复（需管理员密码）。"
        "“文件 → 检查台账”检查台账文件是否完好。",
        "每一次修改都记入“修改记录”页：谁、什么时候、改了什么、原值和新值。“编辑 → 撤销”（Ctrl+Z）和“重做”（Ctrl+Y）"
        "在不覆盖他人后来修改的前提下撤回或重做最近的操作，程序重新打开后仍可撤销。",
        "管理员密码保护关闭和重新开放报告期、从备份恢复等操作。忘记密码时，请用最近的备份恢复，或联系技术支持。",
    ), "audit.png", "修改记录：每次修改的时间、操作人、内容、原值和新值"),
)


def guide_sections() -> tuple[GuideSection, ...]:
    return SECTIONS


def guide_html(image_url: Callable[[Path], str] | None = None) -> str:
    """The guide as simple HTML for a QTextBrowser; `image_url(path)` gives an <img> source (default: file path)."""
    from html import escape

    url = image_url or (lambda path: path.as_posix())
    parts = [f"<h2>{escape(GUIDE_TITLE)}</h2>", "<p><b>开始的三步：</b></p><ol>"]
    parts += [f"<li><b>{escape(title)}</b>：{escape(text)}</li>" for title, text in FIRST_STEPS]
    parts.append("</ol>")
    for section in SECTIONS:
        parts.append(f"<h3>{escape(section.title)}</h3>")
        parts += [f"<p>{escape(text)}</p>" for text in section.paragraphs]
        if section.image_path is not None and section.image_path.exists():
            parts.append(f"<p align='center'><img src='{url(section.image_path)}' width='780'><br/>"
                         f"<span style='color:#555'>图：{escape(section.caption)}</span></p>")
    return "".join(parts)


class _GuideDocument:
    """OfficialDocument with a footer naming the guide instead of a ledger's fingerprint (built lazily)."""

    def __new__(cls, **kwargs):
        from reports.pdf_layout import OfficialDocument

        class GuideDocument(OfficialDocument):
            def _draw_footer(self, canvas, doc) -> None:
                from reportlab.lib import colors
                from reportlab.lib.units import mm

                from reports.pdf_layout import FOOTER_SIZE

                width, _ = canvas._pagesize
                canvas.setFont(self.fonts.body, FOOTER_SIZE)
                canvas.setFillColor(colors.Color(0.3, 0.3, 0.3))
                canvas.drawCentredString(width / 2, 12 * mm, self.footer_note)
                canvas.setFillColor(colors.black)

        return GuideDocument(**kwargs)


def build_user_guide_pdf(out: str | Path | None, *, version: str = "", fonts=None,
                         progress: Callable[[int, int], None] | None = None,
                         is_cancelled: Callable[[], bool] | None = None):
    """Write the guide as a PDF in the reports' page layout (atomically); with out=None return the bytes."""
    from reportlab.platypus import Image, KeepTogether, Spacer

    from reports.pdf_fonts import report_fonts
    from reports.pdf_layout import BODY_LEADING, TEXT_WIDTH

    fonts = fonts or report_fonts()
    note = f"{GUIDE_TITLE}" + (f"（程序版本 {version}）" if version else "")
    doc = _GuideDocument(fonts=fonts, fingerprint="", title=GUIDE_TITLE, subject=GUIDE_TITLE, footer_note=note)
    story: list = doc.title_block(["知识产权强县建设任务台账", "使用说明"])
    story.append(doc.h1("开始的三步"))
    for number, (title, text) in enumerate(FIRST_STEPS, 1):
        story.append(doc.p(f"{number}．{title}：{text}"))
    for section in SECTIONS:
        story.append(doc.h1(section.title))
        story += [doc.p(text) for text in section.paragraphs]
        path = section.image_path
        if path is not None and path.exists():
            image = Image(str(path))
            scale = min(1.0, TEXT_WIDTH / image.imageWidth)
            image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
            story.append(KeepTogether([Spacer(1, BODY_LEADING / 3), image, doc.p(f"图：{section.caption}", "subtitle")]))
    return doc.build(out, story, progress=progress, is_cancelled=is_cancelled)
