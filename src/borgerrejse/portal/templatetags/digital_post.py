"""`{% local_mailbox as mailbox %}`: whether to link to the local Digital Post mailbox,
which exists only while Digital Post is the local adapter."""

from __future__ import annotations

from django import template

from borgerrejse.notifications.selectors import local_mailbox_enabled

register = template.Library()


@register.simple_tag
def local_mailbox() -> bool:
    return local_mailbox_enabled()
