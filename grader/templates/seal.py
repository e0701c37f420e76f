"""A keyed checksum over the files lakedrill keeps in its data folder's cache, checked before a
byte of them is unmarshalled.

marshal is not safe on damaged or crafted bytes (it can crash the interpreter, and Jinja's code in
the cache is executed), so a cache file is read only when its checksum matches one computed with a
key drawn from the bank's stamp: lakedrill's cache version, the Python version, the validating
code's and the bank's files. A file damaged on disk, written by another lakedrill or for another
bank, does not match and is rebuilt. The data folder itself is trusted (SECURITY.md): the key is
not a secret, so this guards against damage and mix-ups, not against someone who can write there.
"""

from __future__ import annotations

try:  # hashlib's own BLAKE2, without loading OpenSSL on a quiz's way to its first question
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

SIZE = 32


def digest(stamp: str, payload: bytes) -> bytes:
    key = blake2b(stamp.encode("utf-8", "surrogatepass"), digest_size=32).digest()
    return blake2b(payload, key=key, digest_size=SIZE).digest()


def seal(stamp: str, payload: bytes) -> bytes:
    """`payload` with its checksum in front."""
    return digest(stamp, payload) + payload


def unseal(stamp: str, data: bytes) -> bytes | None:
    """The payload of sealed `data`, or None when its checksum does not match."""
    if len(data) < SIZE:
        return None
    payload = data[SIZE:]
    return payload if digest(stamp, payload) == data[:SIZE] else None
