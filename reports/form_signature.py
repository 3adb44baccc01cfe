"""The signed payload a fill-in form carries: ids and values as issued, with an HMAC-SHA256.

The payload is stored as ASCII JSON (so any spreadsheet program keeps it byte for byte) in a
veryHidden sheet; the HMAC is keyed with the ledger's `form_secret` setting. A return whose payload
does not verify was not issued by this ledger, or was altered outside its input cells.
"""
from __future__ import annotations

import hashlib
import hmac
import json

CHUNK = 8000  # characters per cell (Excel's limit is 32,767)


def encode_payload(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def sign(text: str, secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def verify(text: str, mac: str, secret: str) -> bool:
    return hmac.compare_digest(sign(text, secret), (mac or "").strip().lower())


def chunks(text: str) -> list[str]:
    return [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
