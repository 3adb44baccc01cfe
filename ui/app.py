"""The QApplication: fonts that show Chinese everywhere, Qt's own Chinese translations, the app icon."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

ICON_PATH = Path(__file__).with_name("icons") / "ipledger.png"
PREFERRED_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "SimHei", "Noto Sans CJK SC",
                      "WenQuanYi Micro Hei")


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("ipledger")
    app.setApplicationDisplayName("知识产权强县建设任务台账")
    app.setOrganizationName("ipledger")
    if ICON_PATH.exists():
        app.setWindowIcon(QIcon(str(ICON_PATH)))
    install_fonts(app)
    install_translations(app)
    from ui.garbage_collector import install as install_garbage_collector

    install_garbage_collector(app)
    return app


def install_fonts(app: QApplication) -> str:
    """Use an office CJK font if the system has one, else the bundled one; returns the family used."""
    from reports.font_files import BUNDLED_FONT_FAMILY, bundled_font_path

    families = set(QFontDatabase.families())
    chosen = next((f for f in PREFERRED_FAMILIES if f in families), None)
    if chosen is None:  # no office or CJK font installed: load the one we ship
        font_id = QFontDatabase.addApplicationFont(str(bundled_font_path()))
        loaded = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        chosen = loaded[0] if loaded else BUNDLED_FONT_FAMILY
    font = QFont(chosen)
    font.setPointSize(10)
    app.setFont(font)
    return chosen


def install_translations(app: QApplication) -> None:
    """Qt's standard dialogs (file dialog, print dialog, buttons) in Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            app._ipledger_translators = getattr(app, "_ipledger_translators", []) + [translator]
