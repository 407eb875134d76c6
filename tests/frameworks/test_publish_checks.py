"""Publishing applies every rule of the import to a draft as it stands, however it was changed."""

import pytest

from frameworks.models import Level, Measure, Question, Theme
from frameworks.services import (
    FrameworkPublishError,
    version_create_draft,
    version_import,
    version_publish,
)

from .documents import document, dump

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return version_import(source=dump(document()), filename="t.yaml", publish=True)


@pytest.fixture
def draft(published):
    return version_create_draft(from_version=published, version="1.1.0")


def refused(draft) -> list[str]:
    with pytest.raises(FrameworkPublishError) as caught:
        version_publish(version=draft)
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert caught.value.message.startswith("Test framework 1.1.0 was not published:")
    return [f"{p.path}: {p.message}" if p.path else p.message for p in caught.value.problems]


def test_a_draft_with_four_levels_is_not_published(draft):
    Level.objects.filter(version=draft, question__key="sf-cyber", level=5).delete()
    assert refused(draft) == [
        "measures[1].questions[1].levels: must have exactly 5 levels (1 to 5), found 4"
    ]


def test_a_draft_with_an_unknown_care_setting_is_not_published(draft):
    Question.objects.filter(version=draft, key="wl-board").update(applies_to=["icb", "hospice"])
    (problem,) = refused(draft)
    assert problem.startswith(
        "measures[0].questions[1].applies_to[1]: unknown care setting 'hospice'"
    )


def test_a_draft_with_a_key_the_format_refuses_is_not_published(draft):
    Measure.objects.filter(version=draft, key="well-led").update(key="Well Led")
    assert refused(draft) == [
        "measures[0].key: 'Well Led' is not a valid key: use lower-case letters, digits and "
        "hyphens, starting with a letter"
    ]


def test_a_draft_whose_rows_hang_from_another_version_is_not_published(published, draft):
    other = Measure.objects.get(version=published, key="well-led")
    Theme.objects.bulk_create(
        [Theme(version=draft, measure=other, key="stray", label="Stray", order=9)]
    )
    assert refused(draft) == ["theme Stray and its measure belong to different versions"]


def test_a_draft_whose_question_has_another_measure_s_theme_is_not_published(draft):
    theme = Theme.objects.get(version=draft, key="strategy")
    Question.objects.filter(version=draft, key="sf-network").update(theme=theme)
    assert refused(draft) == [
        "measures[1].questions[0].theme: unknown theme 'strategy' "
        "(this measure's themes: none: this measure has no themes)",
        "question sf-network has a theme of another measure",
    ]


def test_an_untouched_draft_publishes(draft):
    assert version_publish(version=draft).status == "published"
