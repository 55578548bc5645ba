"""The schema of a service definition: the YAML documents in `services/`."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

from borgerrejse.rules.definitions import (
    AmountKind,
    AutomationPolicy,
    Derived,
    Fact,
    FactType,
    Identifier,
    LocalText,
    NonEmpty,
    Parameter,
    Rule,
    RuleSet,
    Strict,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]


class Stakes(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Channel(StrEnum):
    WEB = "web"
    PHONE = "phone"
    DESK = "desk"
    VIDEO = "video"
    LETTER = "letter"
    EMAIL = "email"


class LifeSituation(StrEnum):
    """Groups on the front page, as citizens think of their matters."""

    HEALTH = "health"
    DEATH = "death"
    MOVING = "moving"
    DISABILITY = "disability"
    CHILDREN = "children"
    MONEY = "money"
    TRAVEL = "travel"
    DIGITAL = "digital"


class Department(StrEnum):
    BORGERSERVICE = "borgerservice"
    AELDRE_SUNDHED = "aeldre-sundhed"
    YDELSE = "ydelse"
    SOCIAL = "social"


class FieldType(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    CHOICE = "choice"
    DATE = "date"
    MONEY = "money"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    EMAIL = "email"
    PHONE = "phone"


_FACT_TYPES = {
    FieldType.TEXT: FactType.TEXT,
    FieldType.TEXTAREA: FactType.TEXT,
    FieldType.EMAIL: FactType.TEXT,
    FieldType.PHONE: FactType.TEXT,
    FieldType.CHOICE: FactType.CHOICE,
    FieldType.DATE: FactType.DATE,
    FieldType.MONEY: FactType.MONEY,
    FieldType.INTEGER: FactType.INTEGER,
    FieldType.BOOLEAN: FactType.BOOLEAN,
}


class ChannelTerms(Strict):
    """How a channel serves this service."""

    deadline_working_days: int = Field(ge=0, le=365)
    attendance_required: bool = False
    # The web channel of an in-person service only books the visit and takes payment.
    booking_only: bool = False


class Validation(Strict):
    min: float | None = None
    max: float | None = None
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)
    pattern: str | None = None
    not_in_future: bool = False
    not_in_past: bool = False


class FormField(Strict):
    name: Identifier
    type: FieldType
    label: LocalText
    help: LocalText | None = None
    required: bool = True
    # Whether the citizen may answer "I don't know": the rules then refer the case.
    allow_unknown: bool = False
    options: dict[Identifier, LocalText] = Field(default_factory=dict)
    validation: Validation = Field(default_factory=Validation)
    # A CEL condition over earlier answers; the field is shown (and asked) only when it holds.
    show_if: NonEmpty | None = None

    @model_validator(mode="after")
    def _choices_have_options(self) -> FormField:
        if (self.type is FieldType.CHOICE) != bool(self.options):
            raise ValueError(
                f"field {self.name!r}: a choice field needs options, "
                "and only a choice field may have them"
            )
        return self

    def fact(self) -> Fact:
        return Fact(
            name=self.name, type=_FACT_TYPES[self.type], label=self.label, options=self.options
        )


class FormStep(Strict):
    id: Identifier
    title: LocalText
    fields: tuple[FormField, ...] = Field(min_length=1)


class Form(Strict):
    steps: tuple[FormStep, ...] = Field(min_length=1)

    def fields(self) -> list[FormField]:
        return [field for step in self.steps for field in step.fields]


class Attachment(Strict):
    id: Identifier
    label: LocalText
    help: LocalText | None = None
    required: bool = True
    types: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+$")], ...] = (
        "pdf",
        "jpg",
        "png",
    )
    max_size_mb: int = Field(default=10, ge=1, le=50)


class Appeal(Strict):
    """Klagevejledning, forvaltningsloven § 25: the body, how, and the deadline."""

    body: LocalText
    how: LocalText
    deadline_weeks: int = Field(ge=1, le=52)


class ServiceDefinition(Strict):
    slug: Slug
    version: int = Field(ge=1)
    valid_from: dt.date
    valid_to: dt.date | None = None
    title: LocalText
    summary: LocalText
    life_situation: LifeSituation
    kle: Annotated[str, StringConstraints(pattern=r"^\d{2}\.\d{2}\.\d{2}$")]
    legal_basis: NonEmpty
    department: Department
    stakes: Stakes
    channels: dict[Channel, ChannelTerms] = Field(min_length=1)
    automation: AutomationPolicy
    amount_kind: AmountKind | None = None
    consultation_before_rejection: bool
    appeal: Appeal
    form: Form
    attachments: tuple[Attachment, ...] = ()
    parameters: dict[Identifier, Parameter] = Field(default_factory=dict)
    derived: dict[Identifier, Derived] = Field(default_factory=dict)
    rules: tuple[Rule, ...] = Field(min_length=1)
    notes: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ServiceDefinition:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        names = [field.name for field in self.form.fields()]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"form fields appear more than once: {', '.join(duplicates)}")
        return self

    def rule_set(self) -> RuleSet:
        return RuleSet(
            legal_basis=self.legal_basis,
            automation=self.automation,
            amount_kind=self.amount_kind,
            facts=tuple(field.fact() for field in self.form.fields()),
            parameters=self.parameters,
            derived=self.derived,
            rules=self.rules,
        )

    def document(self) -> dict[str, Any]:
        """The definition as JSON-compatible data, as stored with the published version."""
        return self.model_dump(mode="json")

    @property
    def booking_only(self) -> bool:
        web = self.channels.get(Channel.WEB)
        return web is not None and web.booking_only
