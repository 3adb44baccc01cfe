"""A table header whose sort arrow points the way the rows run: ▼ when the rows go from newest / largest down
(descending), ▲ when they go up, as Windows Explorer and WPS draw it. Qt's own header hands the style SortUp for
descending order, so Fusion draws ▲ over a list whose newest row is on top."""
from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QStyleOptionHeader

_FLIPPED = {QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
            QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp}


class SortArrowHeader(QHeaderView):
    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical_index: int) -> None:
        super().initStyleOptionForIndex(option, logical_index)
        option.sortIndicator = _FLIPPED.get(option.sortIndicator, option.sortIndicator)

    def arrow_points_down(self) -> bool:
        """What the clerk sees on the sorted column (for tests): True for ▼."""
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, self.sortIndicatorSection())
        return option.sortIndicator == QStyleOptionHeader.SortIndicator.SortDown
