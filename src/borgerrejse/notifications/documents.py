"""The PDFs that travel with a message: the decision letter for a decision, and a plain
letter with an address window for every other letter or printed notice."""

from __future__ import annotations

from borgerrejse.cases.letters import decision_letter_pdf
from borgerrejse.cases.models import Decision
from borgerrejse.notifications.adapters.base import Document
from borgerrejse.notifications.letters import message_letter_pdf
from borgerrejse.notifications.models import Message, MessageChannel, Purpose


def message_documents(message: Message) -> tuple[Document, ...]:
    if message.template == "decision":
        decision = Decision.objects.select_related("case__citizen").get(
            pk=message.context["decision"]
        )
        pdf = decision_letter_pdf(decision=decision, language=message.language)
        return (Document(filename="afgoerelse.pdf", content_type="application/pdf", content=pdf),)
    if message.purpose == Purpose.LETTER or message.channel == MessageChannel.PRINT:
        pdf = message_letter_pdf(message)
        return (Document(filename="brev.pdf", content_type="application/pdf", content=pdf),)
    return ()
