from decimal import Decimal

from frameworks.crosswalk import MERGE, REKEYED, SPLIT
from frameworks.diff import Change, diff_documents, render_text

from .documents import document, question


def changed_pair():
    old = document("1.0.0")
    new = document("2.0.0")
    well_led, foundations = new["measures"]
    well_led["label"] = "Well led and accountable"
    foundations["weight"] = 2
    well_led["questions"][0]["text"] = "How strong is the digital strategy?"
    well_led["questions"][1]["weight"] = 3
    well_led["questions"][1]["applies_to"] = ["icb", "acute"]
    foundations["questions"][1]["levels"][2]["descriptor"] = "Tested backups."
    del foundations["questions"][0]  # sf-network removed
    foundations["questions"].append(question("sf-cloud"))
    new["measures"].append(
        {
            "key": "healthy-populations",
            "label": "Healthy populations",
            "weight": 1,
            "description": "",
            "themes": [],
            "questions": [question("hp-phm")],
        }
    )
    return old, new


def test_identical_documents_have_no_differences():
    diff = diff_documents(document("1.0.0"), document("1.0.1"))
    assert diff.is_empty
    assert render_text(diff) == "Changes from version 1.0.0 to 1.0.1: none.\n"


def test_it_finds_each_kind_of_change_by_key():
    diff = diff_documents(*changed_pair())
    assert [m["key"] for m in diff.measures_added] == ["healthy-populations"]
    assert diff.measures_removed == []
    assert [(m.key, m.kinds) for m in diff.measures_changed] == [
        ("well-led", ["relabelled"]),
        ("foundations", ["re-weighted"]),
    ]
    assert diff.measures_changed[0].changes == [
        Change("label", "Well led", "Well led and accountable")
    ]
    assert diff.measures_changed[1].changes == [Change("weight", 1.5, 2)]
    assert [q["key"] for q in diff.questions_added] == ["sf-cloud", "hp-phm"]
    assert [q["key"] for q in diff.questions_removed] == ["sf-network"]
    assert {q.key: q.kinds for q in diff.questions_changed} == {
        "wl-strategy": ["reworded"],
        "wl-board": ["re-weighted", "care settings changed"],
        "sf-cyber": ["levels changed"],
    }
    cyber = diff.questions_changed[-1]
    assert cyber.levels == [
        (3, [Change("descriptor", "sf-cyber level 3 is true.", "Tested backups.")])
    ]
    assert diff.summary() == {
        "measures added": 1,
        "measures removed": 0,
        "measures changed": 2,
        "questions added": 2,
        "questions removed": 1,
        "questions changed": 3,
        "questions split": 0,
        "questions merged": 0,
        "questions re-keyed": 0,
    }


def test_moving_a_question_between_measures_is_a_move_not_a_removal():
    old = document()
    new = document("1.1.0")
    moved = new["measures"][0]["questions"].pop(1)
    new["measures"][1]["questions"].append(moved)
    diff = diff_documents(old, new)
    assert diff.questions_added == [] and diff.questions_removed == []
    [item] = diff.questions_changed
    assert item.key == "wl-board"
    assert item.changes == [Change("measure", "Well led", "Ensure smart foundations")]


def test_weights_compare_by_value_not_by_spelling():
    old = document()
    new = document("1.0.1")
    old["measures"][1]["weight"] = Decimal("1.500")
    new["measures"][1]["weight"] = Decimal("1.5")
    assert diff_documents(old, new).is_empty


def test_the_text_form_lists_everything():
    text = render_text(diff_documents(*changed_pair()))
    assert text.splitlines()[0] == "Changes from version 1.0.0 to 2.0.0"
    assert "  + healthy-populations: Healthy populations" in text
    assert "  ~ well-led (relabelled)" in text
    assert "      label: Well led -> Well led and accountable" in text
    assert "  - sf-network [Ensure smart foundations]: How mature is sf-network?" in text
    assert "      level 3 descriptor: sf-cyber level 3 is true. -> Tested backups." in text
    assert text.rstrip().endswith(
        "In all: 1 measures added, 2 measures changed, 2 questions added, "
        "1 questions removed, 3 questions changed."
    )


