"""A change of a framework's words (`framework.vocabulary`) between versions is a change of the
framework's own texts: one line per changed word in the text diff and on the compare page, and
the later version's words name its sections there."""

import pytest

from frameworks.diff import Change, diff_documents, render_text
from frameworks.services import version_import

from .documents import document, dump, question


def worded(version: str, **words) -> dict:
    doc = document(version)
    if words:
        doc["framework"]["vocabulary"] = words
    return doc


def test_each_changed_word_is_one_framework_change_and_one_line():
    old = worded("1.0.0")  # WGLL's words: none named
    new = worded("2.0.0", section="domain", sections="domains")
    diff = diff_documents(old, new)
    assert diff.framework_changes == [
        Change("vocabulary_section", "success measure", "domain"),
        Change("vocabulary_sections", "success measures", "domains"),
    ]
    assert not diff.is_empty
    text = render_text(diff)
    assert "The framework:\n" in text
    assert "      framework vocabulary section: success measure -> domain\n" in text
    assert "      framework vocabulary sections: success measures -> domains\n" in text
    assert "vocabulary theme" not in text  # unchanged: no line


def test_a_word_named_as_its_default_is_no_change():
    diff = diff_documents(worded("1.0.0"), worded("1.0.1", theme="theme"))
    assert diff.is_empty


def test_the_text_names_measures_with_the_later_version_s_words():
    new = worded("2.0.0", section="domain", sections="domains")
    new["measures"][0]["label"] = "Well led and accountable"
    new["measures"].append(
        {"key": "people", "label": "People", "weight": 1, "questions": [question("p-one")]}
    )
    text = render_text(diff_documents(worded("1.0.0"), new))
    assert "Domains added:\n  + people: People" in text
    assert "Domains changed:\n  ~ well-led (relabelled)" in text
    assert "Success measures" not in text
    assert ("Domains added", 1) in diff_documents(worded("1.0.0"), new).summary_rows()


@pytest.mark.django_db
def test_the_compare_page_lists_each_changed_word(client, reader):
    version_import(source=dump(worded("1.0.0")), filename="1.yaml", publish=True)
    later = worded("2.0.0", section="domain", sections="domains", theme="capability")
    later["measures"][0]["label"] = "Well led and accountable"
    version_import(source=dump(later), filename="2.yaml", publish=True)
    client.force_login(reader)
    html = client.get("/frameworks/testfw/compare/?from=1.0.0&to=2.0.0").content.decode()
    assert "<h3>The framework</h3>" in html
    for label, before, after in (
        ("What a section is called", "success measure", "domain"),
        ("What sections are called", "success measures", "domains"),
        ("What a theme is called", "theme", "capability"),
    ):
        assert f'<dt class="nhsuk-summary-list__key">{label}</dt>' in html
        assert f'<span class="waymark-diff-old">{before}</span>' in html
        assert f"</span>{after}</p>" in html
    assert "<h3>Domains</h3>" in html
    assert '<dt class="nhsuk-summary-list__key">Domains changed</dt>' in html
    assert "Success measure" not in html
