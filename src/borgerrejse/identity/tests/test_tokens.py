"""API tokens: made, found, expired, revoked; and the `token` command."""

import datetime as dt
import hashlib
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from borgerrejse.identity.models import ApiToken
from borgerrejse.identity.selectors import (
    api_token_authenticate,
    api_token_get_active,
    citizen_for_token,
)
from borgerrejse.identity.services import (
    TokenLifetimeInvalid,
    api_token_create,
    api_token_revoke,
)
from borgerrejse.identity.tests.logins import ANNE_CPR, STRANGER_CPR

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=COPENHAGEN)


def test_a_token_is_stored_only_as_its_hash(anne):
    with time_machine.travel(NOW, tick=False):
        token, plaintext = api_token_create(citizen=anne)

    token.refresh_from_db()
    assert len(plaintext) >= 43  # 32 random bytes, base64url
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert token.prefix == plaintext[:8]
    assert plaintext not in {field.value_to_string(token) for field in ApiToken._meta.fields}
    assert token.created_at == NOW
    assert token.expires_at == NOW + dt.timedelta(days=30)
    assert token.last_used_at is None
    assert token.revoked_at is None


def test_each_token_is_new(anne):
    secrets = {api_token_create(citizen=anne)[1] for _ in range(5)}

    assert len(secrets) == 5


def test_the_citizen_is_found_by_the_token(anne, django_assert_num_queries):
    _token, plaintext = api_token_create(citizen=anne)

    with django_assert_num_queries(2):  # the lookup with its citizen, and noting the use
        assert citizen_for_token(plaintext) == anne


@pytest.mark.parametrize("plaintext", ["", "x", "not-a-token", "a" * 43, "a" * 10_000])
def test_an_unknown_token_finds_nobody(anne, plaintext):
    api_token_create(citizen=anne)

    assert citizen_for_token(plaintext) is None


def test_a_token_expires(anne):
    with time_machine.travel(NOW, tick=False) as traveller:
        _token, plaintext = api_token_create(citizen=anne, lifetime=dt.timedelta(days=2))
        traveller.shift(dt.timedelta(days=2) - dt.timedelta(seconds=1))
        assert citizen_for_token(plaintext) == anne
        traveller.shift(dt.timedelta(seconds=1))
        assert citizen_for_token(plaintext) is None


def test_a_revoked_token_finds_nobody_and_revoking_again_changes_nothing(anne):
    with time_machine.travel(NOW, tick=False) as traveller:
        token, plaintext = api_token_create(citizen=anne)
        api_token_revoke(token=token)
        assert token.revoked_at == NOW
        traveller.shift(dt.timedelta(hours=1))

        api_token_revoke(token=token)

    token.refresh_from_db()
    assert token.revoked_at == NOW
    assert citizen_for_token(plaintext) is None
    assert not token.is_active(at=NOW)


def test_revoking_one_token_leaves_the_others(anne):
    first, first_secret = api_token_create(citizen=anne)
    _second, second_secret = api_token_create(citizen=anne)

    api_token_revoke(token=first)

    assert citizen_for_token(first_secret) is None
    assert citizen_for_token(second_secret) == anne


def test_use_is_noted_at_most_once_a_minute(anne, django_assert_num_queries):
    with time_machine.travel(NOW, tick=False) as traveller:
        token, plaintext = api_token_create(citizen=anne)

        assert api_token_authenticate(plaintext=plaintext).last_used_at == NOW
        traveller.shift(dt.timedelta(seconds=59))
        with django_assert_num_queries(1):  # the lookup only
            assert api_token_authenticate(plaintext=plaintext).last_used_at == NOW
        traveller.shift(dt.timedelta(seconds=1))
        assert api_token_authenticate(plaintext=plaintext).last_used_at == NOW + dt.timedelta(
            minutes=1
        )

    token.refresh_from_db()
    assert token.last_used_at == NOW + dt.timedelta(minutes=1)


def test_noting_the_use_does_not_undo_a_revocation(anne):
    token, plaintext = api_token_create(citizen=anne)
    found = api_token_get_active(plaintext=plaintext)
    api_token_revoke(token=token)  # at the same moment, in another request

    api_token_authenticate(plaintext=plaintext)

    found.refresh_from_db()
    assert found.revoked_at is not None


@pytest.mark.parametrize(
    "lifetime", [dt.timedelta(0), dt.timedelta(days=-1), dt.timedelta(days=367)]
)
def test_a_token_lifetime_must_be_sensible(anne, lifetime):
    with pytest.raises(TokenLifetimeInvalid):
        api_token_create(citizen=anne, lifetime=lifetime)


def run_token_command(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_the_command_prints_only_the_token(anne):
    with time_machine.travel(NOW, tick=False):
        stdout, stderr = run_token_command(ANNE_CPR, "--days", "7")

        plaintext = stdout.strip()
        assert stdout == plaintext + "\n"
        assert stderr == ""
        assert citizen_for_token(plaintext) == anne
        assert ApiToken.objects.get().expires_at == NOW + dt.timedelta(days=7)


def test_the_command_defaults_to_30_days(anne):
    with time_machine.travel(NOW, tick=False):
        run_token_command(ANNE_CPR)

    assert ApiToken.objects.get().expires_at == NOW + dt.timedelta(days=30)


@pytest.mark.parametrize(
    ("cpr", "message"),
    [
        ("12-03", "CPR-nummeret skal have 10 cifre"),
        ("abc", "CPR-nummeret må kun indeholde tal og en bindestreg"),
        (STRANGER_CPR, "Der er ingen borger med dette CPR-nummer."),
    ],
)
def test_the_command_refuses_a_bad_cpr_number(anne, cpr, message):
    with pytest.raises(CommandError, match=message):
        run_token_command(cpr)

    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("days", ["0", "367", "-3"])
def test_the_command_refuses_a_bad_lifetime(anne, days):
    with pytest.raises(CommandError, match="--days"):
        run_token_command(ANNE_CPR, "--days", days)


def test_the_command_refuses_when_demo_tokens_are_off(anne, settings):
    settings.DEMO_TOKENS_ENABLED = False

    with pytest.raises(CommandError, match="DEMO_TOKENS_ENABLED"):
        run_token_command(ANNE_CPR)

    assert not ApiToken.objects.exists()


def test_the_command_line_puts_errors_on_stderr_with_a_non_zero_exit(anne, capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["borgerrejse", "token", STRANGER_CPR])

    captured = capsys.readouterr()
    assert exit_.value.code != 0
    assert captured.out == ""
    assert "Der er ingen borger med dette CPR-nummer." in captured.err
