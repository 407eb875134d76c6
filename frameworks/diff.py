"""What changed between two versions of a framework, matched by stable keys.

`diff_documents` compares two documents (see services.version_document) and is pure: the same
pair always gives the same answer, whether the documents came from the database or from files.
"""

from dataclasses import dataclass, field
from decimal import Decimal


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
            "depends_on": "dependencies changed",
        }
        kinds = [names.get(c.field, f"{c.field} changed") for c in self.changes]
        if self.levels:
            kinds.append("levels changed")
        return kinds


@dataclass
class VersionDiff:
    old_version: str
    new_version: str
    measures_added: list[dict] = field(default_factory=list)
    measures_removed: list[dict] = field(default_factory=list)
    measures_changed: list[ItemDiff] = field(default_factory=list)
    questions_added: list[dict] = field(default_factory=list)
    questions_removed: list[dict] = field(default_factory=list)
    questions_changed: list[ItemDiff] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.measures_added
            or self.measures_removed
            or self.measures_changed
            or self.questions_added
            or self.questions_removed
            or self.questions_changed
        )

    def summary(self) -> dict[str, int]:
        return {
            "measures added": len(self.measures_added),
            "measures removed": len(self.measures_removed),
            "measures changed": len(self.measures_changed),
            "questions added": len(self.questions_added),
            "questions removed": len(self.questions_removed),
            "questions changed": len(self.questions_changed),
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


def diff_documents(old: dict, new: dict) -> VersionDiff:
    result = VersionDiff(old_version=old["version"], new_version=new["version"])

    old_measures = {m["key"]: m for m in old["measures"]}
    new_measures = {m["key"]: m for m in new["measures"]}
    result.measures_added = [m for k, m in new_measures.items() if k not in old_measures]
    result.measures_removed = [m for k, m in old_measures.items() if k not in new_measures]
    old_order = {k: i for i, k in enumerate(old_measures)}
    new_order = {k: i for i, k in enumerate(new_measures)}
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
        if old_order[key] != new_order[key]:
            item.changes.append(Change("order", old_order[key] + 1, new_order[key] + 1))
        old_themes = [(t["key"], t["label"]) for t in before.get("themes", [])]
        new_themes = [(t["key"], t["label"]) for t in after.get("themes", [])]
        if old_themes != new_themes:
            item.changes.append(
                Change(
                    "themes",
                    ", ".join(label for _, label in old_themes) or "none",
                    ", ".join(label for _, label in new_themes) or "none",
                )
            )
        if item:
            result.measures_changed.append(item)

    old_questions = _questions(old)
    new_questions = _questions(new)
    result.questions_added = [q for k, q in new_questions.items() if k not in old_questions]
    result.questions_removed = [q for k, q in old_questions.items() if k not in new_questions]
    for key, after in new_questions.items():
        before = old_questions.get(key)
        if before is None:
            continue
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
        if item:
            result.questions_changed.append(item)
    return result


def render_text(diff: VersionDiff) -> str:
    """The diff as plain text, for the management command and for e-mail."""
    lines = [f"Changes from version {diff.old_version} to {diff.new_version}"]
    if diff.is_empty:
        return lines[0] + ": none.\n"

    def show(value):
        if isinstance(value, list):
            return ", ".join(value) or "(none)"
        return str(_norm(value)) if value not in (None, "") else "(none)"

    for title, items in (
        ("Success measures added", diff.measures_added),
        ("Success measures removed", diff.measures_removed),
    ):
        if items:
            lines += ["", f"{title}:"] + [
                f"  + {m['key']}: {m['label']}"
                if "added" in title
                else f"  - {m['key']}: {m['label']}"
                for m in items
            ]
    if diff.measures_changed:
        lines += ["", "Success measures changed:"]
        for item in diff.measures_changed:
            lines.append(f"  ~ {item.key} ({', '.join(item.kinds)})")
            lines += [f"      {c.field}: {show(c.before)} -> {show(c.after)}" for c in item.changes]
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
            lines += [f"      {c.field}: {show(c.before)} -> {show(c.after)}" for c in item.changes]
            for level, changes in item.levels:
                lines += [
                    f"      level {level} {c.field}: {show(c.before)} -> {show(c.after)}"
                    for c in changes
                ]
    totals = ", ".join(f"{n} {what}" for what, n in diff.summary().items() if n)
    lines += ["", f"In all: {totals}."]
    return "\n".join(lines) + "\n"
