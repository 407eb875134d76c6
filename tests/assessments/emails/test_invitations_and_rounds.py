"""The invitation email (to the invited address, with the single-use link) and the "round
opened" email (to each taking-part organisation's respondents, in batches)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from assessments import tasks
from assessments.models import Assessment, EmailKind, Invitation, Role, SentEmail
from assessments.services import invitation_create, round_launch
from tests.factories import PersonaFactory, RoundFactory

from .conftest import TODAY, html_of, sent

pytestmark = pytest.mark.django_db


def test_the_invitation_is_emailed_to_the_invited_address_and_shown_to_the_inviter(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.sro)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("assessments:invite", args=["ZT001"]),
            {
                "email": "Ada.Lovelace@nhs.net",
                "first_name": "Ada",
                "last_name": "Lovelace",
                "role": Role.RESPONDENT,
            },
        )
    assert page.status_code == 200
    html = page.content.decode()
    assert "An email with this link is on its way to ada.lovelace@nhs.net." in html
    token = html.split('id="invitation-link">')[1].split("<")[0].strip().rsplit("/", 2)[-2]
    link = f"http://127.0.0.1:8000/invitations/{token}/"

    assert sent() == [
        (
            "ada.lovelace@nhs.net",
            "You are invited to Waymark as Respondent at Northmoor Hospitals NHS Trust (ZT001)",
        )
    ]
    message = mail.outbox[0]
    assert "Hello," in message.body
    assert "Sara Owner has invited you, Ada Lovelace, to be Respondent at Northmoor" in (
        message.body
    )
    assert link in message.body and f'href="{link}"' in html_of(message)
    assert client.get(f"/invitations/{token}/").status_code == 200  # the link works

    # The record keeps the email without its secret link: only its hash is stored anywhere.
    record = SentEmail.objects.get(kind=EmailKind.INVITATION)
    assert (record.user, record.address, record.url) == (None, "ada.lovelace@nhs.net", "")
    assert token not in record.text
    assert "[the single-use link, not kept]" in record.text


def test_the_invitation_email_goes_once_and_not_for_a_used_link(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation, token = invitation_create(
            by=world.sro,
            email="nell@nhs.net",
            first_name="Nell",
            last_name="Newcomer",
            role=Role.RESPONDENT,
            scope=world.northmoor,
        )
    assert mail.outbox == []  # not before the commit
    # Neither the queue's message (the id only) nor the database row holds the link's token.
    assert callbacks[0].args == (invitation.pk,)
    assert token not in str(list(Invitation.objects.filter(pk=invitation.pk).values()))
    callbacks[0]()
    assert token in mail.outbox[0].body  # the link the inviter was shown
    assert tasks.send_invitation(invitation.pk) == 0  # run again: nothing more
    assert tasks.send_invitation(invitation.pk, token) == 0
    assert len(mail.outbox) == 1
    # A wrong token sends nothing; an accepted invitation is not emailed.
    assert tasks.send_invitation(invitation.pk, "altered") == 0
    other, _ = invitation_create(
        by=world.sro,
        email="late@nhs.net",
        first_name="Lou",
        last_name="Late",
        role=Role.RESPONDENT,
        scope=world.northmoor,
    )
    Invitation.objects.filter(pk=other.pk).update(expires_at=other.created_at - dt.timedelta(1))
    assert tasks.send_invitation(other.pk) == 0
    assert len(mail.outbox) == 1


def test_an_invitation_whose_secret_key_changed_before_sending_is_not_emailed(
    world, django_capture_on_commit_callbacks, settings
):
    """The task derives the token again: under another SECRET_KEY it would be a link that does
    not work, so nothing is sent (the inviter still holds the link they were shown)."""
    with django_capture_on_commit_callbacks() as callbacks:
        invitation_create(
            by=world.sro,
            email="kay@nhs.net",
            first_name="Kay",
            last_name="Keyless",
            role=Role.RESPONDENT,
            scope=world.northmoor,
        )
    settings.SECRET_KEY = "another secret key, rotated since" * 2
    callbacks[0]()
    assert mail.outbox == []


def _launch(world, capture, **fields):
    round_ = RoundFactory(
        opens_on=TODAY() - dt.timedelta(days=1), closes_on=TODAY() + dt.timedelta(days=60), **fields
    )
    with capture(execute=True):
        round_launch(round_=round_, by=world.national)
    return round_


def test_a_launched_round_is_emailed_to_each_taking_part_organisations_respondents(
    world, colleague, django_capture_on_commit_callbacks
):
    PersonaFactory(username="caldy", role=Role.RESPONDENT, at=world.calderbrook)  # not taking part
    round_ = _launch(world, django_capture_on_commit_callbacks)
    northmoor = Assessment.objects.get(round=round_, organisation=world.northmoor)
    exewater = Assessment.objects.get(round=round_, organisation=world.exewater)

    assert sorted(sent()) == [
        (
            "colleague@example.nhs.uk",
            "2026/27 assessment is open: Northmoor Hospitals NHS Trust's assessment is ready",
        ),
        (
            "other_respondent@example.nhs.uk",
            "2026/27 assessment is open: Exewater Community NHS Trust's assessment is ready",
        ),
        (
            "respondent@example.nhs.uk",
            "2026/27 assessment is open: Northmoor Hospitals NHS Trust's assessment is ready",
        ),
    ]
    to_rosa = next(m for m in mail.outbox if m.to == ["respondent@example.nhs.uk"])
    assert f"http://127.0.0.1:8000/assessments/{northmoor.pk}/" in to_rosa.body
    assert round_.closes_on.strftime("%-d %B %Y") in to_rosa.body
    to_otto = next(m for m in mail.outbox if m.to == ["other_respondent@example.nhs.uk"])
    assert f"http://127.0.0.1:8000/assessments/{exewater.pk}/" in to_otto.body
    assert "Northmoor" not in to_otto.body

    assert tasks.send_round_opened(round_.pk) == 1  # one batch, again: nothing more sent
    assert len(mail.outbox) == 3


def test_a_round_fans_out_in_batches_each_sending_once(
    world, colleague, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks, "ROUND_BATCH", 1)
    batches = []
    real = tasks.send_round_opened_batch.delay
    monkeypatch.setattr(
        tasks.send_round_opened_batch,
        "delay",
        lambda round_id, ids: batches.append(ids) or real(round_id, ids),
    )
    _launch(world, django_capture_on_commit_callbacks)
    assert [len(b) for b in batches] == [1, 1, 1]  # Northmoor, Tynebridge, Exewater
    assert len(mail.outbox) == 3 and len({m.to[0] for m in mail.outbox}) == 3


def test_a_round_launched_after_its_closing_date_emails_nobody(
    world, django_capture_on_commit_callbacks
):
    round_ = RoundFactory(
        opens_on=TODAY() - dt.timedelta(days=90), closes_on=TODAY() - dt.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        round_launch(round_=round_, by=world.national)
    assert mail.outbox == []
