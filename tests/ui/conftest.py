import pytest


@pytest.fixture(autouse=True)
def _chinese_app(qapp):
    """The real application setup: CJK font and Chinese Qt translations."""
    from ui.app import install_fonts, install_translations

    import gc

    from ui.garbage_collector import install as install_garbage_collector

    install_fonts(qapp)
    install_translations(qapp)
    install_garbage_collector(qapp)  # as in the app: cycles are collected on the UI thread only
    yield
    gc.collect()  # between tests, on the UI thread


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):
    """Message boxes would block offscreen tests: record them instead."""
    from PySide6.QtWidgets import QMessageBox

    shown = []

    def record(kind):
        def fake(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Yes if kind == "question" else QMessageBox.StandardButton.Ok
        return fake

    for kind in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    return shown


@pytest.fixture(autouse=True)
def _admin_guard_off(monkeypatch):
    """The administrator password dialog would block: off, except where a test turns it on (`admin_guard`)."""
    monkeypatch.setattr("ui.admin.GUARD_ENABLED", False)


@pytest.fixture
def admin_guard(monkeypatch):
    monkeypatch.setattr("ui.admin.GUARD_ENABLED", True)


@pytest.fixture
def message_boxes(_no_modal_boxes):
    return _no_modal_boxes


@pytest.fixture
def window(qtbot, demo_ledger):
    from desktop.paths import output_folder
    from ui.context import AppContext
    from ui.main_window import MainWindow

    context = AppContext(demo_ledger, output_folder=output_folder)   # as desktop.launch makes it
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.resize(1366, 820)
    win.show()
    return win
