"""What changed between two versions of a framework, matched by stable keys.

`diff_documents` compares two documents (see services.version_document) and is pure: the same
pair always gives the same answer, whether the documents came from the database or from files.
With `crosswalk=True` (the later version derives from the earlier one) the later version's
`replaces` are read too: a split, a merge or a re-keyed question is reported as such
(`frameworks.crosswalk`), not as questions removed and added.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .crosswalk import REKEYED, SPLIT, document_replaces, moves
from .vocabulary import document_words


@dataclass(frozen=True)
class Change:
    field: str
    before: object
    after: object


@dataclass
class ItemDiff:
    """One measure or question present in both versions, and what differs about it."""

    key: str
    label: str
    changes: list[Change] = field(default_factory=list)
    levels: list[tuple[int, list[Change]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes or self.levels)

    @property
    def kinds(self) -> list[str]:
        """Short words for what happened: relabelled, reworded, re-weighted, levels changed..."""
        names = {
            "label": "relabelled",
            "text": "reworded",
            "weight": "re-weighted",
            "guidance": "guidance changed",
            "description": "description changed",
            "applies_to": "care settings changed",
            "measure": "moved",
            "theme": "theme changed",
            "order": "reordered",
            "themes": "themes changed",
            "theme_added": "themes changed",
            "theme_removed": "themes changed",
            "theme_renamed": "themes changed",
            "themes_order": "themes changed",
            "questions_order": "questions reordered",
            "depends_on": "dependencies changed",
        }
        kinds = list(dict.fromkeys(names.get(c.field, f"{c.field} changed") for c in self.changes))
        if self.levels:
            kinds.append("levels changed")
        return kinds


@dataclass
class QuestionMove:
    """A split, merge or re-keyed question: the old questions, the new ones carrying them on,
    and (re-keyed) what else changed about it."""

    kind: str
    old: list[dict]
    new: list[dict]
    item: ItemDiff | None = None

    @property
    def text(self) -> str:
        olds = ", ".join(q["key"] for q in self.old)
        news = ", ".join(q["key"] for q in self.new)
        verb = {SPLIT: "split into", REKEYED: "re-keyed as"}.get(self.kind, "merged into")
        return f"{olds} {verb} {news}"


@dataclass
class VersionDiff:
    old_version: str
    new_version: str
    framework_changes: list[Change] = field(default_factory=list)
    measures_reordered: Change | None = None
    question_moves: list[QuestionMove] = field(default_factory=list)
    measures_added: list[dict] = field(default_factory=list)
    measures_removed: list[dict] = field(default_factory=list)
    measures_changed: list[ItemDiff] = field(default_factory=list)
    questions_added: list[dict] = field(default_factory=list)
    questions_removed: list[dict] = field(default_factory=list)
    questions_changed: list[ItemDiff] = field(default_factory=list)
    # The later version's words for its sections (`framework.vocabulary`), for headings.
    section: str = "success measure"
    sections: str = "success measures"

    @property
    def is_empty(self) -> bool:
        return not (
            self.framework_changes
            or self.measures_reordered
            or self.question_moves
            or self.measures_added
            or self.measures_removed
            or self.measures_changed
            or self.questions_added
            or self.questions_removed
            or self.questions_changed
        )

    def summary_rows(self) -> list[tuple[str, int]]:
        """The summary for a page: its measures named as the later version names them."""
        rows = []
        for what, count in self.summary().items():
            if what.startswith("measures "):
                what = f"{self.sections} {what.removeprefix('measures ')}"
            rows.append((what[:1].upper() + what[1:], count))
        return rows

    def summary(self) -> dict[str, int]:
        return {
            "measures added": len(self.measures_added),
            "measures removed": len(self.measures_removed),
            "measures changed": len(self.measures_changed),
            "questions added": len(self.questions_added),
            "questions removed": len(self.questions_removed),
            "questions changed": len(self.questions_changed),
            **{
                f"questions {label}": sum(m.kind == kind for m in self.question_moves)
                for kind, label in (
                    ("split", "split"),
                    ("merge", "merged"),
                    ("re-keyed", "re-keyed"),
                )
            },
        }


def _norm(value):
    return value.normalize() if isinstance(value, Decimal) else value


def _compare(before: dict, after: dict, fields: list[str]) -> list[Change]:
    return [
        Change(name, before.get(name), after.get(name))
        for name in fields
        if _norm(before.get(name)) != _norm(after.get(name))
    ]


def _questions(document: dict) -> dict[str, dict]:
    """Every question by key, with the key of the measure it sits in and its position."""
    found = {}
    for measure in document["measures"]:
        for order, question in enumerate(measure["questions"], start=1):
            found[question["key"]] = {
                **question,
                "measure": measure["key"],
                "measure_label": measure["label"],
                "order": order,
            }
    return found


def _sequence(before: list[str], after: list[str]) -> tuple[list[str], list[str]] | None:
    """The keys both lists hold, in each one's order, when that order differs."""
    common = set(before) & set(after)
    old, new = [k for k in before if k in common], [k for k in after if k in common]
    return (old, new) if old != new else None


