"""Guidance and level descriptors with paragraphs and lists, shown as such on the framework
pages (version page, preview for a care setting, compare) and in the questionnaire."""

import re

import pytest

from assessments.models import Assessment
from frameworks.services import version_import
from tests.factories import FrameworkVersionFactory

from .documents import document, dump

pytestmark = pytest.mark.django_db

GUIDANCE = "Think about the board.\n\nEvidence that helps:\n\n- minutes\n- a plan\n"
LIST_HTML = "<ul>\n<li>minutes</li>\n<li>a plan</li>\n</ul>"
HOSTILE = "Level one.\n\n<script>alert(1)</script> [x](javascript:alert(1))"


def rich(version="1.0.0"):
    doc = document(version)
    strategy = doc["measures"][0]["questions"][0]
    strategy["guidance"] = GUIDANCE
    strategy["levels"][0]["descriptor"] = HOSTILE
    return doc


def test_the_version_page_and_its_preview_render_paragraphs_and_lists(client, reader):
    version_import(source=dump(rich()), filename="1.yaml", publish=True)
    client.force_login(reader)
    for path in ("/frameworks/testfw/1.0.0/", "/frameworks/testfw/1.0.0/?setting=acute"):
        html = client.get(path).content.decode()
        assert "<p>Think about the board.</p>\n<p>Evidence that helps:</p>\n" + LIST_HTML in html
        # (the details component indents what it holds)
        assert re.search(r"<p>Level one\.</p>\s*<p>&lt;script&gt;alert\(1\)&lt;/script&gt;", html)
        assert "<script>alert(1)" not in html and 'href="javascript:' not in html


def test_the_compare_page_renders_changed_guidance(client, reader):
    version_import(source=dump(document("1.0.0")), filename="1.yaml", publish=True)
    version_import(source=dump(rich("1.1.0")), filename="2.yaml", publish=True)
    client.force_login(reader)
    html = client.get("/frameworks/testfw/compare/?from=1.0.0&to=1.1.0").content.decode()
    assert LIST_HTML in html
    assert "<script>alert(1)" not in html


def test_the_questionnaire_renders_guidance_and_descriptors(client, world, launched_round):
    round_ = launched_round(framework_version=FrameworkVersionFactory(document=rich()))
    assessment = Assessment.objects.get(round=round_, organisation=world.northmoor)
    client.force_login(world.respondent)
    html = client.get(f"/assessments/{assessment.pk}/measures/well-led/").content.decode()
    assert "<p>Think about the board.</p>\n<p>Evidence that helps:</p>\n" + LIST_HTML in html
    # The label holds the first paragraph; the rest is the option's hint (a label holds no <p>).
    assert re.search(r'<span class="waymark-level-number">Level 1</span> Level one\.</label>', html)
    assert re.search(
        r'radios__hint" id="[^"]+">\s*<p>&lt;script&gt;alert\(1\)&lt;/script&gt;', html
    )
    assert "<script>alert(1)" not in html and 'href="javascript:' not in html


def test_the_results_render_the_next_level_and_its_steps(client, world, launched_round):
    """An assessment's results print the next level's descriptor and its next steps as Markdown
    too: paragraphs and lists, sanitised."""
    from assessments.services import answer_save

    doc = rich()
    strategy = doc["measures"][0]["questions"][0]
    strategy["levels"][2]["descriptor"] = "Level three.\n\nIt has:\n\n- minutes\n- a plan"
    strategy["levels"][1]["next_steps"] = "Write it down.\n\n<script>alert(1)</script>"
    round_ = launched_round(framework_version=FrameworkVersionFactory(document=doc))
    assessment = Assessment.objects.get(round=round_, organisation=world.northmoor)
    question = assessment.questions()[0]
    assert question.key == "wl-strategy"
    answer_save(
        assessment=assessment,
        question=question,
        by=world.respondent,
        expected_revision=0,
        level=2,
        target_level=4,
    )
    client.force_login(world.respondent)
    html = client.get(f"/assessments/{assessment.pk}/results/").content.decode()
    assert "<p>Level three.</p>\n<p>It has:</p>\n" + LIST_HTML in html
    assert "<p>Write it down.</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert "<script>alert(1)" not in html
