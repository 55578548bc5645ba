"""The identity-provider contract, its registry and the demo provider's settings."""

import datetime as dt
import pickle
import random

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponseRedirect
from django.utils import timezone

from borgerrejse.identity import sessions
from borgerrejse.identity.local_provider import LocalIdentityProvider
from borgerrejse.identity.providers import (
    AssuranceLevel,
    IdentityProvider,
    LoginFailed,
    LoginFailureCode,
    VerifiedIdentity,
    identity_provider_get,
)
from borgerrejse.identity.tests.logins import ANNE_CPR


class RedirectingProvider(IdentityProvider):
    """An external provider in miniature: redirects away, answers on the callback."""

    name = "test-redirect"

    @classmethod
    def from_settings(cls):
        return cls()

    def login_start(self, request):
        request.session["test.state"] = "s1"
        return HttpResponseRedirect("https://idp.example/authorize?state=s1")

    def login_complete(self, request):
        if request.GET.get("error") == "access_denied":
            raise LoginFailed(LoginFailureCode.CANCELLED)
        if request.GET.get("state") != request.session.pop("test.state", None):
            raise LoginFailed(LoginFailureCode.INVALID_REQUEST)
        if request.GET.get("error") == "timeout":
            raise LoginFailed(LoginFailureCode.TIMEOUT)
        return VerifiedIdentity(
            cpr=request.GET["cpr"],
            assurance_level=request.GET.get("level", "substantial"),
            provider=self.name,
            authenticated_at=timezone.now(),
        )

    def logout_redirect(self, request):
        return "https://idp.example/logout"


PATH = f"{__name__}.RedirectingProvider"


def test_the_default_provider_is_the_demo_login():
    assert isinstance(identity_provider_get(), LocalIdentityProvider)


def test_a_provider_can_be_named_by_its_class(settings):
    settings.IDENTITY_PROVIDER = PATH

    assert isinstance(identity_provider_get(), RedirectingProvider)


@pytest.mark.parametrize(
    "name", ["mitid", "borgerrejse.nowhere.Provider", "borgerrejse.identity.tests.logins.log_in"]
)
def test_an_unknown_provider_is_a_configuration_error(settings, name):
    settings.IDENTITY_PROVIDER = name

    with pytest.raises(ImproperlyConfigured):
        identity_provider_get()


def test_the_system_check_reports_an_unknown_provider(settings):
    settings.IDENTITY_PROVIDER = "mitid"

    errors = [m for m in checks.run_checks(tags=[checks.Tags.security]) if m.id == "identity.E001"]

    assert len(errors) == 1


