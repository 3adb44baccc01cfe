"""The city side: read a county package, verify everything, then store it (reports/package_format.py).

`examine_package(ledger, path)` checks the whole file against the roll-up ledger and writes nothing: the zip, the
format and its version, the signature over manifest.json, data.json against the hash the manifest pins, the data's
shape and period, and the county's key against the one recorded the first time (as SSH's known_hosts). Its verdict
is `would-apply`, `unchanged` (identical or older than what the ledger holds) or `refused` with what failed.
`import_packages` (the command line and the window both) examines and applies each file in turn, one operation per
package; a newer package for the same county and period replaces the older one, which stays in the history.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from db.errors import LedgerError
from db.periods import parse_period_key
from db.rollup import is_rollup
from db.rollup.keys import fingerprint, verify
from db.rollup.store import (PackageToStore, current_package, known_county, package_seen, store_package)
from reports import package_format as F

APPLIED, REPLACED, UNCHANGED, WOULD_APPLY, REFUSED = "applied", "replaced", "unchanged", "would-apply", "refused"
VERDICT_LABELS = {APPLIED: "已导入", REPLACED: "已替换旧版本", UNCHANGED: "无变化", WOULD_APPLY: "检查通过（试运行，未写入）",
                  REFUSED: "已拒绝"}
_DATA_KEYS = ("period", "plan", "units", "tasks", "targets", "periods", "progress", "indicator_values", "figures")


class NotARollupLedger(LedgerError):
    pass


@dataclass
class PackageReport:
    file: str
    path: str
    sha256: str | None = None
    verdict: str = WOULD_APPLY
    county: str | None = None
    code: str | None = None
    period: str | None = None
    created_at: str | None = None
    replaces: str | None = None            # the sha256 of the package this one replaced (or would replace)
    errors: list[dict] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)
    unreadable: bool = False
    new_county: bool = False
    key_changed: bool = False
    key_mismatch: bool = False             # refused only because the county's key differs from the one recorded
    package: PackageToStore | None = None

    @property
    def refused(self) -> bool:
        return self.verdict == REFUSED

    def error(self, message: str, part: str | None = None) -> None:
        self.errors.append({"part": part, "message": message})
        self.verdict = REFUSED

    def notice(self, message: str, part: str | None = None) -> None:
        self.notices.append({"part": part, "message": message})

    def to_json(self) -> dict:
        return {"file": self.file, "sha256": self.sha256, "verdict": self.verdict, "county": self.county,
                "code": self.code, "period": self.period, "created_at": self.created_at, "replaces": self.replaces,
                "errors": self.errors, "notices": self.notices}

    def lines(self) -> list[str]:
        """The verdict for people (the command's text output and the window's details)."""
        head = f"{self.file}：{VERDICT_LABELS.get(self.verdict, self.verdict)}"
        if self.county:
            head += f"  县（市、区）：{self.county}"
        if self.period:
            from db.periods import period_name_of_key

            head += f"  报告期：{period_name_of_key(self.period)}"
        lines = [head]
        lines += [f"  {item['part']}：{_without_part(item['message'], item['part'])}" if item.get("part")
                  else f"  {item['message']}" for item in self.errors]
        lines += [f"  说明：{item['message']}" for item in self.notices]
        return lines


def _without_part(message: str, part: str) -> str:
    """'data.json 与签名时的校验值不符…' under the part's own name reads '与签名时的校验值不符…' (named once)."""
    return message[len(part):].lstrip(" :：") if message.startswith(part) else message


def _read_member(archive: zipfile.ZipFile, name: str, report: PackageReport) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        report.error(f"数据包中缺少 {name}。这不是完整的县级数据包，请让该县重新生成。", name)
        return None
    if info.file_size > F.MAX_MEMBER_BYTES:
        report.error(f"{name} 过大（{info.file_size // 1048576} MB），不像县级数据包。", name)
        return None
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        report.error(f"{name} 已损坏，无法解压（{exc}）。文件可能在传送中出错或被改动过，请让该县重新发送。", name)
        return None


def _json(raw: bytes, name: str, report: PackageReport):
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        report.error(f"{name} 不是有效的 JSON（{exc}）。", name)
        return None


