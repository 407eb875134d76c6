"""A framework's own words (`framework.vocabulary`): checked like every field, frozen with the
version, exported and imported again, and said by the version page and the questionnaire."""

import re

import pytest
import yaml

from frameworks.models import Framework, FrameworkVersion, FrozenVersionError, Measure, Question
from frameworks.services import (
    FrameworkImportError,
    version_create_draft,
    version_export,
    version_import,
    version_publish,
)

from .documents import document, dump

pytestmark = pytest.mark.django_db

WORDS = {"section": "domain", "sections": "domains", "theme": "capability"}


def worded(version="1.0.0", **words) -> dict:
    doc = document(version)
    doc["framework"]["vocabulary"] = words or dict(WORDS)
    return doc


def refused(source: str) -> list[str]:
    with pytest.raises(FrameworkImportError) as caught:
        version_import(source=source, filename="bad.yaml")
    for model in (Framework, FrameworkVersion, Measure, Question):
        assert model.objects.count() == 0, f"{model.__name__} rows were written"
    return caught.value.messages


@pytest.mark.parametrize(
    ("vocabulary", "expected"),
    [
        (
            "domains",
            "framework.vocabulary: must be a mapping of fields for the vocabulary, got text",
        ),
        (
            {"chapter": "chapter"},
            "framework.vocabulary.chapter: unknown field 'chapter' "
            "(allowed: section, sections, theme)",
        ),
        ({"section": ""}, "framework.vocabulary.section: must not be empty"),
        ({"section": None}, "framework.vocabulary.section: must not be empty"),
        ({"sections": ["domains"]}, "framework.vocabulary.sections: must be text, got a list"),
        ({"theme": 3}, "framework.vocabulary.theme: must be text, got a number"),
        (
            {"section": "d" * 51},
            "framework.vocabulary.section: must be at most 50 characters long, got 51",
        ),
        (
            {"theme": "two\nlines"},
            "framework.vocabulary.theme: must be one line: a word or a few, not a paragraph",
        ),
        (
            {"theme": "bell\x07"},
            "framework.vocabulary.theme: holds a control character (U+0007) that cannot be stored",
        ),
    ],
)
def test_bad_words_are_refused_with_their_place_and_nothing_is_written(vocabulary, expected):
    doc = document()
    doc["framework"]["vocabulary"] = vocabulary
    assert refused(dump(doc)) == [f"bad.yaml: {expected}"]


def test_a_file_without_words_has_wgll_s_and_exports_none():
    version = version_import(source=dump(document()), filename="t.yaml", publish=True)
    assert (version.section_word, version.sections_word, version.theme_word) == (
        "success measure",
        "success measures",
        "theme",
    )
    assert "vocabulary" not in version_export(version=version)


def test_words_are_stored_exported_and_imported_again():
    version = version_import(source=dump(worded()), filename="t.yaml", publish=True)
    assert (version.section_word, version.sections_word, version.theme_word) == (
        "domain",
        "domains",
        "capability",
    )
    exported = yaml.safe_load(version_export(version=version))
    assert exported["framework"]["vocabulary"] == WORDS
    exported["version"] = "1.1.0"
    again = version_import(source=dump(exported), filename="again.yaml")
    assert yaml.safe_load(version_export(version=again))["framework"]["vocabulary"] == WORDS


def test_only_the_words_that_differ_from_wgll_s_are_exported():
    version = version_import(source=dump(worded(section="domain")), filename="t.yaml")
    assert (version.section_word, version.sections_word) == ("domain", "success measures")
    exported = yaml.safe_load(version_export(version=version))
    assert exported["framework"]["vocabulary"] == {"section": "domain"}


def test_a_new_draft_keeps_the_words_and_publishes_with_them():
    published = version_import(source=dump(worded()), filename="t.yaml", publish=True)
    draft = version_create_draft(from_version=published, version="1.1.0")
    assert draft.words.sections == "domains"
    assert version_publish(version=draft).theme_word == "capability"


def test_the_words_of_a_published_version_never_change():
    version = version_import(source=dump(worded()), filename="t.yaml", publish=True)
    version.section_word = "chapter"
    with pytest.raises(FrozenVersionError, match="section_word"):
        version.save()
    assert FrameworkVersion.objects.get(pk=version.pk).section_word == "domain"


def test_the_version_page_says_the_framework_s_words(client, reader):
    doc = worded()
    for question in doc["measures"][1]["questions"]:
        question["applies_to"] = ["acute"]
    version_import(source=dump(doc), filename="t.yaml", publish=True)
    client.force_login(reader)
    html = client.get("/frameworks/testfw/1.0.0/").content.decode()
    assert "4 questions in 2 domains" in html
    assert 'aria-label="Domains"' in html
    assert "Capability: Strategy" in html
    assert "success measure" not in html.lower()
    html = client.get("/frameworks/testfw/1.0.0/?setting=icb").content.decode()
    assert "No questions in this domain are asked of integrated care board organisations." in html


def test_the_questionnaire_says_the_framework_s_words(client, world, launched_assessment):
    version = version_import(source=dump(worded()), filename="t.yaml", publish=True)
    assessment = launched_assessment(framework_version=version)
    client.force_login(world.respondent)
    overview = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "<h2>Domains</h2>" in overview
    page = client.get(f"/assessments/{assessment.pk}/measures/well-led/").content.decode()
    assert "Back to all domains</a>" in page
    assert 'aria-label="Domains"' in page
    assert re.search(r'<h2 id="theme-1"[^>]*>.*Capability.*</span> Strategy</h2>', page)