def test_the_deploy_check_warns_about_demo_logins_and_tokens(settings):
    messages = {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert {"identity.W001", "identity.W002"} <= messages

    settings.IDENTITY_PROVIDER = PATH
    settings.DEMO_TOKENS_ENABLED = False
    messages = {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert not {"identity.W001", "identity.W002"} & messages


@pytest.mark.django_db
class TestARedirectingProvider:
    @pytest.fixture(autouse=True)
    def _provider(self, settings):
        settings.IDENTITY_PROVIDER = PATH

    def test_login_goes_to_the_provider_and_back(self, client, anne):
        start = client.get("/log-ind/?next=/tilgaengelighed/")
        assert start["Location"] == "https://idp.example/authorize?state=s1"

        back = client.get("/log-ind/retur/", {"state": "s1", "cpr": ANNE_CPR})

        assert back["Location"] == "/tilgaengelighed/"
        assert client.session[sessions.CITIZEN_ID] == anne.pk
        assert client.session[sessions.PROVIDER] == "test-redirect"

    def test_a_wrong_state_fails(self, client, anne):
        client.get("/log-ind/")

        response = client.get("/log-ind/retur/", {"state": "forged", "cpr": ANNE_CPR})

        assert response.status_code == 400
        assert "<h1>Log-ind mislykkedes</h1>" in response.content.decode()
        assert sessions.CITIZEN_ID not in client.session

    def test_cancel_at_the_provider(self, client):
        client.get("/log-ind/")

        response = client.get("/log-ind/retur/", {"error": "access_denied"})

        assert response.status_code == 200
        assert "<h1>Du afbrød log-ind</h1>" in response.content.decode()

    def test_a_timeout(self, client):
        client.get("/log-ind/")

        response = client.get("/log-ind/retur/", {"state": "s1", "error": "timeout"})

        assert response.status_code == 504
        assert "<h1>Log-ind tog for lang tid</h1>" in response.content.decode()

    def test_an_unknown_person_gets_the_general_page(self, client, anne):
        client.get("/log-ind/")

        response = client.get("/log-ind/retur/", {"state": "s1", "cpr": "120385-1236"})

        assert response.status_code == 403
        assert "<h1>Vi kan ikke finde dig</h1>" in response.content.decode()

    def test_a_low_assurance_level_is_refused(self, client, anne):
        client.get("/log-ind/")

        response = client.get("/log-ind/retur/", {"state": "s1", "cpr": ANNE_CPR, "level": "low"})

        assert response.status_code == 403
        assert sessions.CITIZEN_ID not in client.session

    def test_logout_goes_on_to_the_provider(self, client, anne):
        client.get("/log-ind/")
        client.get("/log-ind/retur/", {"state": "s1", "cpr": ANNE_CPR})

        response = client.post("/log-ud/")

        assert response["Location"] == "https://idp.example/logout"
        assert sessions.CITIZEN_ID not in client.session


def test_verified_identity_needs_an_aware_time_and_a_provider():
    with pytest.raises(ValueError, match="timezone-aware"):
        VerifiedIdentity(
            cpr=ANNE_CPR,
            assurance_level=AssuranceLevel.SUBSTANTIAL,
            provider="local",
            authenticated_at=dt.datetime(2026, 5, 4, 9, 0),  # noqa: DTZ001
        )
    with pytest.raises(ValueError, match="provider"):
        VerifiedIdentity(
            cpr=ANNE_CPR,
            assurance_level=AssuranceLevel.SUBSTANTIAL,
            provider="",
            authenticated_at=timezone.now(),
        )


def test_verified_identity_keeps_the_cpr_number_out_of_its_repr():
    identity = VerifiedIdentity(
        cpr=ANNE_CPR, assurance_level="high", provider="local", authenticated_at=timezone.now()
    )

    assert ANNE_CPR not in repr(identity)
    assert identity.assurance_level is AssuranceLevel.HIGH


def test_assurance_levels_are_ordered():
    low, substantial, high = AssuranceLevel.LOW, AssuranceLevel.SUBSTANTIAL, AssuranceLevel.HIGH

    assert high.at_least(substantial) and substantial.at_least(substantial)
    assert not low.at_least(substantial)


def test_login_failed_has_a_code_and_a_message_for_the_citizen():
    failure = LoginFailed("timeout")

    assert failure.code is LoginFailureCode.TIMEOUT
    assert str(failure.message) == "Log-ind tog for lang tid. Prøv igen."
    assert str(failure) == "timeout"
    copy = pickle.loads(pickle.dumps(failure))  # noqa: S301 -- our own object
    assert (copy.code, str(copy.message)) == (failure.code, str(failure.message))


def test_login_failed_refuses_an_unknown_code():
    with pytest.raises(ValueError):
        LoginFailed("oops")


class TestLocalProviderSettings:
    def test_from_settings(self, settings):
        settings.LOCAL_IDP_DELAY_MS = 120
        settings.LOCAL_IDP_FAILURE_RATE = 0.25

        provider = LocalIdentityProvider.from_settings()

        assert (provider.delay_ms, provider.failure_rate) == (120, 0.25)

    def test_defaults(self):
        provider = LocalIdentityProvider.from_settings()

        assert (provider.delay_ms, provider.failure_rate) == (0, 0.0)

    @pytest.mark.parametrize(
        ("delay", "rate"), [(-1, 0.0), (0, -0.1), (0, 1.5), ("slow", 0.0), (0, None)]
    )
    def test_bad_values(self, settings, delay, rate):
        settings.LOCAL_IDP_DELAY_MS = delay
        settings.LOCAL_IDP_FAILURE_RATE = rate

        with pytest.raises(ImproperlyConfigured):
            LocalIdentityProvider.from_settings()

    def test_the_failure_rate_is_a_share_of_logins(self, rf):
        provider = LocalIdentityProvider(failure_rate=0.3, rng=random.Random(1))
        failures = 0
        for _ in range(1000):
            request = rf.post("/log-ind/", {"person": "danish_adult", "action": "login"})
            try:
                provider.login_complete(request)
            except LoginFailed as failure:
                assert failure.code == LoginFailureCode.PROVIDER_UNAVAILABLE
                failures += 1

        assert 250 < failures < 350

    def test_cancel_never_fails_with_an_outage(self, rf):
        provider = LocalIdentityProvider(failure_rate=1.0)
        request = rf.post("/log-ind/", {"action": "cancel"})

        with pytest.raises(LoginFailed) as failure:
            provider.login_complete(request)

        assert failure.value.code == LoginFailureCode.CANCELLED

    def test_the_identity_is_substantial_and_local(self, rf):
        request = rf.post("/log-ind/", {"person": "other", "cpr": "1203851234", "action": "login"})

        identity = LocalIdentityProvider().login_complete(request)

        assert identity.cpr == "1203851234"
        assert identity.assurance_level is AssuranceLevel.SUBSTANTIAL
        assert identity.provider == "local"
        assert timezone.is_aware(identity.authenticated_at)

    def test_a_failure_outside_the_form_gets_the_general_page(self, rf):
        request = rf.post("/log-ind/", {"action": "cancel"})

        assert (
            LocalIdentityProvider().login_failed(request, LoginFailed(LoginFailureCode.TIMEOUT))
            is None
        )


def test_a_provider_must_implement_the_contract():
    class Incomplete(IdentityProvider):
        name = "incomplete"

    with pytest.raises(TypeError):
        Incomplete()  # type: ignore[abstract]
