"""Emails sent to you (/my/emails/): one's own emails of the last 90 days, newest first, and
nobody else's; linked from the home page and the header."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import AppendOnlyError, EmailKind, SentEmail
from assessments.notifications.delivery import compose, deliver

pytestmark = pytest.mark.django_db
URL = "/my/emails/"


def send(user, key, subject, url="http://127.0.0.1:8000/assessments/1/"):
    deliver(
        compose(
            key=key,
            kind=EmailKind.REMINDER if "Reminder" in subject else EmailKind.APPROVED,
            to=user,
            subject=subject,
            template="reminder",
            context={
                "organisation": {"name": "Northmoor Hospitals NHS Trust"},
                "round": {"name": "2026/27 assessment", "closes_on": dt.date(2027, 3, 31)},
                "days_left": "closes in 7 days",
            },
            url=url,
        )
    )


def test_the_page_is_at_my_emails():
    assert reverse("assessments:emails") == URL


def test_a_person_sees_their_own_emails_newest_first_and_nobody_elses(client, world):
    send(world.respondent, "a", "Reminder: first")
    send(world.respondent, "b", "Northmoor's assessment approved")
    send(world.other_respondent, "c", "Reminder: Exewater's secret")
    client.force_login(world.respondent)
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Northmoor&#39;s assessment approved") < html.index("Reminder: first")
    assert "Exewater" not in html
    assert "Sent to respondent@example.nhs.uk on" in html
    assert 'href="http://127.0.0.1:8000/assessments/1/">See the results' in html
    assert "Dear Rosa," in html  # the text as it was sent
    assert "Waymark sends your emails to respondent@example.nhs.uk." in html


def test_emails_older_than_90_days_are_not_listed(client, world, monkeypatch):
    send(world.respondent, "old", "Reminder: long ago")
    later = timezone.now() + dt.timedelta(days=91)
    monkeypatch.setattr("assessments.views.emails.timezone.now", lambda: later)
    client.force_login(world.respondent)
    html = client.get(URL).content.decode()
    assert "long ago" not in html
    assert "Waymark has not emailed you in the last 90 days." in html


def test_someone_without_an_address_is_told_why_nothing_comes(client, world):
    world.nobody.email = ""
    world.nobody.save()
    client.force_login(world.nobody)
    html = client.get(URL).content.decode()
    assert "Your account has no email address, so Waymark cannot email you" in html


def test_the_list_is_paged(client, world):
    for n in range(23):
        send(world.respondent, f"k{n}", f"Reminder: number {n}")
    client.force_login(world.respondent)
    first = client.get(URL).content.decode()
    assert "number 22" in first and "number 3" in first and "number 2<" not in first
    assert "(23 emails)" in first
    second = client.get(URL + "?page=2").content.decode()
    assert "number 2<" in second and "number 22" not in second
    assert client.get(URL + "?page=banana").status_code == 200  # the first page


def test_signed_out_people_are_sent_to_sign_in_and_only_get_is_allowed(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    client.force_login(world.respondent)
    assert client.post(URL).status_code == 405


def test_home_page_and_header_link_to_it(client, world):
    client.force_login(world.respondent)
    html = client.get("/my/").content.decode()
    assert html.count(f'href="{URL}"') == 2  # the header's account area and the home page


def test_the_record_is_append_only(world):
    send(world.respondent, "a", "Reminder: first")
    record = SentEmail.objects.get()
    record.subject = "changed"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        SentEmail.objects.update(subject="changed")
    with pytest.raises(AppendOnlyError):
        SentEmail.objects.all().delete()
    # Raw SQL too: the database refuses changing the record.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE assessments_sentemail SET subject = 'changed'")