def read_package(path: Path | str) -> PackageReport:
    """Verify a package on its own (format, signature, hashes, shape); does not look at any ledger."""
    path = Path(path)
    report = PackageReport(path.name, str(path))
    try:
        if path.stat().st_size > F.MAX_MEMBER_BYTES:
            report.error(f"文件过大（{path.stat().st_size // 1048576} MB），不像县级数据包。请检查所选文件。")
            return report
        content = path.read_bytes()
    except FileNotFoundError:
        report.unreadable = True
        report.error(f"找不到文件 {path}。请检查文件名和所在文件夹。")
        return report
    except IsADirectoryError:
        report.unreadable = True
        report.error(f"{path.name} 是文件夹，不是数据包。请选择文件夹中的 .ipkg 文件。")
        return report
    except OSError as exc:
        report.unreadable = True
        report.error(f"无法读取文件 {path.name}（{exc.strerror or exc}）。请检查文件是否被其他程序占用、是否有读取权限。")
        return report
    report.sha256 = hashlib.sha256(content).hexdigest()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        report.unreadable = True
        report.error("不是县级数据包（不是 zip 格式的文件）。请选择各县用“生成上报数据包”导出的 .ipkg 文件。")
        return report
    with archive:
        manifest_bytes = _read_member(archive, F.MANIFEST, report)
        signature_bytes = _read_member(archive, F.SIGNATURE, report)
        data_bytes = _read_member(archive, F.DATA, report)
    if report.refused:
        return report
    manifest = _json(manifest_bytes, F.MANIFEST, report)
    signature = _json(signature_bytes, F.SIGNATURE, report)
    if report.refused:
        return report
    if not isinstance(manifest, dict) or manifest.get("format") != F.FORMAT_NAME:
        report.error("不是县级数据包（manifest.json 中没有 ipledger 数据包的格式标记）。", F.MANIFEST)
        return report
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        report.error(f"数据包格式版本“{version}”无法识别。", F.MANIFEST)
        return report
    if version > F.FORMAT_VERSION:
        report.error(f"这是第 {version} 版格式的数据包，本程序只能读取第 {F.FORMAT_VERSION} 版。"
                     "请升级 ipledger 到新版本后再导入；在此之前不会导入其中任何内容。", F.MANIFEST)
        return report
    report.county, report.code = manifest.get("county"), manifest.get("code")
    report.period, report.created_at = manifest.get("period"), manifest.get("created_at")
    missing = [key for key in ("county", "ledger_id", "period", "created_at", "public_key", "files")
               if not manifest.get(key)]
    if missing:
        report.error("manifest.json 缺少必需的项目：" + "、".join(missing) + "。", F.MANIFEST)
        return report
    try:
        datetime.fromisoformat(str(manifest["created_at"]))
    except ValueError:
        report.error(f"manifest.json 的生成时间“{manifest['created_at']}”不是有效的时间。", F.MANIFEST)
        return report
    if not isinstance(manifest.get("audit_head") or {}, dict):
        report.error("manifest.json 的 audit_head 不是预期的结构。", F.MANIFEST)
        return report
    manifest["audit_head"] = manifest.get("audit_head") or {}
    public_key = manifest["public_key"]
    if not isinstance(signature, dict) or signature.get("algorithm") != F.ALGORITHM:
        report.error(f"签名不是 {F.ALGORITHM} 签名，无法核验。", F.SIGNATURE)
        return report
    if signature.get("public_key") != public_key:
        report.error("签名所用的公钥与 manifest.json 中登记的公钥不同：数据包被改动过。", F.SIGNATURE)
        return report
    if not verify(public_key, str(signature.get("signature") or ""), manifest_bytes):
        report.error("签名核验失败：manifest.json 在签名后被改动过，或签名不是用该县的密钥做的。"
                     "请不要导入，并与该县联系重新发送。", F.SIGNATURE)
        return report
    pinned = (manifest.get("files") or {}).get(F.DATA) or {}
    if hashlib.sha256(data_bytes).hexdigest() != pinned.get("sha256"):
        report.error("data.json 与签名时的校验值（SHA-256）不符：数据在签名后被改动过。请不要导入，并与该县联系重新发送。",
                     F.DATA)
        return report
    data = _json(data_bytes, F.DATA, report)
    if report.refused:
        return report
    _check_data(manifest, data, report)
    if not report.refused:
        report.package = PackageToStore(path.name, report.sha256, content, manifest, data)
    return report


def _check_data(manifest: dict, data, report: PackageReport) -> None:
    if not isinstance(data, dict):
        report.error("data.json 的内容不是数据包的结构。", F.DATA)
        return
    missing = [key for key in _DATA_KEYS if key not in data]
    if missing:
        report.error("data.json 缺少：" + "、".join(missing) + "。", F.DATA)
        return
    try:
        spec = parse_period_key(manifest["period"])
    except LedgerError as exc:
        report.error(str(exc), F.MANIFEST)
        return
    if data["period"] != manifest["period"] or spec.key != manifest["period"]:
        report.error(f"data.json 的报告期“{data['period']}”与 manifest.json 的“{manifest['period']}”不一致。", F.DATA)
        return
    if not any(p.get("key") == spec.key for p in data["periods"]):
        report.error(f"数据包的方案中没有报告期 {spec.key}。", F.DATA)
    if not isinstance(data["figures"], dict) or not isinstance(data["figures"].get("status"), dict):
        report.error("data.json 中没有该县本期的统计数字（figures.status）。", F.DATA)
        return
    shapes = (("tasks", data["tasks"], ("id", "title", "units")), ("units", data["units"], ("id", "name")),
              ("targets", data["targets"], ("id", "name")), ("progress", data["progress"], ("task_id", "unit_id")),
              ("figures.targets", data["figures"].get("targets", []), ("indicator_id",)),
              ("figures.tasks", data["figures"].get("tasks", []), ("task_id",)))
    for name, items, keys in shapes:
        if not isinstance(items, list) or not all(isinstance(item, dict) and all(k in item for k in keys)
                                                  for item in items):
            report.error(f"data.json 的 {name} 不是预期的结构（每项应有 {'、'.join(keys)}）。", F.DATA)
            return


