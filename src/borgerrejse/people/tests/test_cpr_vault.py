import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from borgerrejse.people.cpr import parse_cpr
from borgerrejse.people.cpr_vault import (
    CPRDecryptionError,
    cpr_decrypt,
    cpr_encrypt,
    cpr_lookup_hash,
)

CPR = parse_cpr("120385-1234")
HASH_KEY = "ab" * 32


def test_encryption_round_trip():
    assert cpr_decrypt(cpr_encrypt(CPR)) == CPR


def test_token_does_not_contain_the_number():
    token = cpr_encrypt(CPR)

    assert b"1203851234" not in token
    assert b"120385" not in token


def test_each_encryption_is_different_but_decrypts_the_same():
    first, second = cpr_encrypt(CPR), cpr_encrypt(CPR)

    assert first != second
    assert cpr_decrypt(first) == cpr_decrypt(second) == CPR


def test_decrypts_memoryview_as_postgresql_returns_it():
    assert cpr_decrypt(memoryview(cpr_encrypt(CPR))) == CPR


def test_lookup_hash_is_stable_hex_and_differs_per_number():
    digest = cpr_lookup_hash(CPR)

    assert digest == cpr_lookup_hash(parse_cpr("1203851234"))
    assert len(digest) == 64
    int(digest, 16)
    assert digest != cpr_lookup_hash(parse_cpr("120385-1236"))
    assert "1203851234" not in digest


def test_local_keys_derive_from_secret_key(settings):
    settings.CPR_ENCRYPTION_KEY = ""
    settings.CPR_HASH_KEY = ""
    token, digest = cpr_encrypt(CPR), cpr_lookup_hash(CPR)

    settings.SECRET_KEY = "another-secret-key"

    assert cpr_lookup_hash(CPR) != digest
    with pytest.raises(CPRDecryptionError):
        cpr_decrypt(token)


def test_configured_hash_key_is_used_and_independent_of_secret_key(settings):
    settings.CPR_HASH_KEY = HASH_KEY
    digest = cpr_lookup_hash(CPR)

    settings.SECRET_KEY = "another-secret-key"
    assert cpr_lookup_hash(CPR) == digest

    settings.CPR_HASH_KEY = "cd" * 32
    assert cpr_lookup_hash(CPR) != digest


def test_configured_encryption_key_is_used(settings):
    key = Fernet.generate_key()
    settings.CPR_ENCRYPTION_KEY = key.decode()

    token = cpr_encrypt(CPR)

    assert Fernet(key).decrypt(token) == b"1203851234"


def test_encryption_key_can_rotate(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CPR_ENCRYPTION_KEY = old
    old_token = cpr_encrypt(CPR)

    settings.CPR_ENCRYPTION_KEY = f"{new}, {old}"

    assert cpr_decrypt(old_token) == CPR
    assert Fernet(new.encode()).decrypt(cpr_encrypt(CPR)) == b"1203851234"


def test_wrong_key_gives_a_clear_error_without_the_number(settings):
    token = cpr_encrypt(CPR)
    settings.CPR_ENCRYPTION_KEY = Fernet.generate_key().decode()

    with pytest.raises(CPRDecryptionError, match="CPR_ENCRYPTION_KEY") as excinfo:
        cpr_decrypt(token)
    assert "1234" not in str(excinfo.value)


@pytest.mark.parametrize("key", ["not-a-fernet-key", "abc,def"])
def test_malformed_encryption_key_is_a_configuration_error(settings, key):
    settings.CPR_ENCRYPTION_KEY = key

    with pytest.raises(ImproperlyConfigured, match="CPR_ENCRYPTION_KEY"):
        cpr_encrypt(CPR)


@pytest.mark.parametrize("key", ["xyz", "abcd", "ab" * 31])
def test_malformed_or_short_hash_key_is_a_configuration_error(settings, key):
    settings.CPR_HASH_KEY = key

    with pytest.raises(ImproperlyConfigured, match="CPR_HASH_KEY"):
        cpr_lookup_hash(CPR)
