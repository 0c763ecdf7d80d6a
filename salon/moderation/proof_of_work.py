"""Proof-of-work challenges in the ALTCHA formats: issue, verify, spend once.

salon issues the challenge (``GET /api/challenge``) and checks the answer in the
``proof_of_work`` phase; no third party is involved. Both ALTCHA formats are understood:

* **v1** ``{algorithm, challenge, maxnumber, salt, signature}``: the client finds the number
  ``n ≤ maxnumber`` with ``SHA-256(salt + n) == challenge`` and sends back, base64-encoded,
  ``{algorithm, challenge, number, salt, signature}``. What salon needs to trust (site, issue
  time, expiry, difficulty) rides in the salt's query string, which the hash and the HMAC cover.
* **v2** ``{parameters: {algorithm, nonce, salt, cost, keyLength, keyPrefix, expiresAt, data},
  signature}``: the client derives keys (PBKDF2/SHA-256 here) for counters until one starts with
  ``keyPrefix`` and sends ``{challenge, solution: {counter, derivedKey}}``. The HMAC covers the
  canonical JSON of every parameter, ``data`` (site, issue time, difficulty) included.

Challenges are HMAC-signed with a key derived from the install's secret, expire, and are spent
once: a solution's signature goes into ``pow_spent`` (a primary key), so a replay is refused in
this process or any other that shares the database. The ``altcha`` package does the hashing
and the signature checks; this module adds the site binding, the difficulty and the spending.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from urllib.parse import parse_qs

import altcha
from altcha.v1 import ChallengeOptions, PayloadType
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from salon.db import tables as t
from salon.db.engine import now

#: The v2 key derivation salon issues (the browser has it natively, through WebCrypto).
V2_ALGORITHM = "PBKDF2/SHA-256"
#: v2's key prefix: one byte of zeros, so 256 derivations are expected; ``cost`` scales each.
V2_KEY_PREFIX = "00"
#: The largest payload worth decoding (a v2 payload is about 600 bytes).
MAX_PAYLOAD_CHARS = 4000


class ProofError(ValueError):
    """A payload that does not prove the work; the message says why, for the stored reason."""


@dataclass(frozen=True)
class Proof:
    """A verified solution: which site it was issued for, when, and at what difficulty."""

    version: int
    site_id: int
    issued_at: float
    difficulty: int
    #: What is spent: the challenge's signature, hashed (fixed length, nothing to reverse).
    spend_key: str
    expires_at: float


def hmac_key(secret: str) -> str:
    """The challenges' HMAC key: derived from the install's secret, used for nothing else."""
    return hmac.new(secret.encode(), b"salon proof-of-work v1", hashlib.sha256).hexdigest()


def issue_v1(secret: str, site_id: int, max_number: int, ttl: int, at: float | None = None) -> dict[str, Any]:
    """A v1 challenge as the ALTCHA widget reads it (``maxnumber`` and ``maxNumber`` both given)."""
    issued = int(at if at is not None else time.time())
    options = ChallengeOptions(
        hmac_key=hmac_key(secret),
        max_number=max_number,
        expires=datetime.fromtimestamp(issued + ttl, UTC),
        params={"site": str(site_id), "issued": str(issued), "difficulty": str(max_number)},
    )
    challenge = altcha.create_challenge_v1(options)
    data = challenge.to_dict()
    data["maxnumber"] = data["maxNumber"]
    return data


def issue_v2(secret: str, site_id: int, cost: int, ttl: int, at: float | None = None) -> dict[str, Any]:
    """A v2 challenge (PBKDF2/SHA-256, ``cost`` iterations per try, one zero byte to find)."""
    issued = int(at if at is not None else time.time())
    challenge = altcha.create_challenge(
        V2_ALGORITHM,
        cost,
        key_prefix=V2_KEY_PREFIX,
        expires_at=issued + ttl,
        data={"site": site_id, "issued": issued, "difficulty": cost},
        hmac_secret=hmac_key(secret),
    )
    return dict(challenge.to_dict())


def _decode(payload: str) -> dict[str, Any]:
    if not payload or len(payload) > MAX_PAYLOAD_CHARS:
        raise ProofError("no proof-of-work" if not payload else "proof-of-work payload too long")
    try:
        data = json.loads(base64.b64decode(payload, validate=True).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ProofError("proof-of-work payload is not base64 JSON") from exc
    if not isinstance(data, dict):
        raise ProofError("proof-of-work payload is not an object")
    return data


def _spend_key(signature: Any) -> str:
    return hashlib.sha256(str(signature).encode()).hexdigest()


def _int(value: Any, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ProofError(f"proof-of-work {what} is missing") from exc


def _verify_v1(data: dict[str, Any], key: str) -> Proof:
    if not isinstance(data.get("salt"), str) or not isinstance(data.get("number"), int):
        raise ProofError("proof-of-work payload lacks salt or number")
    ok, error = altcha.verify_solution_v1(cast(PayloadType, data), key, check_expires=True)
    if not ok:
        raise ProofError(f"proof-of-work does not verify ({error or 'wrong solution or signature'})")
    query = data["salt"].split("?", 1)[1] if "?" in data["salt"] else ""
    params = {k: v[0] for k, v in parse_qs(query).items()}
    if "expires" not in params:
        raise ProofError("proof-of-work challenge has no expiry")
    return Proof(
        version=1,
        site_id=_int(params.get("site"), "site"),
        issued_at=float(_int(params.get("issued"), "issue time")),
        difficulty=_int(params.get("difficulty"), "difficulty"),
        spend_key=_spend_key(data.get("signature")),
        expires_at=float(_int(params.get("expires"), "expiry")),
    )


def _verify_v2(data: dict[str, Any], key: str) -> Proof:
    try:
        payload = altcha.Payload.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ProofError("proof-of-work v2 payload is malformed") from exc
    params = payload.challenge.parameters
    if params.algorithm != V2_ALGORITHM or params.expires_at is None:
        raise ProofError("proof-of-work v2 challenge was not issued here")
    result = altcha.verify_solution(payload, key)
    if not result.verified:
        why = (
            "expired" if result.expired else "bad signature" if result.invalid_signature else "wrong solution"
        )
        raise ProofError(f"proof-of-work does not verify ({why})")
    extra = params.data if isinstance(params.data, dict) else {}
    return Proof(
        version=2,
        site_id=_int(extra.get("site"), "site"),
        issued_at=float(_int(extra.get("issued"), "issue time")),
        difficulty=_int(extra.get("difficulty"), "difficulty"),
        spend_key=_spend_key(payload.challenge.signature),
        expires_at=float(params.expires_at),
    )


def verify(secret: str, payload: str) -> Proof:
    """Check a payload's signature, expiry and solution; raise :class:`ProofError` if any fails."""
    data = _decode(payload)
    key = hmac_key(secret)
    if isinstance(data.get("challenge"), dict):
        return _verify_v2(data, key)
    return _verify_v1(data, key)