def crosswalked_pair():
    """sf-network split in two, wl-strategy and wl-board merged, sf-cyber re-keyed."""
    old = document("1.0.0")
    new = document("2.0.0")
    well_led, foundations = new["measures"]
    well_led["questions"] = [question("wl-leadership", replaces=["wl-strategy", "wl-board"])]
    foundations["questions"] = [
        question("sf-wired", replaces=["sf-network"]),
        question("sf-wireless", replaces=["sf-network"]),
        question("sf-security", replaces=["sf-cyber"], weight=0.5),
        question("sf-cloud"),
    ]
    foundations["questions"][2]["levels"] = question("sf-cyber")["levels"]
    foundations["questions"][2]["text"] = "How secure is the organisation?"
    return old, new


def test_a_split_a_merge_and_a_re_keyed_question_are_reported_as_such():
    diff = diff_documents(*crosswalked_pair(), crosswalk=True)
    assert [(m.kind, m.text) for m in diff.question_moves] == [
        (SPLIT, "sf-network split into sf-wired, sf-wireless"),
        (MERGE, "wl-strategy, wl-board merged into wl-leadership"),
        (REKEYED, "sf-cyber re-keyed as sf-security"),
    ]
    rekeyed = diff.question_moves[2].item
    assert rekeyed.changes == [
        Change("text", "How mature is sf-cyber?", "How secure is the organisation?"),
        Change("guidance", "Consider sf-cyber carefully.", "Consider sf-security carefully."),
    ]
    # Not removals and additions: only the new question with no predecessor is added.
    assert [q["key"] for q in diff.questions_added] == ["sf-cloud"]
    assert diff.questions_removed == []
    summary = diff.summary()
    assert (summary["questions split"], summary["questions merged"]) == (1, 1)
    assert (summary["questions re-keyed"], summary["questions added"]) == (1, 1)
    text = render_text(diff)
    assert "Questions split, merged or re-keyed:\n  > sf-network split into sf-wired" in text
    assert "  > sf-cyber re-keyed as sf-security\n      text: How mature is sf-cyber? -> " in text


def test_without_the_crosswalk_the_same_pair_is_removals_and_additions():
    diff = diff_documents(*crosswalked_pair())
    assert diff.question_moves == []
    assert [q["key"] for q in diff.questions_removed] == [
        "wl-strategy",
        "wl-board",
        "sf-network",
        "sf-cyber",
    ]
    assert len(diff.questions_added) == 5


def test_the_framework_s_own_texts_are_compared():
    old, new = document("1.0.0"), document("1.1.0")
    new["framework"]["name"] = "Test framework, revised"
    new["framework"]["description"] = "For tests, and more."
    diff = diff_documents(old, new)
    assert diff.framework_changes == [
        Change("name", "Test framework", "Test framework, revised"),
        Change("description", "For tests.", "For tests, and more."),
    ]
    assert not diff.is_empty
    assert "      framework name: Test framework -> Test framework, revised" in render_text(diff)


def test_reordered_measures_and_questions_are_reported_and_an_insertion_is_not_a_reorder():
    old, new = document("1.0.0"), document("1.1.0")
    new["measures"].reverse()
    new["measures"][1]["questions"].reverse()
    new["measures"][0]["questions"].insert(0, question("sf-first"))
    diff = diff_documents(old, new)
    assert diff.measures_reordered == Change(
        "order", ["Well led", "Ensure smart foundations"], ["Ensure smart foundations", "Well led"]
    )
    assert [(m.key, m.kinds, m.changes) for m in diff.measures_changed] == [
        (
            "well-led",
            ["questions reordered"],
            [Change("questions_order", ["wl-strategy", "wl-board"], ["wl-board", "wl-strategy"])],
        )
    ]
    text = render_text(diff)
    assert "      order: Well led, Ensure smart foundations -> Ensure smart" in text
    assert "      questions order: wl-strategy, wl-board -> wl-board, wl-strategy" in text


def test_each_theme_change_is_a_line_of_its_own():
    old, new = document("1.0.0"), document("1.1.0")
    old["measures"][0]["themes"] += [{"key": "people", "label": "People"}]
    new["measures"][0]["themes"] = [
        {"key": "money", "label": "Money"},
        {"key": "people", "label": "Our people"},
        {"key": "strategy", "label": "Strategy"},
    ]
    diff = diff_documents(old, new)
    [well_led] = diff.measures_changed
    assert well_led.kinds == ["themes changed"]
    assert well_led.changes == [
        Change("theme_added", None, "Money (money)"),
        Change("theme_renamed", "People", "Our people"),
        Change("themes_order", ["Strategy", "People"], ["Our people", "Strategy"]),
    ]
    lines = render_text(diff).splitlines()
    assert "      theme added: Money (money)" in lines
    assert "      theme renamed: People -> Our people" in lines
