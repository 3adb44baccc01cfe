"""The county data package (县级上报数据包): one owner of its format, version 1.

A package is a zip file holding three members:
  manifest.json   what the package is: format name and version, county name and 行政区划代码, the county
                  ledger's id, the period key, when it was made, the plan's title, the head of the county's audit
                  chain (row count and last hash), the county's public key, and each other member's SHA-256;
  data.json       the plan (tasks, units, task units, targets, phases, periods), the progress entries and target
                  values of every period up to the package's period, and the county's own figures for that
                  period (computed at the county with the same rules as `ipledger status`);
  signature.json  an Ed25519 signature over the exact bytes of manifest.json (which pins data.json by its hash),
                  with the public key that made it.
JSON is UTF-8. A reader refuses a format_version above the one it knows.
"""
from __future__ import annotations

import json

FORMAT_NAME = "ipledger-county-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
SIGNATURE = "signature.json"
ALGORITHM = "Ed25519"
SUFFIX = ".ipkg"
MAX_MEMBER_BYTES = 200 * 1024 * 1024   # a county's data is a few MB; more means a broken or hostile file


def encode(value) -> bytes:
    """The bytes written for a JSON member (sorted keys, so the same content gives the same bytes)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def package_file_name(county: str, period_key: str) -> str:
    """'泰兴市_2026Q3_数据包.ipkg': what the county saves and the city sees in its folder."""
    return f"{county or '县'}_{period_key}_数据包{SUFFIX}"