def _theme_changes(before: dict, after: dict) -> list[Change]:
    """Each theme added, removed or renamed on a line of its own, then their new order."""
    old = {t["key"]: t["label"] for t in before.get("themes", [])}
    new = {t["key"]: t["label"] for t in after.get("themes", [])}
    changes = [
        Change("theme_added", None, f"{label} ({key})")
        for key, label in new.items()
        if key not in old
    ]
    changes += [
        Change("theme_removed", f"{label} ({key})", None)
        for key, label in old.items()
        if key not in new
    ]
    changes += [
        Change("theme_renamed", old[key], label)
        for key, label in new.items()
        if key in old and old[key] != label
    ]
    if order := _sequence(list(old), list(new)):
        changes.append(
            Change("themes_order", [old[k] for k in order[0]], [new[k] for k in order[1]])
        )
    return changes


def _question_item(key: str, before: dict, after: dict) -> ItemDiff:
    changes = _compare(before, after, ["text", "guidance", "weight", "theme"])
    if set(before["applies_to"]) != set(after["applies_to"]):
        changes.append(Change("applies_to", before["applies_to"], after["applies_to"]))
    if before["measure"] != after["measure"]:
        changes.append(Change("measure", before["measure_label"], after["measure_label"]))
    item = ItemDiff(key, after["text"], changes)
    old_levels = {lv["level"]: lv for lv in before["levels"]}
    for level in after["levels"]:
        level_changes = _compare(
            old_levels.get(level["level"], {}), level, ["descriptor", "next_steps"]
        )
        if level_changes:
            item.levels.append((level["level"], level_changes))
    return item


def diff_documents(old: dict, new: dict, *, crosswalk: bool = False) -> VersionDiff:
    result = VersionDiff(old_version=old["version"], new_version=new["version"])
    result.framework_changes = _compare(
        old.get("framework", {}), new.get("framework", {}), ["name", "description"]
    )
    result.section, result.sections = (
        document_words(new)["section"],
        document_words(new)["sections"],
    )
    old_words, new_words = document_words(old), document_words(new)
    result.framework_changes += [
        Change(f"vocabulary_{name}", old_words[name], new_words[name])
        for name in new_words
        if old_words[name] != new_words[name]
    ]

    old_measures = {m["key"]: m for m in old["measures"]}
    new_measures = {m["key"]: m for m in new["measures"]}
    result.measures_added = [m for k, m in new_measures.items() if k not in old_measures]
    result.measures_removed = [m for k, m in old_measures.items() if k not in new_measures]
    if order := _sequence(list(old_measures), list(new_measures)):
        result.measures_reordered = Change(
            "order",
            [old_measures[k]["label"] for k in order[0]],
            [new_measures[k]["label"] for k in order[1]],
        )
    for key, after in new_measures.items():
        before = old_measures.get(key)
        if before is None:
            continue
        item = ItemDiff(
            key, after["label"], _compare(before, after, ["label", "weight", "description"])
        )
        if sorted(before.get("depends_on", [])) != sorted(after.get("depends_on", [])):
            item.changes.append(
                Change("depends_on", before.get("depends_on", []), after.get("depends_on", []))
            )
        item.changes += _theme_changes(before, after)
        if order := _sequence(
            [q["key"] for q in before["questions"]], [q["key"] for q in after["questions"]]
        ):
            item.changes.append(Change("questions_order", *order))
        if item:
            result.measures_changed.append(item)

    old_questions = _questions(old)
    new_questions = _questions(new)
    moved_old: set[str] = set()
    moved_new: set[str] = set()
    if crosswalk:
        for move in moves(set(old_questions), document_replaces(new)):
            found = QuestionMove(
                move.kind,
                [old_questions[k] for k in move.old],
                [new_questions[k] for k in move.new],
            )
            if move.kind == REKEYED:
                found.item = _question_item(move.new[0], found.old[0], found.new[0])
            result.question_moves.append(found)
            moved_old.update(move.old)
            moved_new.update(move.new)
    result.questions_added = [
        q for k, q in new_questions.items() if k not in old_questions and k not in moved_new
    ]
    result.questions_removed = [
        q for k, q in old_questions.items() if k not in new_questions and k not in moved_old
    ]
    for key, after in new_questions.items():
        before = old_questions.get(key)
        if before is not None and (item := _question_item(key, before, after)):
            result.questions_changed.append(item)
    return result


