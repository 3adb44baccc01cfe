"""The orange 示例数据 mark beside the period chooser belongs to the demo plan, not to every plan of the file."""
from db.plan_create import create_blank_plan


def test_a_plan_the_clerk_adds_to_the_demo_ledger_is_not_marked_as_sample_data(window, demo_ledger):
    assert window.sample_label.text().strip() == "示例数据"
    demo_index = window.plan_combo.currentIndex()
    with demo_ledger.transaction():
        create_blank_plan(demo_ledger, "某某县知识产权强县建设工作方案", start_year=2025, end_year=2027)
    window.refresh_choosers()
    window.plan_combo.setCurrentIndex(window.plan_combo.findText("某某县知识产权强县建设工作方案"))
    assert window.sample_label.text().strip() == ""
    window.plan_combo.setCurrentIndex(demo_index)
    assert window.sample_label.text().strip() == "示例数据"
