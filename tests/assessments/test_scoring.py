"""The one scoring function: hand-computed cases and properties that hold for any answers."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import (
    Answer,
    MeasureSpec,
    QuestionSpec,
    score_assessment,
    shown,
    stored,
)

MEASURES = [MeasureSpec("well-led", Decimal("1")), MeasureSpec("foundations", Decimal("2"))]
QUESTIONS = [
    QuestionSpec("a", "well-led", Decimal("1")),
    QuestionSpec("b", "well-led", Decimal("2")),
    QuestionSpec("c", "well-led", Decimal("1")),
    QuestionSpec("d", "foundations", Decimal("1.5")),
    QuestionSpec("e", "foundations", Decimal("0.5")),
]


def score(answers):
    return score_assessment(measures=MEASURES, questions=QUESTIONS, answers=answers)


def test_a_hand_computed_case():
    scores = score(
        {
            "a": Answer(2),
            "b": Answer(4),
            "c": Answer(not_applicable=True),
            "d": Answer(3),
            "e": Answer(1),
        }
    )
    # well-led: (2*1 + 4*2) / 3 = 10/3; foundations: (3*1.5 + 1*0.5) / 2 = 5/2
    assert scores.measures["well-led"].score == Fraction(10, 3)
    assert scores.measures["foundations"].score == Fraction(5, 2)
    # overall: (10/3 * 1 + 5/2 * 2) / 3 = 25/9
    assert scores.overall == Fraction(25, 9)
    assert (shown(scores.measures["well-led"].score), shown(scores.overall)) == ("3.3", "2.8")
    assert stored(scores.overall) == Decimal("2.77777778")
    assert scores.measures["well-led"].not_applicable == 1
    assert scores.questions == {"a": 2, "b": 4, "d": 3, "e": 1}


def test_unanswered_and_not_applicable_questions_drop_out():
    scores = score(
        {"a": Answer(5), "d": Answer(not_applicable=True), "e": Answer(not_applicable=True)}
    )
    assert scores.measures["well-led"].score == 5
    assert scores.measures["well-led"].unanswered == 2
    assert scores.measures["foundations"].score is None
    assert scores.overall == 5  # a measure with no score does not count


def test_nothing_answered_gives_no_score():
    scores = score({})
    assert scores.overall is None
    assert shown(scores.overall) == "-"
    assert stored(scores.overall) is None


def test_halves_are_shown_rounded_up():
    assert shown(Fraction(49, 20)) == "2.5"
    assert shown(Decimal("2.44999999")) == "2.4"


@pytest.mark.parametrize("bad", [0, 6, 2.5, -1])
def test_an_answer_is_a_level_from_one_to_five(bad):
    with pytest.raises(ValueError, match="whole number from 1 to 5"):
        Answer(bad)


def test_an_answer_cannot_be_both_a_level_and_not_applicable():
    with pytest.raises(ValueError, match="either a level or not applicable"):
        Answer(3, not_applicable=True)


answers_strategy = st.dictionaries(
    st.sampled_from([q.key for q in QUESTIONS]),
    st.one_of(
        st.integers(1, 5).map(Answer), st.just(Answer(not_applicable=True)), st.just(Answer())
    ),
)
weights = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("999"), places=3)


@given(
    answers=answers_strategy,
    question_weights=st.lists(weights, min_size=5, max_size=5),
    measure_weights=st.lists(weights, min_size=2, max_size=2),
)
def test_scores_stay_between_one_and_five_whatever_the_weights(
    answers, question_weights, measure_weights
):
    measures = [MeasureSpec(m.key, w) for m, w in zip(MEASURES, measure_weights, strict=True)]
    questions = [
        QuestionSpec(q.key, q.measure_key, w)
        for q, w in zip(QUESTIONS, question_weights, strict=True)
    ]
    scores = score_assessment(measures=measures, questions=questions, answers=answers)
    values = [m.score for m in scores.measures.values()] + [scores.overall]
    for value in values:
        assert value is None or 1 <= value <= 5
    levels = [a.level for a in answers.values() if a.level]
    if levels:
        assert min(levels) <= scores.overall <= max(levels)
    else:
        assert scores.overall is None


@given(answers=answers_strategy, data=st.data())
def test_scores_do_not_depend_on_the_order_of_answers_or_questions(answers, data):
    shuffled_answers = dict(data.draw(st.permutations(list(answers.items()))))
    shuffled_questions = data.draw(st.permutations(QUESTIONS))
    assert score_assessment(
        measures=MEASURES, questions=shuffled_questions, answers=shuffled_answers
    ) == score(answers)


@given(level=st.integers(1, 5))
def test_the_same_level_everywhere_scores_that_level(level):
    scores = score({q.key: Answer(level) for q in QUESTIONS})
    assert scores.overall == level
    assert scores.measures, "no measure was scored"
    assert all(m.score == level for m in scores.measures.values())
