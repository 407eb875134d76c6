"""Themes on the questionnaire: a measure's questions under their theme's heading, where the
framework has themes; questions without a theme as they always were."""

import re

import pytest

from tests.frameworks.documents import question

pytestmark = pytest.mark.django_db

THEMED = {
    "key": "themed",
    "label": "A themed measure",
    "themes": [{"key": "people", "label": "People"}, {"key": "tools", "label": "Tools"}],
    "questions": [
        question("th-one", theme="people"),
        question("th-two", theme="people"),
        question("th-plain"),
        question("th-three", theme="tools"),
    ],
}


def headings(html: str) -> list[tuple[str, str]]:
    """(tag, text) of every h2 and h3 in the main content, in order, markup removed."""
    main = html[html.index("<main") : html.index("</main>")]
    found = re.findall(r"<(h[23])\b[^>]*>(.*?)</\1>", main, flags=re.S)
    return [(tag, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for tag, text in found]


def test_questions_are_grouped_under_their_themes(client, world, launched_assessment):
    assessment = launched_assessment(framework_version__extra_measures=[THEMED])
    client.force_login(world.respondent)
    html = client.get(f"/assessments/{assessment.pk}/measures/themed/").content.decode()
    questions = [h for h in headings(html) if "Evidence" not in h[1]]
    assert questions == [
        ("h2", "Theme : People"),
        ("h3", "Question 1 How mature is th-one?"),
        ("h3", "Question 2 How mature is th-two?"),
        ("h2", "Question 3 How mature is th-plain?"),
        ("h2", "Theme : Tools"),
        ("h3", "Question 4 How mature is th-three?"),
    ]
    assert html.count('<section class="waymark-theme"') == 2
    assert '<h4 class="nhsuk-heading-s">Evidence' in html  # under a themed question's h3


def test_a_themed_question_s_block_keeps_its_level_when_htmx_replaces_it(
    client, world, launched_assessment
):
    assessment = launched_assessment(framework_version__extra_measures=[THEMED])
    client.force_login(world.respondent)
    response = client.post(
        f"/assessments/{assessment.pk}/questions/th-one/answer/",
        {"level": "9", "revision": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert '<h3 class="nhsuk-fieldset__heading" id="question-th-one-heading">' in (
        response.content.decode()
    )


def test_a_measure_without_themes_is_shown_as_before(client, world, launched_assessment):
    assessment = launched_assessment()
    client.force_login(world.respondent)
    html = client.get(f"/assessments/{assessment.pk}/measures/foundations/").content.decode()
    assert "waymark-theme" not in html
    assert [tag for tag, text in headings(html) if text.startswith("Question")] == ["h2", "h2"]
