"""The county ledger's signing key (Ed25519, from the `cryptography` library): made once per ledger, the first
time a package is exported, and kept in the ledger (table package_keys) so a backup carries it. The public key
travels in every package; the city records it the first time it sees the county (as SSH records a host key).
"""
from __future__ import annotations

import base64
import hashlib


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def fingerprint(public_key_b64: str) -> str:
    """A short, readable fingerprint of a public key: 'SHA256:ab12 cd34 ef56 7890' (first 8 bytes)."""
    digest = hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()[:16]
    return "SHA256:" + " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def public_key(ledger) -> str | None:
    return ledger.scalar("SELECT public_key FROM package_keys ORDER BY id LIMIT 1")


def signing_key(ledger):
    """The ledger's private key (an Ed25519PrivateKey), created and stored on first use."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    def stored():
        row = ledger.row("SELECT private_key FROM package_keys ORDER BY id LIMIT 1")
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(row["private_key"])) if row else None

    key = stored()
    if key is not None:
        return key
    from cryptography.hazmat.primitives import serialization

    from db.ops import operation
    from db.ops.changes import SETTINGS

    # recorded but never undone: packages already sent carry the key
    with operation(ledger, "生成数据包签名密钥", kinds={SETTINGS}, undoable=False):
        key = stored()              # another window or command may have made it meanwhile: one key per ledger
        if key is None:
            key = Ed25519PrivateKey.generate()
            raw_private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                            serialization.NoEncryption())
            public = public_key_of(key)
            ledger.conn.execute("INSERT INTO package_keys (public_key, private_key, created_at) VALUES (?, ?, ?)",
                                (public, _b64(raw_private), ledger.now()))
            ledger.audit("生成数据包签名密钥", "package_key", None, new=fingerprint(public))
    return key


def verify(public_key_b64: str, signature_b64: str, message: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True)).verify(
            base64.b64decode(signature_b64, validate=True), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def sign(private_key, message: bytes) -> str:
    return _b64(private_key.sign(message))


def public_key_of(private_key) -> str:
    from cryptography.hazmat.primitives import serialization

    return _b64(private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
