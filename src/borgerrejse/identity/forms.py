"""The demo login form: pick a demo citizen, or type any CPR number."""

from __future__ import annotations

import dataclasses
from typing import Any, Final

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from borgerrejse.people.cpr import CPR, InvalidCPR, parse_cpr
from borgerrejse.people.demo import DEMO_CITIZENS

OTHER_PERSON: Final = "other"
# The demo citizens offered on the form, in the order shown.
OFFERED_DEMO_CITIZENS: Final = (
    "danish_adult",
    "english_speaking",
    "digital_post_exempt",
    "young_adult",
)


@dataclasses.dataclass(frozen=True)
class PersonOption:
    value: str
    name: str
    cpr: str  # formatted; demo numbers are public, so they may be shown


def person_options() -> list[PersonOption]:
    options = []
    for key in OFFERED_DEMO_CITIZENS:
        demo = DEMO_CITIZENS[key]
        options.append(
            PersonOption(
                value=key,
                name=f"{demo.first_name} {demo.last_name}",
                cpr=parse_cpr(demo.cpr).formatted,
            )
        )
    return options


class LocalLoginForm(forms.Form):
    """Field errors are Danish source text, translated when shown."""

    person = forms.ChoiceField(
        label=_("Hvem vil du logge ind som?"),
        choices=[(key, key) for key in OFFERED_DEMO_CITIZENS] + [(OTHER_PERSON, OTHER_PERSON)],
        error_messages={
            "required": _("Vælg, hvem du vil logge ind som"),
            "invalid_choice": _("Vælg, hvem du vil logge ind som"),
        },
    )
    # Checked in clean(), and only when the citizen chose to type a number.
    cpr = forms.CharField(label=_("CPR-nummer"), required=False)

    @sensitive_variables("cleaned_data")
    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        person = cleaned_data.get("person")
        if person == OTHER_PERSON:
            try:
                cleaned_data["cpr_number"] = parse_cpr(cleaned_data.get("cpr", ""))
            except InvalidCPR as exc:
                self.add_error("cpr", exc)
        elif person:
            cleaned_data["cpr_number"] = parse_cpr(DEMO_CITIZENS[person].cpr)
        return cleaned_data

    @property
    def cpr_number(self) -> CPR:
        """The chosen person's CPR number; only after `is_valid()` returned True."""
        number = self.cleaned_data["cpr_number"]
        assert isinstance(number, CPR)
        return number

    @property
    def error_field(self) -> str:
        """The field a login failure for the chosen person belongs on."""
        return "cpr" if self.data.get("person") == OTHER_PERSON else "person"
