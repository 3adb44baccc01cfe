"""Every item model of the ledger's pages passes pytest-qt's model tester, on real demo data, outside the window."""
from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt

from db import queries
from ui.models.plan_tree_model import SECTION, TASK, PlanTreeModel
from ui.models.row_table import Column, RowTableModel


def test_plan_tree_model(qtmodeltester, demo_ledger):
    model = PlanTreeModel()
    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2026Q3'")
    model.load(demo_ledger, 1, period_id)
    qtmodeltester.check(model)
    top = model.index(0, 0)
    assert top.data(Qt.ItemDataRole.UserRole + 2).kind == SECTION
    assert model.rowCount(top) == 5
    task_index = model.index(0, 0, model.index(0, 0, top))
    assert task_index.data(Qt.ItemDataRole.UserRole + 2).kind == TASK
    assert task_index.parent() == model.index(0, 0, top)
    model.load(demo_ledger, None, None)
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_checklist_model_updates_in_place(qtmodeltester, demo_ledger):
    from ui.pages.unit_page import ChecklistModel

    unit_id = demo_ledger.scalar("SELECT id FROM units WHERE name = '市工信局'")
    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2026Q2'")
    model = ChecklistModel()
    model.set_rows(queries.unit_checklist(demo_ledger, unit_id, period_id))
    qtmodeltester.check(model)
    keep = QPersistentModelIndex(model.index(2, 3))
    rows = queries.unit_checklist(demo_ledger, unit_id, period_id)
    rows[2]["status"] = "滞后"
    model.set_rows(rows)
    assert keep.isValid() and keep.data() == "滞后", "same rows reload in place: the current cell survives a save"
    assert not (model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsEditable), "no editor without a save callback"


def test_row_table_model_edits_go_through_the_callback(qtmodeltester):
    seen = []
    model = RowTableModel([Column("name", "名称"), Column("value", "数值", editable=True)])
    model.set_rows([{"id": 1, "name": "甲", "value": 3}, {"id": 2, "name": "乙", "value": None}])
    model.on_edit = lambda row, key, value: seen.append((row["id"], key, value)) or value != "坏"
    qtmodeltester.check(model)
    assert model.setData(model.index(1, 1), "12")
    assert not model.setData(model.index(1, 1), "坏")
    assert not model.setData(model.index(1, 0), "改名"), "read-only column"
    assert seen == [(2, "value", "12"), (2, "value", "坏")]
    model.read_only = True
    assert not model.setData(model.index(0, 1), "5")


def test_indicator_and_unit_models(qtmodeltester, demo_ledger):
    from db.units import list_units
    from ui.pages.indicators_page import INDICATOR_VALUE_COLUMNS
    from ui.pages.units_page import UNIT_COLUMNS

    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2026Q2'")
    indicators = RowTableModel(INDICATOR_VALUE_COLUMNS)
    indicators.set_rows(queries.indicators(demo_ledger, 1, period_id))
    qtmodeltester.check(indicators)
    units = RowTableModel(UNIT_COLUMNS)
    units.set_rows(list_units(demo_ledger, 1))
    qtmodeltester.check(units)
