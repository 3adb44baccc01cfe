"""Files dropped on a page or panel (returns, county packages, evidence): one way to accept a drag from the desktop
and hand over the local paths. A widget mixes it in, calls `setAcceptDrops(True)` and defines `accept_dropped`."""
from __future__ import annotations

from pathlib import Path


def dropped_paths(event) -> list[Path]:
    """The local files in a drop (links to web pages and the like are not files)."""
    return [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]


class FileDropMixin:
    """dragEnterEvent / dragMoveEvent / dropEvent for a QWidget that takes files: `accept_dropped(paths)` gets them;
    `drops_wanted()` may say no (e.g. no entry chosen yet)."""

    def drops_wanted(self) -> bool:
        return True

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and self.drops_wanted():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.accept_dropped(paths)

    def accept_dropped(self, paths: list[Path]) -> None:  # pragma: no cover - each widget says what it does
        raise NotImplementedError
