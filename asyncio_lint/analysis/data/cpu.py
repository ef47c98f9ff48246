"""The catalogue of CPU-bound calls, as data (AIO201, AIO220).

Kept to what really is heavy on ordinary input. Each entry says which offloading fits: ``thread``
for work that releases the GIL (``await asyncio.to_thread(...)``), ``process`` for work that holds
it (``loop.run_in_executor(ProcessPoolExecutor(), ...)``).
"""

from __future__ import annotations

from dataclasses import dataclass

THREAD_FIX = "`await asyncio.to_thread({func}, ...)` (it releases the GIL, so a thread is enough)"
PROCESS_FIX = ("`await loop.run_in_executor(ProcessPoolExecutor(), {func}, ...)` "
               "(it holds the GIL, so a thread would still stall the loop)")


@dataclass(frozen=True)
class CpuBound:
    what: str               # "password hashing", "compression", ...
    fix: str = "thread"     # "thread" | "process"


def _each(what: str, names: str, prefix: str = "", fix: str = "thread") -> dict[str, CpuBound]:
    entry = CpuBound(what, fix)
    return {f"{prefix}{name}": entry for name in names.split()}


_PASSLIB_HASHES = ("bcrypt bcrypt_sha256 argon2 scrypt pbkdf2_sha1 pbkdf2_sha256 pbkdf2_sha512 "
                   "sha256_crypt sha512_crypt").split()

# Calls that are heavy even once. Kept to what really is heavy on ordinary input: hashing a
# password is *designed* to take 50-500 ms; one-shot compression of a request body takes
# milliseconds per megabyte. Fast digests (hashlib.sha256), json and the like are not here.
CPU_BOUND_CALLS: dict[str, CpuBound] = {
    # password hashing and key derivation (all release the GIL while they compute)
    **_each("key derivation", "pbkdf2_hmac scrypt", prefix="hashlib."),
    **_each("password hashing", "hashpw checkpw kdf", prefix="bcrypt."),
    **_each("password hashing", "hash verify", prefix="argon2.PasswordHasher."),
    **_each("password hashing", "hash_secret hash_secret_raw verify_secret", prefix="argon2.low_level."),
    **_each("password hashing", "hash_password hash_password_raw verify_password", prefix="argon2."),
    **_each("password hashing", "hash verify verify_and_update", prefix="passlib.context.CryptContext."),
    **{f"passlib.hash.{h}.{m}": CpuBound("password hashing") for h in _PASSLIB_HASHES for m in ("hash", "verify")},
    **_each("key derivation", "derive verify", prefix="cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC."),
    **_each("key derivation", "derive verify", prefix="cryptography.hazmat.primitives.kdf.scrypt.Scrypt."),
    "crypt.crypt": CpuBound("password hashing"),
    # one-shot compression (zlib, bz2 and lzma release the GIL while they work)
    **_each("compression", "compress decompress", prefix="zlib."),
    **_each("compression", "compress decompress", prefix="gzip."),
    **_each("compression", "compress decompress", prefix="bz2."),
    **_each("compression", "compress decompress", prefix="lzma."),
}
