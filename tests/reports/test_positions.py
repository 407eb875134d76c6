"""An organisation's position (bands from the quartiles, computed by hand on the small world) and
its trend across rounds, as each viewer may see them.

Provider overall scores, sorted (ambulance counted in its host, West Yorkshire):
  West Yorkshire (8): 1.75 2.0 2.1 2.2 2.5 3.0 3.25 3.6   q1 = 2.0 + .75(.1) = 2.075, q3 = 3.0625
  North East and Yorkshire (11): + 1.5 2.5 3.0            q1 = 2.05, q3 = 3.0
  England (13): + 2.4 4.0                                 q1 = 2.1, q3 = 3.0
  North East (3): 1.5 2.5 3.0                             q1 = 2.0, q3 = 2.75 (a small group)
Well led (overall + 0.5, M1 none), West Yorkshire (7): 2.5 2.6 2.7 3.0 3.5 3.75 4.1:
  q1 = 2.65, q3 = 3.625.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Role, Round
from frameworks.services import version_import
from reports.positions import HIGHEST, LOWEST, MIDDLE, organisation_trend, position
from tests.factories import PASSWORD, PersonaFactory, UserFactory
from tests.frameworks.documents import document, dump

from . import small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def small():
    round_, north, south, systems, organisations = small_world.build()
    return round_, systems, organisations


@pytest.fixture
def national():
    return UserFactory(username="boss", is_superuser=True)


def assessment_of(round_, organisation):
    return Assessment.objects.get(round=round_, organisation=organisation)


def bands(result):
    return {row.key or "overall": [str(p) for p in row.places] for row in result.rows}


def test_bands_against_the_quartiles_of_system_region_and_nation(small, national):
    round_, _, orgs = small
    expect = {
        "A1": [MIDDLE, MIDDLE, MIDDLE],  # 2.5
        "A2": [HIGHEST, HIGHEST, HIGHEST],  # 3.25
        "M1": [LOWEST, LOWEST, LOWEST],  # 1.75
        "G1": [LOWEST, LOWEST, LOWEST],  # 2.0
        "AMB": [MIDDLE, MIDDLE, MIDDLE],  # 2.1: above 2.075 and 2.05, on England's q1
        "T1": [HIGHEST, MIDDLE, MIDDLE],  # 3.0: above 2.75, on q3 of the region and England
    }
    for code, expected in expect.items():
        result = position(assessment_of(round_, orgs[code]), national)
        assert bands(result)["overall"] == expected, code
    a1 = position(assessment_of(round_, orgs["A1"]), national)
    assert a1.groups == ["West Yorkshire", "North East and Yorkshire", "England"]
    assert bands(a1)["well-led"][0] == MIDDLE  # 3.0 between 2.65 and 3.625
    assert bands(a1)["foundations"] == ["no score"] * 3
    g4 = position(assessment_of(round_, orgs["G4"]), national)
    assert bands(g4)["well-led"][0] == HIGHEST  # 4.1


def test_a_small_group_gets_no_band_unless_the_viewer_sees_its_organisations(small):
    round_, systems, orgs = small
    t1 = assessment_of(round_, orgs["T1"])
    respondent = PersonaFactory(
        username="t1", password=PASSWORD, role=Role.RESPONDENT, at=orgs["T1"]
    )
    sro = PersonaFactory(username="ne", password=PASSWORD, role=Role.SRO, at=systems["QHM"])
    assert bands(position(t1, respondent))["overall"][0] == "not shown: too few organisations"
    assert bands(position(t1, sro))["overall"][0] == HIGHEST
    # and the system's name only for those who may view it
    assert position(t1, respondent).groups[0] == "another system"
    assert position(t1, sro).groups[0] == "North East"


def test_the_trend_matches_measures_by_stable_key_across_framework_versions(small):
    round_, _, orgs = small
    changed = document("2.0.0")
    changed["measures"][0]["label"] = "Well-led organisation"
    changed["measures"][1]["key"] = "infrastructure"
    version = version_import(source=dump(changed), filename="t2.yaml", publish=True)
    later = Round.objects.create(
        name="2026/27 assessment",
        framework_version=version,
        opens_on=dt.date(2026, 5, 1),
        closes_on=dt.date(2026, 9, 1),
        care_settings=["acute"],
        launched_at=timezone.now(),
    )
    small_world.freeze(later, orgs["A1"], small_world.APPROVED, "3.5")
    result = organisation_trend(orgs["A1"].pk)
    assert result.rounds == 2
    overall, measures = result.charts
    assert overall.table.rows == [["Overall", "2.5", "3.5"]]
    rows = {row[0]: row[1:] for row in measures.table.rows}
    assert rows["Well-led organisation"] == ["3.0", "4.0"]  # one line across the rename
    assert "Ensure smart foundations" in rows and "Ensure smart foundations" in " ".join(
        result.changes
    )
    [change] = result.changes
    assert '"Well led" became "Well-led organisation"' in change
    assert "was added" in change and "was removed" in change


def test_the_page_shows_bands_and_trend_and_the_results_page_links_to_it(client, small):
    round_, systems, orgs = small
    a1 = assessment_of(round_, orgs["A1"])
    sro = PersonaFactory(username="wy", password=PASSWORD, role=Role.SRO, at=systems["QWO"])
    client.force_login(sro)
    url = reverse("reports:organisation_position", args=[a1.pk])
    assert url in client.get(reverse("assessments:results", args=[a1.pk])).content.decode()
    html = client.get(url).content.decode()
    assert "In West Yorkshire" in html and MIDDLE in html
    assert "Overall score by round" in html
    outsider = PersonaFactory(username="out", password=PASSWORD, role=Role.SRO, at=systems["QJK"])
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_an_assessment_not_yet_approved_has_no_position(client, small):
    round_, systems, orgs = small
    c1 = assessment_of(round_, orgs["C1"])
    client.force_login(PersonaFactory(username="wy", role=Role.SRO, at=systems["QWO"]))
    html = client.get(reverse("reports:organisation_position", args=[c1.pk])).content.decode()
    assert "once it has been approved" in html
