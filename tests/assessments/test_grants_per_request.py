"""A person's roles are read once per request (`access.policy.grants_kept`), and never kept
past a change to them or beyond the request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import access
from assessments.access.memo import grants_kept
from assessments.access.policy import grants_for
from assessments.models import Membership, Role


def _membership_reads(queries) -> int:
    return sum('FROM "assessments_membership"' in q["sql"] for q in queries)


def test_a_questionnaire_page_reads_the_persons_roles_once(world, launched_assessment, client):
    assessment = launched_assessment()
    client.force_login(world.respondent)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("assessments:assessment", args=[assessment.pk]))
    assert response.status_code == 200
    assert _membership_reads(queries.captured_queries) == 1


def test_a_role_given_during_a_request_is_seen_by_the_next_question(world):
    with grants_kept():
        assert not access.may(world.respondent, "view", world.exewater)
        Membership.objects.create(
            user=world.respondent, role=Role.RESPONDENT, organisation=world.exewater
        )
        assert access.may(world.respondent, "view", world.exewater)


def test_a_role_taken_away_during_a_request_is_no_longer_held(world):
    with grants_kept():
        assert access.may(world.respondent, "edit", world.northmoor)
        Membership.objects.filter(user=world.respondent, organisation=world.northmoor).delete()
        assert not access.may(world.respondent, "edit", world.northmoor)


def test_a_person_made_inactive_during_a_request_holds_nothing(world):
    with grants_kept():
        assert access.may(world.respondent, "view", world.northmoor)
        world.respondent.is_active = False
        world.respondent.save()
        assert not access.may(world.respondent, "view", world.northmoor)


def test_outside_a_request_every_question_reads_the_roles(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        grants_for(world.respondent)
        grants_for(world.respondent)


def test_within_a_request_two_people_keep_their_own_roles(world):
    with grants_kept():
        assert access.may(world.respondent, "edit", world.northmoor)
        assert not access.may(world.other_respondent, "edit", world.northmoor)
        assert access.may(world.other_respondent, "edit", world.exewater)
