from decimal import Decimal

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
