"""Python's cyclic garbage collector runs only on the UI thread.

Left automatic, a collection starts in whichever thread happens to allocate — often a worker building a report —
and frees Qt wrappers (dialogs, widgets, connected lambdas) there: Qt objects destroyed off their own thread crash
the process (seen: a segfault while a worker built a PDF). As Anki does, automatic collection is switched off and
a timer on the UI thread collects each generation when its threshold is passed.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject):
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setObjectName("garbageCollector")
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start(INTERVAL_MS)

    @staticmethod
    def collect_if_due() -> int:
        """Collect the oldest generation whose count passed its threshold; returns the generation or -1."""
        thresholds = gc.get_threshold()
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return generation
        return -1


def install(app) -> MainThreadGarbageCollector:
    """Once per application (idempotent)."""
    existing = getattr(app, "_ipledger_garbage_collector", None)
    if existing is None:
        existing = MainThreadGarbageCollector(app)
        app._ipledger_garbage_collector = existing
    return existing
