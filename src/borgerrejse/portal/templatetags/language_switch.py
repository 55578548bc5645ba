"""`{% language_switch %}`: links to the page in every language, the current one first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    href: str
    current: bool


def language_links(*, path: str, current: str) -> list[LanguageLink]:
    """The same page in each language; a page without a translation falls back to home."""
    links = []
    for code, _name in settings.LANGUAGES:
        href = translate_url(path, code)
        if href == path and code != current:
            with override(code):
                href = reverse("portal:home")
        # Each language is named in itself, so a reader finds their own language.
        name = get_language_info(code)["name_local"].capitalize()
        links.append(LanguageLink(code=code, name=name, href=href, current=code == current))
    # DKFDS styles the first entry as the current language.
    return sorted(links, key=lambda link: not link.current)


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    return {"languages": language_links(path=path, current=get_language())}
