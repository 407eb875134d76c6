from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.template import engines


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (Fraction(6, 10), "up 0.6"),
        (Fraction(-1, 10), "down 0.1"),
        (Fraction(1, 100), "no change"),  # shown as 0.0: never "up 0.0"
        (Fraction(-4, 100), "no change"),
        (Fraction(0), "no change"),
        (Fraction(5, 100), "up 0.1"),  # halves up, as everywhere
    ],
)
def test_a_change_is_written_as_people_read_it(change, words):
    template = engines["jinja2"].from_string(
        '{% from "reports/documents/_macros.jinja" import change %}{{ change(row) }}'
    )
    assert template.render({"row": SimpleNamespace(change=change)}).strip() == words


def test_a_step_s_descriptor_and_next_steps_print_their_paragraphs_and_lists():
    """The PDFs print guidance and descriptors as Markdown (several paragraphs, bullets),
    sanitised: what WeasyPrint is given for each step of the plan."""
    template = engines["jinja2"].from_string(
        '{% from "reports/documents/_macros.jinja" import steps_list %}{{ steps_list(steps) }}'
    )
    step = SimpleNamespace(
        text="How mature is the network?",
        mean=Fraction(2),
        next_level=3,
        descriptor="The network is *resilient*.\n\nIt has:\n\n- two links\n- a spare",
        how="Buy a second link.<script>alert(1)</script>",
    )
    html = template.render({"steps": [step]})
    assert "<p>Level 3 looks like this:</p><p>The network is <em>resilient</em>.</p>" in html
    assert "<p>It has:</p>\n<ul>\n<li>two links</li>\n<li>a spare</li>\n</ul>" in html
    # One paragraph stays on its lead-in's line; raw HTML is shown as text, never run.
    assert (
        '<p class="muted">How to get there: Buy a second link.&lt;script&gt;alert(1)'
        "&lt;/script&gt;</p>"
    ) in html
