"""The county → city loop: signed packages exported by three county ledgers, imported into a roll-up ledger;
late, tampered, resent and re-keyed packages; the figures the city sees."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from tests.conftest import FixedClock
from tests.rollup.fixtures import LATE, ON_TIME, PERIOD, export, make_county, tamper


def open_city(world, when=datetime(2026, 10, 28, 10, 0, 0)):
    from db.ledger import Ledger

    return Ledger.open(world.city, actor="市局", clock=FixedClock(when))


def county_status(path, period=PERIOD):
    from db.ledger import Ledger
    from desktop.commands.status import build_status

    ledger = Ledger.open(path, read_only=True, clock=FixedClock(ON_TIME))
    try:
        return build_status(ledger, period)
    finally:
        ledger.close()


def test_three_counties_arrive_with_the_figures_their_own_status_shows(rollup_world):
    from db.rollup.overview import overview

    city = open_city(rollup_world)
    try:
        rows = {row.name: row for row in overview(city, PERIOD)}
    finally:
        city.close()
    assert set(rows) == {"泰兴市", "靖江市", "兴化市"}
    assert all(row.reported for row in rows.values())
    assert rows["靖江市"].days_late == 10 and rows["泰兴市"].days_late == 0 and rows["兴化市"].days_late == 0
    own = county_status(rollup_world.counties["泰兴市"])
    city_json = rows["泰兴市"].status_json()
    for key in set(own) - {"plan", "period"}:     # every figure `status` prints, entries_unchanged included
        assert key in city_json and city_json[key] == own[key], key
    assert rows["泰兴市"].code == "321283"


def test_a_tampered_package_is_refused_naming_what_failed_and_nothing_is_written(rollup_world, tmp_path):
    from reports.package_read import import_packages

    original = export(rollup_world.counties["泰兴市"], tmp_path / "new.ipkg", datetime(2026, 10, 12, 9, 0))

    def more_done(data):
        data["figures"]["status"]["by_status"]["已完成"] += 3
    forged_data = tamper(original, tmp_path / "forged_data.ipkg", "data.json", more_done)
    forged_manifest = tamper(original, tmp_path / "forged_manifest.ipkg", "manifest.json",
                             lambda m: m.update(created_at="2026-10-01 08:00:00"))
    city = open_city(rollup_world)
    try:
        before = city.scalar("SELECT COUNT(*) FROM rollup_packages")
        reports = import_packages(city, [forged_data, forged_manifest])
        after = city.scalar("SELECT COUNT(*) FROM rollup_packages")
    finally:
        city.close()
    assert [r.verdict for r in reports] == ["refused", "refused"]
    assert reports[0].errors[0]["part"] == "data.json" and "签名后被改动" in reports[0].errors[0]["message"]
    assert reports[1].errors[0]["part"] == "signature.json" and "签名核验失败" in reports[1].errors[0]["message"]
    assert after == before


def test_a_resent_package_replaces_the_older_one_which_stays_in_the_history(rollup_world, tmp_path):
    from db.ledger import Ledger
    from db.progress import record_progress
    from db.rollup.overview import overview
    from db.rollup.store import package_history
    from reports.package_read import import_packages

    county = rollup_world.counties["泰兴市"]
    ledger = Ledger.open(county, actor="县局")
    try:   # the county corrects one task to 已完成 and sends the period again
        task_id, unit_id, period_id = ledger.row(
            "SELECT p.task_id, p.unit_id, p.period_id FROM progress p JOIN periods pe ON pe.id = p.period_id"
            " JOIN tasks t ON t.id = p.task_id WHERE pe.key = ? AND t.number = '4' LIMIT 1", (PERIOD,))
        with ledger.transaction():
            record_progress(ledger, task_id, unit_id, period_id, {"status": "已完成", "percent": 100})
    finally:
        ledger.close()
    resent = export(county, tmp_path / "resent.ipkg", datetime(2026, 10, 13, 9, 0))
    city = open_city(rollup_world)
    try:
        before = {row.name: row for row in overview(city, PERIOD)}["泰兴市"].figures["by_status"]["已完成"]
        first = import_packages(city, [resent])[0]
        again = import_packages(city, [resent, rollup_world.packages["泰兴市"]])
        row = {row.name: row for row in overview(city, PERIOD)}["泰兴市"]
        history = package_history(city, row.county_id, PERIOD)
    finally:
        city.close()
    assert first.verdict == "replaced" and first.replaces is not None
    assert [r.verdict for r in again] == ["unchanged", "unchanged"]      # identical, then the older one
    assert "导入过" in again[0].notices[0]["message"]
    assert row.figures["by_status"]["已完成"] == before + 1
    assert [h["state"] for h in history] == ["current", "replaced"]
    assert history[1]["sha256"] == first.replaces


def test_a_package_signed_with_another_key_is_refused_until_the_clerk_accepts_it(rollup_world, _demo_template,
                                                                                  tmp_path):
    from reports.package_read import import_packages

    impostor = make_county(_demo_template, tmp_path, "泰兴市", "321283")   # same county, a new ledger and key
    package = export(impostor, tmp_path / "impostor.ipkg", datetime(2026, 10, 14, 9, 0))
    city = open_city(rollup_world)
    try:
        refused = import_packages(city, [package])[0]
        accepted = import_packages(city, [package], accept_new_key={"泰兴市"})[0]
        changed_at = city.scalar("SELECT key_changed_at FROM rollup_counties WHERE name = '泰兴市'")
    finally:
        city.close()
    assert refused.verdict == "refused"
    message = refused.errors[0]["message"]
    assert "与本台账首次登记的不同" in message and "SHA256:" in message and "--accept-new-key 泰兴市" in message
    assert accepted.verdict == "replaced" and changed_at


def test_a_newer_package_format_is_refused_clearly(rollup_world, tmp_path):
    from db.rollup.keys import signing_key
    from db.ledger import Ledger
    from reports.package_read import import_packages
    from reports.package_write import collect_package, write_package

    ledger = Ledger.open(rollup_world.counties["兴化市"], actor="县局", clock=FixedClock(ON_TIME))
    try:
        manifest, data = collect_package(ledger, PERIOD)
        future = write_package(tmp_path / "v2.ipkg", {**manifest, "format_version": 2}, data, signing_key(ledger))
    finally:
        ledger.close()
    city = open_city(rollup_world)
    try:
        report = import_packages(city, [future])[0]
    finally:
        city.close()
    assert report.verdict == "refused" and "第 2 版格式" in report.errors[0]["message"]


def test_a_county_ledger_will_not_take_packages_and_dry_run_writes_nothing(rollup_world):
    from db.ledger import Ledger
    from reports.package_read import NotARollupLedger, import_packages

    county = Ledger.open(rollup_world.counties["兴化市"], actor="县局")
    try:
        with pytest.raises(NotARollupLedger, match="不是汇总台账"):
            import_packages(county, [rollup_world.packages["泰兴市"]])
    finally:
        county.close()


def test_the_ranking_puts_on_time_complete_counties_first_and_the_late_one_after(rollup_world, tmp_path):
    from db.rollup.overview import ranking

    city = open_city(rollup_world)
    try:
        ranked = ranking(city, PERIOD)
        # a fourth county known from an earlier period but silent in this one ranks last
        city.conn.execute("INSERT INTO rollup_counties (identity, name, code, ledger_id, public_key, first_seen)"
                          " VALUES ('code:321204', '姜堰区', '321204', 'x', 'y', '2026-07-01')")
        with_silent = ranking(city, PERIOD)
    finally:
        city.close()
    names = [item.row.name for item in ranked]
    assert names[-1] == "靖江市" and ranked[-1].timeliness_text == "逾期10天"
    assert {item.rank for item in ranked[:2]} == {1}      # the two on-time copies of the demo tie
    assert [item.row.name for item in with_silent][-1] == "姜堰区"
    assert with_silent[-1].timeliness_text == "未报送" and with_silent[-1].rank == 4


def test_shared_indicators_are_matched_and_summed_only_where_a_sum_means_something(rollup_world):
    from db.rollup.overview import shared_indicators

    city = open_city(rollup_world)
    try:
        shared = {item.name: item for item in shared_indicators(city, PERIOD)}
    finally:
        city.close()
    counts = [shared["有效发明专利量"]]
    assert counts, sorted(shared)
    count = counts[0]
    assert len(count.values) == 3 and count.summable
    assert count.total == pytest.approx(sum(v["latest"] for v in count.values.values()))
    per_capita = [item for item in shared.values() if "万人" in item.name or "率" in item.name]
    assert per_capita and all(item.total is None and not item.summable for item in per_capita)


def test_matching_ignores_width_brackets_and_units_written_in_the_name():
    from db.rollup.matching import match_key, summable

    assert match_key("有效发明专利量（件）", "件") == match_key("有效发明专利量", "件")
    assert match_key("有效 发明专利量", "件") == match_key("有效发明专利量", " 件")
    assert match_key("有效发明专利量", "件") != match_key("有效发明专利量", "万件")
    assert summable("知识产权质押融资额", "亿元") and not summable("专利转化率", "%")
    assert not summable("每万人口高价值发明专利拥有量", "件") and not summable("万人发明专利拥有量", "件")
    assert summable("高维持发明专利拥有量", "件")


def test_generated_county_packages_pass_every_check_and_show_their_counties(tmp_path):
    from db.ledger import Ledger
    from db.rollup import create_rollup_ledger
    from db.rollup.overview import overview
    from reports.package_generate import generate_packages
    from reports.package_read import import_packages

    paths = generate_packages(tmp_path / "packages", 2, tasks=12, units=6, periods=4)
    city = Ledger.open(create_rollup_ledger(tmp_path / "省.ipledger", "示例省"), actor="测试")
    try:
        verdicts = [r.verdict for r in import_packages(city, paths)]
        rows = overview(city, PERIOD)
    finally:
        city.close()
    assert verdicts == ["applied", "applied"]
    assert [row.name for row in rows] == ["第001县", "第002县"] and all(row.figures["tasks"] == 12 for row in rows)
    assert all(sum(row.figures["by_status"].values()) == 12 for row in rows)


def test_a_signed_package_of_the_wrong_shape_is_refused_not_stored(rollup_world, tmp_path):
    from db.ledger import Ledger
    from db.rollup.keys import signing_key
    from reports.package_read import import_packages
    from reports.package_write import collect_package, write_package

    ledger = Ledger.open(rollup_world.counties["兴化市"], actor="县局", clock=FixedClock(datetime(2026, 10, 20)))
    try:
        manifest, data = collect_package(ledger, PERIOD)
        data["targets"] = [{"id": 1}]                     # signed by the county's own key, but not a target
        odd = write_package(tmp_path / "odd.ipkg", manifest, data, signing_key(ledger))
    finally:
        ledger.close()
    city = open_city(rollup_world)
    try:
        before = city.scalar("SELECT COUNT(*) FROM rollup_packages")
        report = import_packages(city, [odd])[0]
        assert city.scalar("SELECT COUNT(*) FROM rollup_packages") == before
    finally:
        city.close()
    assert report.verdict == "refused" and "targets" in report.errors[0]["message"]


def test_the_verdict_lines_name_the_file_and_the_failed_part_once(rollup_world, tmp_path):
    from reports.package_read import import_packages

    original = export(rollup_world.counties["泰兴市"], tmp_path / "new.ipkg", datetime(2026, 10, 12, 9, 0))
    forged = tamper(original, tmp_path / "改过.ipkg", "data.json", lambda d: d["tasks"].pop())
    city = open_city(rollup_world)
    try:
        [report] = import_packages(city, [forged], dry_run=True)
    finally:
        city.close()
    head, failure = report.lines()[:2]
    assert head.startswith("改过.ipkg：已拒绝") and "报告期：2026年第3季度" in head
    assert failure.strip().startswith("data.json：") and failure.count("data.json") == 1, failure
