"""Sending one email once, and keeping a record of it.

An `Outgoing` email is rendered from two templates under `templates/emails/` (plain text, and
the HTML alternative in the NHS.UK style) with the same context. `deliver` writes its
`SentEmail` row and sends it in one transaction: if sending fails the row goes too (the task
is retried); if the row is already there (a task redelivered after its worker was lost, or run
twice) nothing is sent, so one person never gets the same email twice for one event."""

from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template import engines
from django.urls import reverse

from ..models import SentEmail

MAX_SUBJECT = SentEmail._meta.get_field("subject").max_length


def absolute(name: str, *args) -> str:
    """The address of a page, from SITE_URL, for links in emails."""
    return urljoin(settings.SITE_URL + "/", reverse(name, args=args or None))


def _environment(text: bool):
    env = engines["jinja2"].env
    # Plain text is not HTML: nothing in it is escaped.
    return env.overlay(autoescape=False) if text else env


def render(template: str, context: dict) -> tuple[str, str]:
    """The plain text and the HTML of `templates/emails/<template>.{txt,html}.jinja`."""
    context = {
        "service_name": settings.WAYMARK_SERVICE_NAME,
        "emails_url": absolute("assessments:emails"),
        "site_url": settings.SITE_URL,
        **context,
    }
    text = _environment(True).get_template(f"emails/{template}.txt.jinja").render(context)
    html = _environment(False).get_template(f"emails/{template}.html.jinja").render(context)
    return text.strip() + "\n", html


@dataclass(frozen=True)
class Outgoing:
    """One email to one person for one event: `key` names both."""

    key: str
    kind: str
    address: str
    user: object | None
    subject: str
    text: str
    html: str
    url: str
    # What the record keeps of the text, when not all of it (an invitation's link is secret).
    kept_text: str | None = None


def compose(
    *, key: str, kind: str, to, subject: str, template: str, context: dict, url: str
) -> Outgoing:
    """An email to `to`: a user, or an email address (an invitation)."""
    user = None if isinstance(to, str) else to
    text, html = render(template, {"recipient": user, "url": url, **context})
    kept = None
    if user is None and url:
        # The link of an invitation works once and only its hash is stored: the record keeps
        # the text without it.
        kept = text.replace(url, "[the single-use link, not kept]")
    return Outgoing(
        key=key,
        kind=kind,
        address=to if user is None else user.email,
        user=user,
        subject=" ".join(subject.split())[:MAX_SUBJECT],
        text=text,
        html=html,
        url="" if user is None else url,
        kept_text=kept,
    )


def already_sent(key: str) -> bool:
    return SentEmail.objects.filter(key=key).exists()


def deliver(outgoing: Outgoing, *, connection=None) -> bool:
    """Send `outgoing` unless an email with its key was sent already; True if sent now."""
    if already_sent(outgoing.key):
        return False
    message = EmailMultiAlternatives(
        subject=outgoing.subject,
        body=outgoing.text,
        to=[outgoing.address],
        connection=connection,
    )
    message.attach_alternative(outgoing.html, "text/html")
    with transaction.atomic():
        try:
            # Two runs at once: the second waits for the first's row, then finds it.
            with transaction.atomic():
                SentEmail.objects.create(
                    key=outgoing.key,
                    kind=outgoing.kind,
                    user=outgoing.user,
                    address=outgoing.address,
                    subject=outgoing.subject,
                    text=outgoing.kept_text or outgoing.text,
                    url=outgoing.url,
                )
        except IntegrityError:
            return False
        message.send()
    return True


def deliver_all(emails) -> int:
    """Send each email once over one connection; how many were sent now."""

    emails = [e for e in emails if not already_sent(e.key)]
    if not emails:
        return 0
    with get_connection() as connection:
        return sum(deliver(e, connection=connection) for e in emails)
