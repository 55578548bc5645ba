from cryptography.fernet import Fernet
from django.core import checks


def _ids(*, deploy):
    return {m.id for m in checks.run_checks(include_deployment_checks=deploy)}


def test_deploy_check_warns_about_derived_keys(settings):
    settings.CPR_ENCRYPTION_KEY = ""
    settings.CPR_HASH_KEY = ""

    assert {"people.W001", "people.W002"} <= _ids(deploy=True)
    assert not {"people.W001", "people.W002"} & _ids(deploy=False)


def test_deploy_check_is_quiet_when_both_keys_are_set(settings):
    settings.CPR_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.CPR_HASH_KEY = "ab" * 32

    assert not {"people.W001", "people.W002", "people.E001"} & _ids(deploy=True)


def test_malformed_key_is_an_error_in_every_check_run(settings):
    settings.CPR_HASH_KEY = "not hex"

    assert "people.E001" in _ids(deploy=False)
