"""The emails a person was sent, as their page lists them."""

from dataclasses import dataclass

from ..models import EmailKind, SentEmail

# What the link of each kind of email does, said on the page as in the email.
ACTIONS = {
    EmailKind.INVITATION: "Accept the invitation",
    EmailKind.SECTION_ASSIGNED: "Answer the section",
    EmailKind.SUBMITTED: "Review the assessment",
    EmailKind.RETURNED: "Open the assessment",
    EmailKind.APPROVED: "See the results",
    EmailKind.ROUND_OPENED: "Start the assessment",
    EmailKind.REMINDER: "Continue the assessment",
}


@dataclass(frozen=True)
class SentEmailRow:
    email: SentEmail
    action: str

    @classmethod
    def of(cls, email: SentEmail) -> "SentEmailRow":
        return cls(email, ACTIONS.get(email.kind, "Open the page"))