def spend(db: Any, proof: Proof) -> bool:
    """Mark a solution used; False when it already was (here or in any process on this database)."""
    expires = datetime.fromtimestamp(proof.expires_at, UTC)
    try:
        with db.write() as conn:
            conn.execute(
                t.pow_spent.insert().values(key=proof.spend_key, site_id=proof.site_id, expires_at=expires)
            )
            if random.random() < 0.01:  # keep the table to unexpired solutions, a little at a time
                conn.execute(
                    delete(t.pow_spent).where(t.pow_spent.c.expires_at < now() - timedelta(minutes=5))
                )
    except IntegrityError:
        return False
    return True


def form_token(secret: str, site_id: int, at: float | None = None) -> str:
    """The signed render time of a plain HTML form: ``site.time.mac`` (the time-to-submit check)."""
    issued = int(at if at is not None else time.time())
    body = f"{site_id}.{issued}"
    mac = hmac.new(hmac_key(secret).encode(), f"form:{body}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{body}.{mac}"


def read_form_token(secret: str, token: str) -> tuple[int, float] | None:
    """The site and render time a form token was signed with; None when it was not signed here."""
    parts = (token or "").split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    site_id, issued = int(parts[0]), int(parts[1])
    if not hmac.compare_digest(form_token(secret, site_id, issued), token):
        return None
    return site_id, float(issued)
