"""Running a round in the product: create, check, launch, follow, close and extend, for national
administrators only; a system's progress for those who see its organisations."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Assessment, AuditEvent, Role, Round
from assessments.selectors.rounds import launch_preview, not_submitted, round_progress
from assessments.services import (
    AssessmentError,
    NotAllowed,
    answer_confirm,
    answer_save,
    assessment_extend,
    assessment_submit,
    round_close,
    round_create,
    round_launch,
)
from tests.assessments.test_assessment_workflow import answer_all
from tests.factories import PersonaFactory

TODAY = dt.date.today()


def post_round(client, **changes):
    data = {
        "name": "2027/28 assessment",
        "framework_version": "",
        "opens_on[day]": "1",
        "opens_on[month]": "5",
        "opens_on[year]": "2027",
        "closes_on[day]": "30",
        "closes_on[month]": "9",
        "closes_on[year]": "2027",
        "care_settings": ["acute", "mental_health"],
    }
    data.update(changes)
    return client.post(
        reverse("assessments:round_new"), {k: v for k, v in data.items() if v is not None}
    )


def test_a_national_administrator_creates_checks_launches_and_follows_a_round(client, world):
    client.force_login(world.national)
    response = post_round(client, framework_version=str(world.published.pk))
    round_ = Round.objects.get(name="2027/28 assessment")
    assert response.status_code == 303
    assert response["Location"] == reverse("assessments:round", args=[round_.pk])
    assert round_.care_settings == ["acute", "mental_health"]
    assert (round_.opens_on, round_.closes_on) == (dt.date(2027, 5, 1), dt.date(2027, 9, 30))
    assert round_.launched_at is None

    page = client.get(reverse("assessments:round", args=[round_.pk])).content.decode()
    # Northmoor and Tynebridge (acute), Calderbrook (mental health); two in the north region.
    assert "Launching creates <strong>3</strong> assessments" in page
    preview = launch_preview(round_)
    assert preview.by_setting == [("Acute", 2), ("Mental health", 1)]
    assert preview.by_region == [("North East and Yorkshire", 3)]

    response = client.post(reverse("assessments:round_launch", args=[round_.pk]))
    assert response.status_code == 303
    assert Assessment.objects.filter(round=round_).count() == 3
    page = client.get(reverse("assessments:round", args=[round_.pk])).content.decode()
    assert "Not submitted yet (3)" in page
    assert "Launch the round" not in page
    progress = round_progress(round_)
    assert progress.total.counts == {
        "not_started": 3,
        "in_progress": 0,
        "submitted": 0,
        "returned": 0,
        "approved": 0,
    }
    assert [(line.name, line.total) for line in progress.systems] == [
        ("NHS North East and North Cumbria Integrated Care Board", 1),
        ("NHS West Yorkshire Integrated Care Board", 2),
    ]
    # launching twice is refused, and creates nothing more
    client.post(reverse("assessments:round_launch", args=[round_.pk]))
    assert Assessment.objects.filter(round=round_).count() == 3


def test_progress_counts_each_stage(world, launched_assessment):
    northmoor = launched_assessment(care_settings=["acute", "community"])
    round_ = northmoor.round
    tynebridge = Assessment.objects.get(round=round_, organisation=world.tynebridge)
    answer_all(northmoor, world.respondent)
    assessment_submit(assessment=northmoor, by=world.respondent)
    question = tynebridge.questions()[0]
    answer_save(
        assessment=tynebridge,
        question=question,
        by=_respondent_of(world.tynebridge),
        expected_revision=0,
        level=2,
    )
    progress = round_progress(round_)
    assert progress.total.counts == {
        "not_started": 1,  # Exewater
        "in_progress": 1,  # Tynebridge
        "submitted": 1,  # Northmoor
        "returned": 0,
        "approved": 0,
    }
    waiting = not_submitted(round_)
    assert [(w.assessment.organisation.name, w.state_label) for w in waiting] == [
        ("Tynebridge Hospitals NHS Trust", "In progress"),
        ("Exewater Community NHS Trust", "Not started"),
    ]


def _respondent_of(organisation):
    return PersonaFactory(
        username=f"respondent-{organisation.ods_code}", role=Role.RESPONDENT, at=organisation
    )


def test_a_prefilled_assessment_is_not_started_until_an_answer_is_confirmed(
    world, launched_assessment
):
    first = launched_assessment(opens_on=dt.date(2025, 5, 1), name="2025/26")
    answer_all(first, world.respondent)
    second = launched_assessment(
        opens_on=dt.date(2026, 5, 1), name="2026/27", framework_version=first.framework_version
    )
    counts = round_progress(second.round).total.counts
    assert counts["not_started"] == 3 and counts["in_progress"] == 0
    answer = second.answers.first()
    answer_confirm(
        assessment=second, question=answer.question, by=world.respondent, expected_revision=0
    )
    counts = round_progress(second.round).total.counts
    assert counts["not_started"] == 2 and counts["in_progress"] == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": "  "}, "name", "Enter a name for the round"),
        ({"name": "x" * 101}, "name", "100 characters or fewer"),
        ({"framework_version": "draft"}, "framework_version", "Choose a published framework"),
        ({"framework_version": "999999"}, "framework_version", "Choose a published framework"),
        ({"framework_version": "abc"}, "framework_version", "Choose a published framework"),
        ({"opens_on[day]": "31", "opens_on[month]": "2"}, "opens_on", "as a real date"),
        ({"closes_on[year]": ""}, "closes_on", "as a real date"),
        ({"closes_on[year]": "2026"}, "closes_on", "close on or after the day it opens"),
        ({"care_settings": []}, "care_settings", "Choose at least one care setting"),
        ({"care_settings": ["acute", "hospice"]}, "care_settings", "from the list"),
    ],
)
def test_a_bad_round_form_says_what_is_wrong_and_creates_nothing(
    client, world, changes, field, message
):
    client.force_login(world.national)
    if changes.get("framework_version") == "draft":
        changes["framework_version"] = str(world.draft.pk)
    changes.setdefault("framework_version", str(world.published.pk))
    response = post_round(client, **changes)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#{field}"' in page  # the error summary links to the field
    assert "<title>Error: Create a round" in page
    assert not Round.objects.exists()


def test_a_duplicate_round_name_is_refused_by_the_service(client, world):
    client.force_login(world.national)
    post_round(client, framework_version=str(world.published.pk))
    response = post_round(
        client, name="2027/28 ASSESSMENT", framework_version=str(world.published.pk)
    )
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Round.objects.count() == 1


def test_the_services_refuse_anyone_but_a_national_administrator(world):
    for person in (world.respondent, world.sro, world.analyst, world.approver):
        with pytest.raises(NotAllowed):
            round_create(
                name="X",
                framework_version=world.published,
                opens_on=TODAY,
                closes_on=TODAY,
                care_settings=["acute"],
                by=person,
            )
    round_ = round_create(
        name="X",
        framework_version=world.published,
        opens_on=TODAY,
        closes_on=TODAY,
        care_settings=["acute"],
        by=world.national,
    )
    with pytest.raises(NotAllowed):
        round_launch(round_=round_, by=world.sro)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("person", ["respondent", "sro", "analyst", "approver", "board_system"])
def test_round_pages_refuse_everyone_but_national_administrators(client, world, person):
    round_ = round_create(
        name="X",
        framework_version=world.published,
        opens_on=TODAY,
        closes_on=TODAY,
        care_settings=["acute"],
        by=world.national,
    )
    client.force_login(getattr(world, person))
    for name in ("assessments:rounds", "assessments:round_new"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("assessments:round", args=[round_.pk])).status_code == 403
    assert post_round(client, framework_version=str(world.published.pk)).status_code == 403
    assert client.post(reverse("assessments:round_launch", args=[round_.pk])).status_code == 403
    assert Round.objects.count() == 1 and not Assessment.objects.exists()


def test_a_system_progress_is_for_those_who_see_its_organisations(client, world, launched_round):
    round_ = launched_round()
    url = reverse("assessments:system_progress", args=[round_.pk, "QWO"])
    expected = {
        "sro": 200,
        "analyst": 200,
        "national": 200,
        "board_system": 403,  # sees the system, not its organisations one by one
        "other_sro": 404,
        "respondent": 404,
        "other_analyst": 404,
    }
    for person, status in expected.items():
        client.force_login(getattr(world, person))
        assert client.get(url).status_code == status, person
        csv_url = reverse("assessments:system_not_submitted", args=[round_.pk, "QWO", "csv"])
        assert client.get(csv_url).status_code == status, person
    client.force_login(world.sro)
    page = client.get(url).content.decode()
    assert "Northmoor Hospitals NHS Trust" in page
    assert "Tynebridge" not in page and "Exewater" not in page  # other systems' organisations
    assert "Extend" not in page  # the SRO cannot extend deadlines


def test_the_list_to_chase_downloads_with_formulas_neutralised(client, world, launched_round):
    world.northmoor.name = '=HYPERLINK("http://evil")'
    world.northmoor.save()
    round_ = launched_round()
    client.force_login(world.national)
    response = client.get(reverse("assessments:round_not_submitted", args=[round_.pk, "csv"]))
    assert response.status_code == 200
    assert (
        'filename="waymark-202627-assessment-england-not-submitted.csv"'
        in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["round", "region", "system", "ods_code", "organisation"]
    by_code = {row[3]: row for row in rows[1:]}
    assert set(by_code) == {"ZT001", "ZT003", "ZT004"}
    assert by_code["ZT001"][4] == '\'=HYPERLINK("http://evil")'
    assert by_code["ZT004"][6] == "Not started"

    response = client.get(reverse("assessments:round_not_submitted", args=[round_.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c for c in cells if c.data_type == "f"] == []
    assert '\'=HYPERLINK("http://evil")' in [c.value for c in cells]
    bad = reverse("assessments:round_not_submitted", args=[round_.pk, "pdf"])
    assert client.get(bad).status_code == 404


def test_closing_stops_submission_unless_the_deadline_is_extended(
    client, world, launched_assessment
):
    northmoor = launched_assessment(opens_on=TODAY - dt.timedelta(days=60), closes_on=TODAY)
    round_ = northmoor.round
    with pytest.raises(AssessmentError, match="cannot be closed before then"):
        round_close(round_=round_, by=world.national, today=TODAY - dt.timedelta(days=1))
    client.force_login(world.national)
    assert client.post(reverse("assessments:round_close", args=[round_.pk])).status_code == 303
    round_.refresh_from_db()
    assert round_.closed_at is not None and round_.closed_by == world.national
    with pytest.raises(AssessmentError, match="already closed"):
        round_close(round_=round_, by=world.national)

    answer_all(northmoor, world.respondent)
    with pytest.raises(AssessmentError, match="can no longer be submitted"):
        assessment_submit(assessment=northmoor, by=world.respondent)
    northmoor.refresh_from_db()
    assert northmoor.status == "draft"

    url = reverse("assessments:round_extend", args=[round_.pk, northmoor.pk])
    until = TODAY + dt.timedelta(days=14)
    response = client.post(
        url,
        {
            "until[day]": until.day,
            "until[month]": until.month,
            "until[year]": until.year,
            "reason": "Their CIO was away.",
        },
    )
    assert response.status_code == 303
    northmoor.refresh_from_db()
    assert northmoor.extended_until == until
    event = AuditEvent.objects.get(assessment=northmoor, action=AuditEvent.Action.EXTENDED)
    assert (event.actor, event.comment) == (world.national, "Their CIO was away.")
    assert event.after == {"extended_until": until.isoformat()}

    assessment_submit(assessment=northmoor, by=world.respondent)
    northmoor.refresh_from_db()
    assert northmoor.status == "submitted"
    # the other organisations of the closed round still cannot submit
    exewater = Assessment.objects.get(round=round_, organisation=world.exewater)
    assert exewater.extended_until is None


def test_an_extension_ends(world, launched_assessment):
    northmoor = launched_assessment(opens_on=TODAY - dt.timedelta(days=60), closes_on=TODAY)
    round_close(round_=northmoor.round, by=world.national)
    assessment_extend(
        assessment=northmoor,
        by=world.national,
        until=TODAY + dt.timedelta(days=1),
        reason="Late board meeting.",
    )
    answer_all(northmoor, world.respondent)
    northmoor.extended_until = TODAY - dt.timedelta(days=1)  # as if two days went by
    northmoor.save(update_fields=["extended_until"])
    with pytest.raises(AssessmentError, match="can no longer be submitted"):
        assessment_submit(assessment=northmoor, by=world.respondent)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"reason": "Because"}, "Enter the last day"),
        ({"until": "past", "reason": "Because"}, "must be after the round"),
        ({"until": "soon", "reason": "   "}, "Give the reason for the extension"),
    ],
)
def test_a_bad_extension_says_what_is_wrong_and_changes_nothing(
    client, world, launched_assessment, data, message
):
    northmoor = launched_assessment(opens_on=TODAY - dt.timedelta(days=60), closes_on=TODAY)
    client.force_login(world.national)
    post = {"reason": data["reason"]}
    when = {"past": TODAY, "soon": TODAY + dt.timedelta(days=3)}.get(data.get("until"))
    if when:
        post |= {"until[day]": when.day, "until[month]": when.month, "until[year]": when.year}
    response = client.post(
        reverse("assessments:round_extend", args=[northmoor.round.pk, northmoor.pk]), post
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    northmoor.refresh_from_db()
    assert northmoor.extended_until is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXTENDED).exists()


def test_only_national_administrators_extend_or_close(client, world, launched_assessment):
    northmoor = launched_assessment(opens_on=TODAY - dt.timedelta(days=60), closes_on=TODAY)
    client.force_login(world.sro)
    url = reverse("assessments:round_extend", args=[northmoor.round.pk, northmoor.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(reverse("assessments:round_close", args=[northmoor.round.pk])).status_code
        == 403
    )
    with pytest.raises(NotAllowed):
        assessment_extend(
            assessment=northmoor, by=world.sro, until=TODAY + dt.timedelta(days=3), reason="x"
        )
    northmoor.round.refresh_from_db()
    assert northmoor.round.closed_at is None


def test_the_admin_launches_through_the_same_service(client, world):
    """A staff member of the admin who is not a national administrator cannot launch."""
    from django.contrib.auth.models import Permission

    round_ = round_create(
        name="X",
        framework_version=world.published,
        opens_on=TODAY,
        closes_on=TODAY,
        care_settings=["acute"],
        by=world.national,
    )
    staff = world.sro
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(*Permission.objects.filter(codename__endswith="_round"))
    client.force_login(staff)
    response = client.post(
        reverse("admin:assessments_round_changelist"),
        {"action": "launch", "_selected_action": [round_.pk]},
        follow=True,
    )
    assert "Only a national administrator can launch a round." in response.content.decode()
    assert client.get(reverse("admin:assessments_round_add")).status_code == 403
    round_.refresh_from_db()
    assert round_.launched_at is None
    assert not Assessment.objects.exists()


def test_an_approver_sees_what_waits_for_their_review_on_their_home_page(
    client, world, launched_assessment
):
    northmoor = launched_assessment()
    client.force_login(world.approver)
    assert "Waiting for your review" not in client.get(reverse("assessments:home")).content.decode()
    answer_all(northmoor, world.respondent)
    assessment_submit(assessment=northmoor, by=world.respondent)
    page = client.get(reverse("assessments:home")).content.decode()
    assert "Waiting for your review" in page
    assert reverse("assessments:review", args=[northmoor.pk]) in page
    # not for the respondent, nor for another organisation's people
    for person in (world.respondent, world.other_respondent, world.sro):
        client.force_login(person)
        assert (
            "Waiting for your review"
            not in client.get(reverse("assessments:home")).content.decode()
        )


def test_links_to_the_round_pages_appear_for_those_who_may_use_them(client, world, launched_round):
    client.force_login(world.national)
    assert reverse("assessments:rounds") in client.get(reverse("assessments:home")).content.decode()
    assert reverse("assessments:rounds") in client.get(reverse("start")).content.decode()
    client.force_login(world.sro)
    system_page = reverse("assessments:system", args=["QWO"])
    assert "See how far its organisations have got" not in client.get(system_page).content.decode()
    round_ = launched_round()
    page = client.get(system_page).content.decode()
    assert reverse("assessments:system_progress", args=[round_.pk, "QWO"]) in page
    assert reverse("assessments:rounds") not in client.get(reverse("start")).content.decode()
    client.force_login(world.board_system)
    assert "See how far its organisations have got" not in client.get(system_page).content.decode()
