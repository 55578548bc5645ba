"""The front desk's forms: finding a citizen, registering a contact, a letter or e-mail,
and an exemption from Digital Post. They parse what was typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.models import Channel
from borgerrejse.contacts.models import CONTACT_CHANNELS, Direction
from borgerrejse.people.models import DigitalPostExemptionReason
from borgerrejse.workbench.forms import DATE_FORMATS

_DATE_ERRORS = {
    "required": _("Skriv en dato."),
    "invalid": _("Skriv datoen som dd-mm-åååå, fx 16-03-2026."),
}


class CitizenSearchForm(forms.Form):
    """CPR number, or name and birth date when the citizen has no CPR number at hand."""

    prefix = "search"
    cpr = forms.CharField(label=_("CPR-nummer"), required=False, max_length=11)
    first_name = forms.CharField(label=_("Fornavn"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), required=False, max_length=100)
    birth_date = forms.DateField(
        label=_("Fødselsdato"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages=_DATE_ERRORS,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        by_name = data.get("first_name") and data.get("last_name") and data.get("birth_date")
        if not data.get("cpr") and not by_name and not self.errors:
            raise forms.ValidationError(
                _("Skriv et CPR-nummer, eller fornavn, efternavn og fødselsdato.")
            )
        return data


class ContactForm(forms.Form):
    prefix = "contact"
    anchor = "#contact-channel"
    channel = forms.ChoiceField(
        label=_("Kanal"),
        choices=CONTACT_CHANNELS,
        initial=Channel.DESK,
        error_messages={"required": _("Vælg en kanal."), "invalid_choice": _("Vælg en kanal.")},
    )
    direction = forms.ChoiceField(
        label=_("Retning"),
        choices=Direction.choices,
        initial=Direction.INBOUND,
        error_messages={"required": _("Vælg en retning."), "invalid_choice": _("Vælg en retning.")},
    )
    subject = forms.CharField(
        label=_("Emne"),
        max_length=200,
        error_messages={"required": _("Skriv, hvad kontakten handlede om.")},
    )
    summary = forms.CharField(
        label=_("Resumé"), required=False, max_length=4000, widget=forms.Textarea
    )
    cases = forms.MultipleChoiceField(
        label=_("Sager"), required=False, widget=forms.CheckboxSelectMultiple
    )
    resolved_at_first_contact = forms.BooleanField(
        label=_("Løst ved første kontakt"), required=False
    )
    duration_minutes = forms.IntegerField(
        label=_("Varighed i minutter"),
        required=False,
        min_value=0,
        max_value=480,
        error_messages={
            "invalid": _("Skriv et helt antal minutter, fx 5."),
            "min_value": _("Varigheden kan ikke være negativ."),
            "max_value": _("Varigheden kan højst være 480 minutter."),
        },
    )

    def __init__(self, *args: Any, case_numbers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cases"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(n, n) for n in case_numbers]


class DocumentForm(forms.Form):
    """An incoming letter (scanned) or e-mail, into a case."""

    prefix = "document"
    case = forms.ChoiceField(
        label=_("Sag"),
        error_messages={"required": _("Vælg sagen."), "invalid_choice": _("Vælg sagen.")},
    )
    channel = forms.ChoiceField(
        label=_("Kom ind som"),
        choices=[(Channel.LETTER, Channel.LETTER.label), (Channel.EMAIL, Channel.EMAIL.label)],
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg brev eller e-mail.")},
    )
    description = forms.CharField(
        label=_("Hvad er det?"),
        max_length=500,
        error_messages={"required": _("Skriv kort, hvad det er.")},
    )
    file = forms.FileField(
        label=_("Det scannede brev eller e-mailen (PDF, JPG eller PNG)"),
        error_messages={"required": _("Vælg filen.")},
    )

    def __init__(self, *args: Any, case_numbers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(n, n) for n in case_numbers]


class ExemptionForm(forms.Form):
    prefix = "exemption"
    reason = forms.ChoiceField(
        label=_("Grund"),
        choices=DigitalPostExemptionReason.choices,
        error_messages={
            "required": _("Vælg en grund til fritagelsen."),
            "invalid_choice": _("Vælg en grund til fritagelsen."),
        },
    )
    until = forms.DateField(
        label=_("Gælder til og med"), input_formats=DATE_FORMATS, error_messages=_DATE_ERRORS
    )


class StartApplicationForm(forms.Form):
    prefix = "start"
    service = forms.ChoiceField(
        label=_("Ydelse"),
        error_messages={"required": _("Vælg en ydelse."), "invalid_choice": _("Vælg en ydelse.")},
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = services
