"""CPR numbers: parsing, validation, birth date and legal gender.

A CPR number is DDMMYY-SSSS. The 7th digit together with YY gives the century, after
the CPR office's table (CPR-kontoret, "Personnummeret i CPR"):

| 7th digit | YY 00-36 | YY 37-57 | YY 58-99 |
|-----------|----------|----------|----------|
| 0-3       | 1900     | 1900     | 1900     |
| 4, 9      | 2000     | 1900     | 1900     |
| 5-8       | 2000     | 2000     | 1800     |

The last digit is odd for men and even for women (legal gender).

The modulus-11 check is *not* part of validity: since 2007 the CPR office issues numbers
that fail it, because some birth dates ran out of numbers that pass.

A CPR number is sensitive. `CPR` masks itself in `str()` and `repr()` so that it cannot
end up in logs or error pages by accident; read `.value` where the digits are needed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

# Whitespace and the dashes that word processors and phones put in when pasting.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]")
_MODULUS11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


class InvalidCPR(ValidationError):
    """The text is not a valid CPR number. The message says what is wrong, never the number.

    A `ValidationError`, so a form field can let it through as the field's error; `code`
    is one of the constants below.
    """

    MISSING = "cpr_missing"
    CHARACTERS = "cpr_characters"
    LENGTH = "cpr_length"
    DATE = "cpr_date"
    FUTURE = "cpr_future"


_MESSAGES = {
    InvalidCPR.MISSING: _("Skriv et CPR-nummer"),
    InvalidCPR.CHARACTERS: _("CPR-nummeret må kun indeholde tal og en bindestreg"),
    InvalidCPR.LENGTH: _("CPR-nummeret skal have 10 cifre"),
    InvalidCPR.DATE: _("CPR-nummeret indeholder ikke en gyldig dato"),
    InvalidCPR.FUTURE: _("CPR-nummeret indeholder en fødselsdato, som ligger i fremtiden"),
}


def _invalid(code: str) -> InvalidCPR:
    # The standard ValidationError signature keeps the error picklable.
    return InvalidCPR(_MESSAGES[code], code=code)


class LegalGender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"


@dataclasses.dataclass(frozen=True, slots=True)
class CPR:
    """A structurally valid CPR number: 10 digits, a real date, a known century."""

    value: str

    def __post_init__(self) -> None:
        if not (self.value.isascii() and self.value.isdigit()):
            raise _invalid(InvalidCPR.CHARACTERS)
        if len(self.value) != 10:
            raise _invalid(InvalidCPR.LENGTH)
        _ = self.birth_date  # raises for an impossible date

    @property
    def birth_date(self) -> dt.date:
        day, month, yy = int(self.value[0:2]), int(self.value[2:4]), int(self.value[4:6])
        year = _century(year_digits=yy, seventh_digit=int(self.value[6])) + yy
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise _invalid(InvalidCPR.DATE) from None

    @property
    def legal_gender(self) -> LegalGender:
        return LegalGender.MALE if int(self.value[9]) % 2 else LegalGender.FEMALE

    @property
    def masked(self) -> str:
        return f"{self.value[:6]}-XXXX"

    @property
    def formatted(self) -> str:
        """DDMMYY-SSSS, for showing the full number to someone entitled to see it."""
        return f"{self.value[:6]}-{self.value[6:]}"

    @property
    def passes_modulus11(self) -> bool:
        return cpr_passes_modulus11(self)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"CPR('{self.masked}')"


def _century(*, year_digits: int, seventh_digit: int) -> int:
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if year_digits <= 36 else 1900
    return 2000 if year_digits <= 57 else 1800


# sensitive_variables keeps the raw number out of error reports (500 e-mails, Sentry).
@sensitive_variables()
def parse_cpr(value: str, *, today: dt.date | None = None) -> CPR:
    """Parse "DDMMYY-SSSS" or "DDMMYYSSSS"; spaces and dashes are ignored.

    Raises `InvalidCPR`. A birth date after `today` (default: today in Denmark) is
    rejected: such a number cannot have been issued yet.
    """
    digits = _SEPARATORS.sub("", value)
    if not digits:
        raise _invalid(InvalidCPR.MISSING)
    cpr = CPR(digits)
    if cpr.birth_date > (today or timezone.localdate()):
        raise _invalid(InvalidCPR.FUTURE)
    return cpr


@sensitive_variables()
def _as_cpr(cpr: str | CPR) -> CPR:
    return cpr if isinstance(cpr, CPR) else parse_cpr(cpr)


def cpr_birth_date(cpr: str | CPR) -> dt.date:
    return _as_cpr(cpr).birth_date


def cpr_legal_gender(cpr: str | CPR) -> LegalGender:
    return _as_cpr(cpr).legal_gender


def cpr_passes_modulus11(cpr: str | CPR) -> bool:
    """The classic control: weighted digit sum divisible by 11. Informative only."""
    digits = _as_cpr(cpr).value
    return sum(int(d) * w for d, w in zip(digits, _MODULUS11_WEIGHTS, strict=True)) % 11 == 0
