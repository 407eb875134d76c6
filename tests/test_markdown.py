"""The `markdown` filter: framework texts with paragraphs and lists, and nothing else let in."""

import pytest
from django.template import engines
from markupsafe import Markup

from config.markdown import markdown, markdown_led, markdown_split


def test_paragraphs_and_lists_are_rendered():
    text = (
        "Think about the board.\n\nEvidence that helps:\n\n- minutes\n- *a plan*\n\n1. one\n2. two"
    )
    assert markdown(text) == (
        "<p>Think about the board.</p>\n<p>Evidence that helps:</p>\n"
        "<ul>\n<li>minutes</li>\n<li><em>a plan</em></li>\n</ul>\n"
        "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"
    )
    assert markdown("") == "" and markdown(None) == ""


@pytest.mark.parametrize(
    "text, html",
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<b onclick="x()">bold</b>', "<p>&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;</p>"),
        ("<div>\nblock\n</div>", "<p>&lt;div&gt;\nblock\n&lt;/div&gt;</p>"),
        ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>"),
        ("[click](JaVaScRiPt:alert(1))", "<p>[click](JaVaScRiPt:alert(1))</p>"),
        ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>"),
        (
            "[data](data:text/html;base64,PHNjcmlwdD4=)",
            "<p>[data](data:text/html;base64,PHNjcmlwdD4=)</p>",
        ),
        ("# Not a heading", "<p># Not a heading</p>"),
    ],
)
def test_raw_html_script_and_dangerous_links_are_neutralised(text, html):
    assert markdown(text) == html


def test_a_safe_link_stays_a_link():
    assert markdown("See [the guide](https://www.nhs.uk/guide).") == (
        '<p>See <a href="https://www.nhs.uk/guide">the guide</a>.</p>'
    )


def test_the_filter_is_registered_and_its_output_is_not_escaped_again():
    template = engines["jinja2"].from_string("<div>{{ text|markdown }}</div>")
    assert template.render({"text": "a\n\n- b <i>"}) == (
        "<div><p>a</p>\n<ul>\n<li>b &lt;i&gt;</li>\n</ul></div>"
    )


def test_compact_leaves_one_paragraph_bare_and_keeps_the_blocks_of_several():
    assert markdown("One *line* <b>", compact=True) == "One <em>line</em> &lt;b&gt;"
    assert markdown("One.\n\n- two", compact=True) == "<p>One.</p>\n<ul>\n<li>two</li>\n</ul>"
    assert markdown("[x](javascript:alert(1))", compact=True) == "[x](javascript:alert(1))"


def test_a_one_paragraph_text_stays_on_its_lead_ins_line():
    assert str(markdown_led("Do *this*.", "How to get there:")) == (
        "<p>How to get there: Do <em>this</em>.</p>"
    )


def test_paragraphs_and_lists_follow_their_lead_in_in_one_block():
    html = str(markdown_led("First.\n\n- one\n- two", "Level 3:", css_class="muted"))
    assert html == (
        '<div class="muted"><p>Level 3:</p><p>First.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n'
        "</ul></div>"
    )


def test_a_lead_in_and_a_text_are_escaped_unless_safe():
    html = str(markdown_led("<script>x</script>", "<b>lead</b>"))
    assert "<script>" not in html and "&lt;b&gt;lead&lt;/b&gt;" in html
    assert str(markdown_led("", "Lead:")) == ""
    assert str(markdown_led("ok", Markup("<strong>Lead:</strong>"))) == (
        "<p><strong>Lead:</strong> ok</p>"
    )


def test_split_gives_a_label_its_first_paragraph_and_the_rest_as_blocks():
    assert markdown_split("One *line*.") == ("One <em>line</em>.", "")
    assert markdown_split("First.\n\nSecond.\n\n- a") == (
        "First.",
        "<p>Second.</p>\n<ul>\n<li>a</li>\n</ul>",
    )
    assert markdown_split("- a\n- b") == ("", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>")
    assert markdown_split("") == ("", "") and markdown_split(None) == ("", "")
    assert markdown_split("<script>x</script>")[0] == "&lt;script&gt;x&lt;/script&gt;"
