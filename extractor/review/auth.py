"""Sign-in for the review queue: password hashes, the server secret and CSRF tokens.

Passwords are hashed with scrypt (hashlib.scrypt, random 16-byte salt) and stored as
`scrypt$n$r$p$salt$hash` (salt and hash in URL-safe base64), compared in constant time. The parameters are read
back from the stored string, so they can be raised later without breaking old accounts.

Sessions live on the server (`accounts.py`, in the credentials file beside the database): the cookie carries
only a random token. The server secret derives the CSRF token of signed-out browsers (`anonymous_csrf`). It
comes from, in order: `create_app(secret=…)` / `extract review --secret` / the environment variable
EXTRACT_REVIEW_SECRET, else a random secret kept in a file beside the database (`claims.db` →
`claims.db.review-secret`, mode 0600). It is not kept inside the database on purpose: the database is meant to
be shared (Datasette, copies for colleagues). If the file cannot be written, a random secret lives in memory
only and a warning says so.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import warnings
from pathlib import Path

SECRET_ENV = "EXTRACT_REVIEW_SECRET"
SECRET_SUFFIX = ".review-secret"

# scrypt cost: 2**14 × 8 × 1 takes ~16 MiB and ~50 ms here — slow for a guesser, fine for a sign-in
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN = 2**14, 8, 1, 32
MIN_PASSWORD_LENGTH = 10


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=SCRYPT_DKLEN,
                            maxmem=_maxmem(n, r, p))
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def _maxmem(n: int, r: int, p: int) -> int:
    return 128 * r * (n + p + 2) + 1024 * 1024


def verify_password(password: str, stored: str | None) -> bool:
    """True when `password` matches the stored hash. A malformed or missing hash is never a match; the work done
    is the same either way, so timing does not tell whether an account exists."""
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        n, r, p = int(n), int(r), int(p)
        if scheme != "scrypt" or not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError(scheme)
        salt_b, digest_b = _unb64(salt), _unb64(digest)
    except (ValueError, TypeError):
        _dummy_work(password)
        return False
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=salt_b, n=n, r=r, p=p, dklen=len(digest_b),
                               maxmem=_maxmem(n, r, p))
    return hmac.compare_digest(candidate, digest_b)


_DUMMY_SALT = secrets.token_bytes(16)


def _dummy_work(password: str) -> None:
    hashlib.scrypt(password.encode("utf-8"), salt=_DUMMY_SALT, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                   dklen=SCRYPT_DKLEN, maxmem=_maxmem(SCRYPT_N, SCRYPT_R, SCRYPT_P))


def session_secret(db_path: str | Path, explicit: str | None = None) -> str:
    """The secret that signs session cookies (see the module docstring for the order)."""
    if explicit:
        return explicit
    env = os.environ.get(SECRET_ENV)
    if env:
        return env
    path = Path(str(db_path) + SECRET_SUFFIX)
    try:
        existing = path.read_text(encoding="ascii").strip()
        if len(existing) >= 32:
            return existing
    except FileNotFoundError:
        pass
    except OSError as exc:
        warnings.warn(f"{path}: cannot read the session secret ({exc}); using a temporary one", stacklevel=2)
        return secrets.token_hex(32)
    secret = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it between our read and now: use theirs
        return path.read_text(encoding="ascii").strip()
    except OSError as exc:
        warnings.warn(f"{path}: cannot store the session secret ({exc}); sessions end when the server stops",
                      stacklevel=2)
        return secret
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secret + "\n")
    return secret


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(session_token: str | None, form_token: str | None) -> bool:
    if not session_token or not form_token:
        return False
    return hmac.compare_digest(session_token.encode(), str(form_token).encode())


def anonymous_csrf(secret: str, token: str) -> str:
    """The CSRF token of a signed-out browser (the sign-in form): derived from its cookie token with the secret, so
    nothing is stored for visitors who never sign in, and another site can neither read nor compute it."""
    return hmac.new(secret.encode(), b"csrf\x1f" + token.encode(), hashlib.sha256).hexdigest()
