"""Rounds and their progress through the API: the national progress for national
administrators, a system's for those who see its organisations one by one."""

import pytest

from assessments.services import answer_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(world, launched_assessment):
    northmoor = launched_assessment()
    question = northmoor.questions()[0]
    answer_save(
        assessment=northmoor, question=question, by=world.respondent, expected_revision=0, level=2
    )
    return northmoor.round


def test_launched_rounds_are_listed_to_anyone_signed_in(world, as_user, round_):
    rounds = as_user(world.respondent, "read").get("/api/v1/rounds/").json()["results"]
    assert [(r["id"], r["name"], r["framework_version"]) for r in rounds] == [
        (round_.pk, "2026/27 assessment", "1.0.0")
    ]
    assert rounds[0]["care_settings"] == ["acute", "community"]
    assert as_user(world.respondent, "read").get("/api/v1/rounds/999999/").status_code == 404


@pytest.mark.parametrize("persona", ["respondent", "other_respondent", "board_system", "other_sro"])
def test_a_launched_round_is_anyones_who_is_signed_in_but_not_its_national_progress(
    world, as_user, round_, persona
):
    """Decided: every results page offers the launched rounds, so the API lists them to anyone
    signed in; the national progress is for national administrators."""
    client = as_user(world.users[persona], "read")
    assert [r["id"] for r in client.get("/api/v1/rounds/").json()["results"]] == [round_.pk]
    detail = client.get(f"/api/v1/rounds/{round_.pk}/")
    assert detail.status_code == 200 and detail.json()["name"] == "2026/27 assessment"
    assert client.get(f"/api/v1/rounds/{round_.pk}/progress/").status_code == 403
    assert (
        as_user(world.national, "read").get(f"/api/v1/rounds/{round_.pk}/progress/").status_code
        == 200
    )


def test_the_national_progress_counts_each_stage(world, as_user, round_):
    body = as_user(world.national, "read").get(f"/api/v1/rounds/{round_.pk}/progress/").json()
    assert body["total"]["total"] == 3
    assert body["total"]["counts"] == {
        "not_started": 2,
        "in_progress": 1,
        "submitted": 0,
        "returned": 0,
        "approved": 0,
    }
    assert {(s["code"], s["counts"]["in_progress"]) for s in body["systems"]} == {
        ("QWO", 1),
        ("QHM", 0),
        ("QJK", 0),
    }
    assert [r["code"] for r in body["regions"]] == ["Y63", "Y58"]


@pytest.mark.parametrize("persona", ["analyst", "sro", "respondent", "board_system"])
def test_the_national_progress_is_for_national_administrators(world, as_user, round_, persona):
    response = as_user(world.users[persona], "read").get(f"/api/v1/rounds/{round_.pk}/progress/")
    assert response.status_code == 403


def test_a_limited_token_of_a_national_administrator_gets_no_national_progress(
    world, as_user, round_
):
    client = as_user(world.national, "read", system=world.west_yorkshire)
    assert client.get(f"/api/v1/rounds/{round_.pk}/progress/").status_code == 403
    assert client.get(f"/api/v1/rounds/{round_.pk}/systems/QWO/progress/").status_code == 200
    assert client.get(f"/api/v1/rounds/{round_.pk}/systems/QJK/progress/").status_code == 404


@pytest.mark.parametrize(
    "persona, code, status",
    [
        ("sro", "QWO", 200),
        ("analyst", "QWO", 200),
        ("national", "QWO", 200),
        ("board_system", "QWO", 403),  # sees the system, not its organisations one by one
        ("respondent", "QWO", 404),
        ("other_sro", "QWO", 404),
        ("sro", "QJK", 404),
    ],
)
def test_a_systems_progress_by_persona(world, as_user, round_, persona, code, status):
    response = as_user(world.users[persona], "read").get(
        f"/api/v1/rounds/{round_.pk}/systems/{code}/progress/"
    )
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["total"]["counts"]["in_progress"] == 1
        assert [s["code"] for s in body["systems"]] == ["QWO"]