# Fields of the diff's own making, written as words in the text form.
SPOKEN = {
    "vocabulary_section",
    "vocabulary_sections",
    "vocabulary_theme",
    "theme_added",
    "theme_removed",
    "theme_renamed",
    "themes_order",
    "questions_order",
}


def render_text(diff: VersionDiff) -> str:
    """The diff as plain text, for the management command and for e-mail."""
    lines = [f"Changes from version {diff.old_version} to {diff.new_version}"]
    if diff.is_empty:
        return lines[0] + ": none.\n"

    def show(value):
        if isinstance(value, list):
            return ", ".join(value) or "(none)"
        return str(_norm(value)) if value not in (None, "") else "(none)"

    def line(change: Change, prefix: str = "") -> str:
        name = prefix + (change.field.replace("_", " ") if change.field in SPOKEN else change.field)
        if change.before is None or change.after is None:
            return f"      {name}: {show(change.after if change.before is None else change.before)}"
        return f"      {name}: {show(change.before)} -> {show(change.after)}"

    sections = diff.sections[:1].upper() + diff.sections[1:]
    if diff.framework_changes:
        lines += ["", "The framework:"] + [line(c, "framework ") for c in diff.framework_changes]
    if diff.measures_reordered:
        lines += ["", f"{sections} reordered:", line(diff.measures_reordered)]
    for title, items in (
        (f"{sections} added", diff.measures_added),
        (f"{sections} removed", diff.measures_removed),
    ):
        if items:
            lines += ["", f"{title}:"] + [
                f"  + {m['key']}: {m['label']}"
                if "added" in title
                else f"  - {m['key']}: {m['label']}"
                for m in items
            ]
    if diff.measures_changed:
        lines += ["", f"{sections} changed:"]
        for item in diff.measures_changed:
            lines.append(f"  ~ {item.key} ({', '.join(item.kinds)})")
            lines += [line(c) for c in item.changes]
    if diff.question_moves:
        lines += ["", "Questions split, merged or re-keyed:"]
        for move in diff.question_moves:
            lines.append(f"  > {move.text}")
            if move.item:
                lines += [line(c) for c in move.item.changes]
    for title, items, sign in (
        ("Questions added", diff.questions_added, "+"),
        ("Questions removed", diff.questions_removed, "-"),
    ):
        if items:
            lines += ["", f"{title}:"]
            lines += [f"  {sign} {q['key']} [{q['measure_label']}]: {q['text']}" for q in items]
    if diff.questions_changed:
        lines += ["", "Questions changed:"]
        for item in diff.questions_changed:
            lines.append(f"  ~ {item.key} ({', '.join(item.kinds)})")
            lines += [line(c) for c in item.changes]
            for level, changes in item.levels:
                lines += [line(c, f"level {level} ") for c in changes]
    totals = ", ".join(f"{n} {what}" for what, n in diff.summary().items() if n)
    lines += ["", f"In all: {totals}."]
    return "\n".join(lines) + "\n"
