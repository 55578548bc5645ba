"""The workbench's forms: they parse and check what a caseworker typed, nothing more.

Whether the step is allowed on the case is for the case services to say; their refusal
is shown on the form, with everything typed kept.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.models import Channel, DecisionOutcome
from borgerrejse.cases.services import DecisionContent
from borgerrejse.cases.services.handling import MAX_TEXT
from borgerrejse.catalog.departments import TEAMS

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
# How a citizen can reach us: every channel but the system itself.
CONTACT_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.SYSTEM]
MAX_REASONS = 20

_DATE_ERRORS = {
    "required": _("Skriv en dato."),
    "invalid": _("Skriv datoen som dd-mm-åååå, fx 16-03-2026."),
}


def _text(label: Any, required_message: Any, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={
            "required": required_message,
            "max_length": _("Teksten er for lang. Skriv højst %(limit_value)s tegn."),
        },
        **kwargs,
    )


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=DATE_FORMATS, error_messages=_DATE_ERRORS, **kwargs
    )


class NoteForm(forms.Form):
    text = _text(_("Note"), _("Skriv en note."))


class InformationRequestForm(forms.Form):
    message = _text(
        _("Hvad skal borgeren sende?"),
        _("Skriv, hvad borgeren skal sende."),
        help_text=_(
            "Borgeren ser teksten på Min side. Skriv kort og klart, fx »Send en opgørelse "
            "af boets formue på dødsdagen«."
        ),
    )
    respond_by = _date(_("Svarfrist"))


class ConsultationSendForm(forms.Form):
    information = _text(
        _("De oplysninger, borgeren skal høres om"),
        _("Skriv de oplysninger, borgeren skal høres om."),
        help_text=_("Skriv de oplysninger, der taler imod borgeren, og hvor de kommer fra."),
    )
    respond_by = _date(_("Frist for at svare"))


class ConsultationResponseForm(forms.Form):
    response = _text(_("Borgerens svar"), _("Skriv borgerens svar."))
    channel = forms.ChoiceField(
        label=_("Hvordan svarede borgeren?"),
        choices=CONTACT_CHANNELS,
        initial=Channel.PHONE,
        error_messages={"required": _("Vælg, hvordan borgeren svarede.")},
    )


class ConsultationWaiveForm(forms.Form):
    reason = _text(
        _("Hvorfor kan partshøring undlades?"),
        _("Skriv, hvorfor partshøring kan undlades."),
        help_text=_(
            "Fx at borgeren selv har givet oplysningerne (forvaltningslovens § 19, stk. 2)."
        ),
    )


class ForwardForm(forms.Form):
    to_department = forms.ChoiceField(
        label=_("Afdeling"),
        error_messages={
            "required": _("Vælg den afdeling, der skal løse opgaven."),
            "invalid_choice": _("Vælg den afdeling, der skal løse opgaven."),
        },
    )
    description = _text(
        _("Hvad skal afdelingen gøre?"), _("Skriv, hvad den anden afdeling skal gøre.")
    )

    def __init__(self, *args: Any, own_department: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_department"]).choices = [
            ("", _("Vælg afdeling")),
            *(
                (department.value, team.name)
                for department, team in TEAMS.items()
                if department.value != own_department
            ),
        ]


class TaskCompleteForm(forms.Form):
    result = _text(_("Hvad har I gjort?"), _("Skriv, hvad I har gjort."))


class ProposalReturnForm(forms.Form):
    comment = _text(_("Hvad skal rettes?"), _("Skriv, hvad der skal rettes, før du kan godkende."))


class WithdrawForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Hvordan bad borgeren om at trække sagen tilbage?"),
        choices=CONTACT_CHANNELS,
        initial=Channel.PHONE,
        error_messages={"required": _("Vælg, hvordan borgeren kontaktede os.")},
    )


class AssignForm(forms.Form):
    handler = forms.ChoiceField(
        label=_("Sagsbehandler"),
        error_messages={
            "required": _("Vælg en sagsbehandler."),
            "invalid_choice": _("Vælg en sagsbehandler, der kan behandle denne ydelse."),
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["handler"]).choices = [
            ("", _("Vælg sagsbehandler")),
            *choices,
        ]


_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")


def amount_parse(text: str) -> Decimal:
    """An amount as people type it: "12.950,50", "12950.50", "12 950 kr." or "12,950.50".

    Raises ValueError when it is not an amount.
    """
    text = text.strip().lower().removesuffix("kr.").removesuffix("kr").removeprefix("dkk")
    text = text.replace(" ", "").replace("\u00a0", "")
    if not text:
        raise ValueError("empty")
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif _GROUPED.match(text):
        text = text.replace(".", "").replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not amount.is_finite():
        raise ValueError(text)
    return amount.quantize(Decimal("0.01"))


class DecisionForm(forms.Form):
    """The decision: outcome, amount, legal basis and reasons (forvaltningsloven §§ 22-24).

    The reasons are pre-filled from what the rules found, one text field each, and the
    caseworker edits them; one empty field more lets them add a reason.
    """

    outcome = forms.ChoiceField(
        label=_("Afgørelse"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vælg, hvad afgørelsen går ud på."),
            "invalid_choice": _("Vælg, hvad afgørelsen går ud på."),
        },
    )
    amount = forms.CharField(label=_("Beløb"), required=False, max_length=30)
    legal_basis = forms.CharField(
        label=_("Retsgrundlag"),
        max_length=300,
        error_messages={"required": _("Skriv, hvilke regler afgørelsen bygger på.")},
    )
    # How many reason fields the page had, so that a posted form shows them all again.
    reason_slots = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_REASONS, required=False
    )

    def __init__(
        self, *args: Any, suggested: DecisionContent, reason_count: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.suggested = suggested
        if reason_count is None:
            reason_count = self._posted_reason_count()
        self.reason_count = max(1, min(reason_count, MAX_REASONS))
        self.fields["reason_slots"].initial = self.reason_count
        for index in range(self.reason_count):
            self.fields[f"reason_{index}"] = forms.CharField(
                label=_("Begrundelse %(number)s") % {"number": index + 1},
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea,
                error_messages={
                    "max_length": _("Teksten er for lang. Skriv højst %(limit_value)s tegn.")
                },
            )
            self.fields[f"reason_{index}_basis"] = forms.CharField(
                label=_("Regel for begrundelse %(number)s") % {"number": index + 1},
                required=False,
                max_length=300,
            )

    def _posted_reason_count(self) -> int:
        if not self.is_bound:
            return len(self.suggested.reasons) + 1
        try:
            return int(self.data.get(self.add_prefix("reason_slots"), ""))
        except ValueError:
            return len(self.suggested.reasons) + 1

    @classmethod
    def initial_from(cls, suggested: DecisionContent) -> dict[str, Any]:
        """The form's first values: the rules' proposal, for the caseworker to edit."""
        initial: dict[str, Any] = {
            "outcome": suggested.outcome,
            "amount": ""
            if suggested.amount is None
            else f"{suggested.amount:.2f}".replace(".", ","),
            "legal_basis": suggested.legal_basis,
        }
        for index, reason in enumerate(suggested.reasons):
            initial[f"reason_{index}"] = reason.get("text", {}).get("da", "")
            initial[f"reason_{index}_basis"] = reason.get("legal_basis", "")
        return initial

    @classmethod
    def kept(cls, data: Any, *, prefix: str, suggested: DecisionContent) -> DecisionForm:
        """The form as typed but not checked: shown again when it was not used."""
        bound = cls(data, prefix=prefix, suggested=suggested)
        initial = {name: data.get(bound.add_prefix(name)) for name in bound.fields}
        return cls(
            prefix=prefix, suggested=suggested, reason_count=bound.reason_count, initial=initial
        )

    def clean_amount(self) -> Decimal | None:
        text = self.cleaned_data.get("amount", "")
        if not text.strip():
            return None
        try:
            amount = amount_parse(text)
        except ValueError:
            raise forms.ValidationError(
                _("Skriv beløbet i kroner, fx 12.950 eller 12.950,50."), code="amount"
            ) from None
        if amount < 0:
            raise forms.ValidationError(_("Beløbet kan ikke være negativt."), code="negative")
        return amount

    def reason_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"reason_{index}"], self[f"reason_{index}_basis"])
            for index in range(self.reason_count)
        ]

    def content(self) -> DecisionContent:
        """The decision as the case services take it. Call after `is_valid()`."""
        data = self.cleaned_data
        reasons = []
        for index in range(self.reason_count):
            text = data.get(f"reason_{index}", "").strip()
            if not text:
                continue
            suggested = self.suggested.reasons[index] if index < len(self.suggested.reasons) else {}
            reasons.append(
                {
                    "text": {"da": text},
                    "legal_basis": data.get(f"reason_{index}_basis", "").strip()
                    or data["legal_basis"],
                    "facts": suggested.get("facts", {}),
                }
            )
        return DecisionContent(
            outcome=data["outcome"],
            reasons=reasons,
            legal_basis=data["legal_basis"],
            amount=data.get("amount"),
            facts=self.suggested.facts,
        )


class ReviewForm(forms.Form):
    """A review of a contested decision: uphold it, or replace it with a new decision."""

    UPHOLD = "uphold"
    OVERTURN = "overturn"

    result = forms.ChoiceField(
        label=_("Resultat af genvurderingen"),
        choices=[
            (UPHOLD, _("Fasthold afgørelsen")),
            (OVERTURN, _("Ændr afgørelsen")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vælg, om afgørelsen skal fastholdes eller ændres."),
            "invalid_choice": _("Vælg, om afgørelsen skal fastholdes eller ændres."),
        },
    )
    note = forms.CharField(
        label=_("Vurdering"),
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        help_text=_(
            "Skriv kort, hvad du har lagt vægt på. Den nye afgørelse har sin egen begrundelse."
        ),
        error_messages={"required": _("Skriv, hvad du har lagt vægt på.")},
    )

    @property
    def overturn(self) -> bool:
        return self.cleaned_data.get("result") == self.OVERTURN


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the address so a filtered queue can be bookmarked."""

    service = forms.ChoiceField(label=_("Ydelse"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    due_this_week = forms.BooleanField(label=_("Frist i denne uge"), required=False)
    overdue = forms.BooleanField(label=_("Over fristen"), required=False)

    def __init__(
        self,
        *args: Any,
        services: list[tuple[str, str]],
        statuses: list[tuple[str, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service"]).choices = [
            ("", _("Alle ydelser")),
            *services,
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("Alle")), *statuses]


class ButtonForm(forms.Form):
    """A button with no fields: only a case service's refusal can be in error.

    `anchor` is where the error summary links to: the part of the page with the button.
    """

    def __init__(self, *args: Any, anchor: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anchor = anchor