def examine_package(ledger, path: Path | str, *, accept_new_key: bool = False) -> PackageReport:
    """Verify a package and compare it with what the roll-up ledger holds; writes nothing."""
    if not is_rollup(ledger):
        raise NotARollupLedger("这不是汇总台账，不能导入县级数据包。请用 ipledger init --rollup --name 市名 "
                               "创建汇总台账，或打开已有的汇总台账。")
    report = read_package(path)
    if report.refused:
        return report
    manifest = report.package.manifest
    known = known_county(ledger, manifest["county"], manifest.get("code"))
    if known is None:
        report.new_county = True
        report.notice(f"首次收到“{manifest['county']}”的数据包，已登记其签名公钥（指纹 {fingerprint(manifest['public_key'])}）。")
    elif known.public_key != manifest["public_key"] or known.ledger_id != manifest["ledger_id"]:
        if not accept_new_key:
            report.key_mismatch = True
            what = "签名密钥" if known.public_key != manifest["public_key"] else "台账编号"
            report.error(
                f"“{manifest['county']}”的数据包{what}与本台账首次登记的不同：登记于 {known.first_seen[:10]} 的公钥指纹为"
                f" {fingerprint(known.public_key)}，此数据包为 {fingerprint(manifest['public_key'])}。"
                "可能是该县重建或更换了台账，也可能是他人冒名制作的数据包。请先电话向该县核实公钥指纹；"
                f"确认无误后，用 ipledger import-packages --accept-new-key {manifest['county']} 重新导入，"
                "或在汇总台账的“导入数据包”页勾选“接受新密钥”后导入。", F.SIGNATURE)
            return report
        report.key_changed = True
        report.package.accept_new_key = True
    if known is not None:
        seen = package_seen(ledger, known.id, report.sha256)
        if seen is not None:
            report.verdict = UNCHANGED
            report.notice(f"此数据包已于 {seen['imported_at'][:16].replace('T', ' ')} 导入过，未作改动。")
            return report
        current = current_package(ledger, known.id, manifest["period"])
        if current is not None:
            if (manifest["created_at"], manifest["audit_head"].get("count") or 0) < (
                    current["created_at"], current["audit_count"] or 0):
                report.verdict = UNCHANGED
                report.notice(f"此数据包生成于 {_when(manifest['created_at'])}，比已导入的版本"
                              f"（生成于 {_when(current['created_at'])}）旧，未导入。")
                return report
            report.replaces = current["sha256"]
            if (manifest["audit_head"].get("count") or 0) < (current["audit_count"] or 0):
                report.notice("新数据包的修改记录条数比旧数据包少：该县的台账可能被恢复到较早的备份，请向该县核实。")
    report.verdict = WOULD_APPLY
    if report.key_changed:   # recorded with the package; an older or identical package changes nothing, key included
        report.notice(f"已按要求接受“{manifest['county']}”的新签名公钥（指纹 {fingerprint(manifest['public_key'])}）。")
    return report


def _when(text: str) -> str:
    return (text or "")[:16].replace("T", " ")


def apply_package(ledger, report: PackageReport) -> PackageReport:
    """Store a package `examine_package` passed (`would-apply`): one operation."""
    if report.verdict != WOULD_APPLY:
        return report
    store_package(ledger, report.package)
    report.verdict = REPLACED if report.replaces else APPLIED
    return report


def import_packages(ledger, paths: list[Path | str], *, dry_run: bool = False, accept_new_key: set[str] = frozenset(),
                    progress: Callable[[int, int], None] | None = None,
                    is_cancelled: Callable[[], bool] | None = None) -> list[PackageReport]:
    """Examine and (unless `dry_run`) apply each file in turn; the window and `ipledger import-packages` both call
    this. `accept_new_key`: county names whose new signing key the clerk has confirmed."""
    reports = []
    for index, path in enumerate(paths):
        if is_cancelled is not None and is_cancelled():
            break
        report = examine_package(ledger, path)
        if report.key_mismatch and report.county in accept_new_key:
            report = examine_package(ledger, path, accept_new_key=True)
        if not dry_run:
            report = apply_package(ledger, report)
        report.package = None      # the file's bytes are not kept once stored
        reports.append(report)
        if progress is not None:
            progress(index + 1, len(paths))
    return reports
