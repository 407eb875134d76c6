"""The questionnaire's and sign-off's pages say the words of the assessment's framework version
(`framework.vocabulary`): a framework of "domains" never says "success measure" there."""

import datetime as dt

import pytest

from assessments.services import section_assign
from frameworks.models import Measure
from frameworks.services import version_import
from tests.assessments.test_assessment_workflow import answer_all
from tests.frameworks.documents import document, dump

pytestmark = pytest.mark.django_db
WORDS = {"section": "domain", "sections": "domains", "theme": "capability"}


def said(html: str) -> str:
    """A page's own text, without the words every page's frame says."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def assert_domains(text: str, *expected: str):
    for words in expected:
        assert words in text, words
    assert "success measure" not in text.lower()


@pytest.fixture
def prefilled(world, launched_assessment):
    """Northmoor's 2026/27 assessment on a framework of domains, pre-filled from 2025/26."""
    doc = document("1.0.0")
    doc["framework"]["vocabulary"] = WORDS
    version = version_import(source=dump(doc), filename="d.yaml", publish=True)
    last = launched_assessment(
        opens_on=dt.date(2025, 5, 1),
        name="2025/26",
        care_settings=["acute"],
        framework_version=version,
    )
    answer_all(last, world.respondent)
    return launched_assessment(
        opens_on=dt.date(2026, 5, 1),
        name="2026/27",
        care_settings=["acute"],
        framework_version=version,
    )


def test_the_questionnaire_pages_say_domains(client, world, prefilled):
    client.force_login(world.respondent)
    base = f"/assessments/{prefilled.pk}/"
    assert_domains(
        said(client.get(base).content.decode()),
        "Assign domains to colleagues",
        "See the domains assigned to you",
    )
    assert_domains(
        client.get(base + "assign/").content.decode().split("<body", 1)[0]
        + said(client.get(base + "assign/").content.decode()),
        "<title>Assign domains",
        "Assign domains</h1>",
        "Give each domain to the colleague",
    )
    assert_domains(
        said(client.get(base + "confirm/").content.decode()),
        '<th scope="col" class="nhsuk-table__header">Domain</th>',
        "Back to all domains",
    )
    section_assign(
        assessment=prefilled,
        measure=Measure.objects.get(version=prefilled.framework_version, key="well-led"),
        assignee=world.respondent,
        by=world.respondent,
    )
    assert_domains(
        said(client.get("/assigned-to-me/").content.decode()),
        "The domains colleagues have given you to answer",
        '<th scope="col" class="nhsuk-table__header">Domain</th>',
    )


def test_the_results_say_domains(client, world, prefilled):
    client.force_login(world.respondent)
    html = said(client.get(f"/assessments/{prefilled.pk}/results/").content.decode())
    assert_domains(
        html,
        "Scores by domain (provisional)",
        '<th scope="col" class="nhsuk-table__header">Domain</th>',
        "A domain's score is the weighted mean",
        "weighted mean of the domains' scores",
    )
