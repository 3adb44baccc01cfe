"""Word's schema fixes the order of the children of its property elements; Word (unlike LibreOffice) asks to repair
a file whose elements are out of order. python-docx keeps the order for what it writes; the raw elements the report
renderer adds do not, so `save_in_order` sorts every property element before saving; `out_of_order(root)` lists the
elements that break the order (the tests use it)."""
from __future__ import annotations

from docx.oxml.ns import qn

SEQUENCES = {
    "pPr": ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
            "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
            "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
            "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"),
    "rPr": ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
            "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl "
            "cs em lang eastAsianLayout specVanish oMath"),
    "tblPr": ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
              "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"),
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden",
    "tcPr": ("cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
             "hideMark"),
    "sectPr": ("headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
               "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
               "printerSettings sectPrChange"),
}
_ORDER = {qn(f"w:{parent}"): {qn(f"w:{name}"): i for i, name in enumerate(names.split())}
          for parent, names in SEQUENCES.items()}


def reorder(root) -> None:
    """Put the children of every property element under `root` into schema order (stable for equal ranks;
    elements the table does not know stay last, in their order)."""
    for tag, order in _ORDER.items():
        for element in root.iter(tag):
            children = list(element)
            ranked = sorted(children, key=lambda c: order.get(c.tag, len(order)))
            if ranked != children:
                for child in children:
                    element.remove(child)
                for child in ranked:
                    element.append(child)


def save_in_order(document, target) -> None:
    """Save a python-docx Document with its body, styles, headers and footers in schema order."""
    reorder(document.element)
    reorder(document.styles.element)
    for section in document.sections:
        for part in (section.footer, section.even_page_footer, section.first_page_footer, section.header):
            if not part.is_linked_to_previous:
                reorder(part._element)
    document.save(target)


def out_of_order(root) -> list[str]:
    """Every property element (pPr, rPr, tblPr, trPr, tcPr, sectPr) whose children break the schema order."""
    bad = []
    for tag, order in _ORDER.items():
        for element in root.iter(tag):
            ranks = [order[c.tag] for c in element if c.tag in order]
            if ranks != sorted(ranks):
                bad.append(f"{tag.split('}')[1]}: {[c.tag.split('}')[1] for c in element]}")
    return bad
