"""Formatting, registered once as Jinja2 filters, so pages and PDFs write things alike."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.contrib.auth import get_user_model
from django.template import engines

from assessments.models import Assessment
from assessments.scoring import shown, weighted_mean
from config.formatting import (
    date_text,
    date_time_text,
    period_text,
    person_name,
    score_text,
    time_text,
)


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_dates_times_and_periods_are_written_the_nhs_way():
    summer = dt.datetime(2026, 7, 1, 13, 5, tzinfo=dt.UTC)  # 14:05 in London
    assert date_text(dt.date(2026, 5, 1)) == "1 May 2026"
    assert date_text(None) == ""
    assert date_time_text(summer) == "1 July 2026 at 14:05"
    assert time_text(summer) == "14:05"
    assert (date_time_text(None), time_text(None)) == ("", "")
    assert period_text(dt.date(2022, 7, 1), None) == "Since 1 July 2022"
    assert period_text(dt.date(2022, 7, 1), dt.date(2026, 3, 31)) == "1 July 2022 to 31 March 2026"


def test_scores_are_shown_to_one_place_with_halves_rounded_up():
    assert score_text(Fraction(49, 20)) == "2.5"
    assert score_text(Decimal("2.44999999")) == "2.4"
    assert score_text(Decimal("3")) == "3.0"
    assert score_text(None) == "-"
    assert shown(Fraction(49, 20)) == score_text(Fraction(49, 20))


def test_a_persons_display_name_is_their_full_name_else_their_username():
    User = get_user_model()
    assert person_name(User(username="rosa", first_name="Rosa", last_name="Respondent")) == (
        "Rosa Respondent"
    )
    assert person_name(User(username="rosa")) == "rosa"
    assert person_name(None) == "Someone"
    assert person_name(None, nobody="Waymark") == "Waymark"


def test_the_filters_are_registered_in_the_jinja_environment():
    User = get_user_model()
    assert render("{{ d|date_text }}", d=dt.date(2026, 5, 1)) == "1 May 2026"
    assert render("{{ d|date_text }}", d=None) == ""
    assert render("{{ s|score_text }}", s=Decimal("2.45")) == "2.5"
    assert render("{{ a|period_text(b) }}", a=dt.date(2022, 7, 1), b=None) == "Since 1 July 2022"
    assert render("{{ u|person_name }}", u=User(username="x", first_name="Ann")) == "Ann"
    moment = dt.datetime(2026, 1, 2, 9, 30, tzinfo=dt.UTC)
    assert (
        render("{{ m|date_time_text }} {{ m|time_text }}", m=moment)
        == "2 January 2026 at 09:30 09:30"
    )


@pytest.mark.parametrize(
    "status, text, colour",
    [
        ("draft", "In progress", "grey"),
        ("submitted", "Submitted", "blue"),
        ("returned", "Returned", "orange"),
        ("approved", "Approved", "green"),
    ],
)
def test_the_status_tag_macro_shows_each_status_in_its_colour(status, text, colour):
    html = render(
        '{% from "assessments/_status_tag.jinja" import status_tag %}{{ status_tag(a) }}',
        a=Assessment(status=status),
    )
    assert f'class="nhsuk-tag nhsuk-tag--{colour}"' in html
    assert html.split(">", 1)[1].split("<", 1)[0].strip() == text


def test_the_weighted_mean_is_exact_and_none_without_weight():
    assert weighted_mean([(Fraction(4), Fraction(1)), (Fraction(3), Fraction(3, 2))]) == Fraction(
        17, 5
    )
    assert weighted_mean([(Fraction(2), Fraction(1)), (Fraction(5), Fraction(1, 2))]) == 3
    assert weighted_mean([]) is None
    assert weighted_mean([(Fraction(5), Fraction(0))]) is None
