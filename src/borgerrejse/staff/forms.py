"""The staff login form: username, password and the code from the TOTP app."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

_SPACES = re.compile(r"[\s-]+")
_CODE = re.compile(r"^\d{6}$")


class StaffLoginForm(forms.Form):
    """Field errors are Danish source text, translated when shown."""

    username = forms.CharField(
        label=_("Brugernavn"),
        max_length=150,
        error_messages={"required": _("Skriv dit brugernavn")},
    )
    password = forms.CharField(
        label=_("Adgangskode"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput,
        error_messages={"required": _("Skriv din adgangskode")},
    )
    code = forms.CharField(
        label=_("Kode fra din app"),
        max_length=20,
        error_messages={"required": _("Skriv koden fra din app")},
    )

    def clean_code(self) -> str:
        # People copy codes as "123 456" or "123-456".
        code = _SPACES.sub("", self.cleaned_data["code"])
        if not _CODE.match(code):
            raise forms.ValidationError(
                _("Koden er 6 cifre. Skriv den, som den står i din app lige nu."),
                code="code_format",
            )
        return code
