"""CPR numbers at rest: Fernet encryption and a keyed lookup hash.

The database never holds a CPR number in plain text. Each citizen row keeps
- `cpr_encrypted`: a Fernet token (AES-128-CBC + HMAC-SHA256), to show the number to
  those entitled to see it;
- `cpr_hash`: HMAC-SHA256 of the 10 digits, to find a citizen by CPR number. It is keyed,
  because a plain hash of the only ~4 billion possible numbers is reversed in minutes.

Keys (settings, read from the environment):
- `CPR_ENCRYPTION_KEY`: a Fernet key. Several keys separated by commas rotate the key:
  the first encrypts, all of them decrypt.
  Generate one with
  `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`
- `CPR_HASH_KEY`: at least 32 random bytes, hex-encoded.
  Generate one with `python -c "import secrets; print(secrets.token_hex(32))"`
  Changing it makes every stored `cpr_hash` useless, so it is not rotated lightly.

**Production must set both.** When a key is empty (local development, the demo, tests)
it is derived from `SECRET_KEY` with HKDF, a separate label for each key, so the two
keys are independent and stable for a given `SECRET_KEY`. `manage.py check --deploy`
warns about the fallback.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables

from borgerrejse.people.cpr import CPR

_ENCRYPTION_INFO = b"borgerrejse.people.cpr-encryption.v1"
_HASH_INFO = b"borgerrejse.people.cpr-hash.v1"
_MIN_HASH_KEY_BYTES = 32


class CPRDecryptionError(Exception):
    """A stored token could not be decrypted: wrong CPR_ENCRYPTION_KEY or damaged data."""


def _derive_local_key(*, secret_key: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        secret_key.encode()
    )


@functools.lru_cache(maxsize=8)
def _fernet(encryption_key: str, secret_key: str) -> MultiFernet:
    # Cached per setting value, so override_settings in tests still takes effect.
    if not encryption_key.strip():
        local = _derive_local_key(secret_key=secret_key, info=_ENCRYPTION_INFO)
        return MultiFernet([Fernet(base64.urlsafe_b64encode(local))])
    try:
        return MultiFernet([Fernet(k.strip()) for k in encryption_key.split(",") if k.strip()])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "CPR_ENCRYPTION_KEY must be one or more comma-separated Fernet keys."
        ) from exc


@functools.lru_cache(maxsize=8)
def _hash_key(hash_key: str, secret_key: str) -> bytes:
    if not hash_key.strip():
        return _derive_local_key(secret_key=secret_key, info=_HASH_INFO)
    try:
        key = bytes.fromhex(hash_key.strip())
    except ValueError as exc:
        raise ImproperlyConfigured("CPR_HASH_KEY must be hex-encoded.") from exc
    if len(key) < _MIN_HASH_KEY_BYTES:
        raise ImproperlyConfigured(
            f"CPR_HASH_KEY must be at least {_MIN_HASH_KEY_BYTES} bytes "
            f"({2 * _MIN_HASH_KEY_BYTES} hex digits)."
        )
    return key


def cpr_encryption_configured() -> bool:
    return bool(settings.CPR_ENCRYPTION_KEY.strip())


def cpr_hash_key_configured() -> bool:
    return bool(settings.CPR_HASH_KEY.strip())


def cpr_validate_keys() -> None:
    """Raise ImproperlyConfigured if a configured key is malformed."""
    _fernet(settings.CPR_ENCRYPTION_KEY, settings.SECRET_KEY)
    _hash_key(settings.CPR_HASH_KEY, settings.SECRET_KEY)


def cpr_encrypt(cpr: CPR) -> bytes:
    return _fernet(settings.CPR_ENCRYPTION_KEY, settings.SECRET_KEY).encrypt(cpr.value.encode())


@sensitive_variables()  # keeps the plain number out of error reports
def cpr_decrypt(token: bytes | bytearray | memoryview) -> CPR:
    try:
        plain = _fernet(settings.CPR_ENCRYPTION_KEY, settings.SECRET_KEY).decrypt(bytes(token))
    except InvalidToken:
        raise CPRDecryptionError(
            "Could not decrypt a CPR number: is CPR_ENCRYPTION_KEY the key it was stored with?"
        ) from None
    return CPR(plain.decode())


def cpr_lookup_hash(cpr: CPR) -> str:
    """HMAC-SHA256 of the 10 digits, as 64 hex characters: the value of `Citizen.cpr_hash`."""
    key = _hash_key(settings.CPR_HASH_KEY, settings.SECRET_KEY)
    return hmac.new(key, cpr.value.encode(), hashlib.sha256).hexdigest()
