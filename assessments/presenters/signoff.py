"""View-models for the sign-off pages (`views/signoff.py`): the history of an assessment, in
words."""

from dataclasses import dataclass

from config.formatting import person_name

from ..models import Assessment, AuditEvent

FIELD_WORDS = {
    "level": "Level",
    "not_applicable": "Not applicable",
    "not_applicable_reason": "Reason",
    "target_level": "Target level",
    "notes": "Notes",
    "from_last_year": "From last year",
    "status": "Status",
    "assignee": "Assigned to",
    "file": "File",
    "size": "Size",
    "link": "Link",
    "title": "Title",
    "round": "Round",
    "framework_version": "Framework version",
    "extended_until": "Can submit until",
}
STATUS_WORDS = dict(Assessment.Status.choices)


def _value_text(name: str, value) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "status":
        return STATUS_WORDS.get(value, value)
    if name == "size":
        return f"{int(value) / 1024:.0f} KB"
    return str(value)


@dataclass
class EventRow:
    event: AuditEvent
    who: str
    what: str
    where: str
    changes: list[tuple[str, str, str]]
    note: str = ""


def history_rows(events, questions_by_key: dict, measures_by_key: dict) -> list[EventRow]:
    rows = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        # "From last year" is said in words, never as a yes/no change.
        names = [n for n in dict.fromkeys([*before, *after]) if n != "from_last_year"]
        note = ""
        if event.action == AuditEvent.Action.CONFIRMED:
            note = "Last year's answer kept, unchanged, as this year's answer."
        elif before.get("from_last_year"):
            note = "Replaced last year's answer."
        changes = [
            (FIELD_WORDS.get(n, n), _value_text(n, before.get(n)), _value_text(n, after.get(n)))
            for n in names
        ]
        if event.question_key:
            question = questions_by_key.get(event.question_key)
            where = question.text if question else event.question_key
        elif event.measure_key:
            measure = measures_by_key.get(event.measure_key)
            where = measure.label if measure else event.measure_key
        else:
            where = "The whole assessment"
        who = person_name(event.actor, nobody="Waymark")
        rows.append(EventRow(event, who, event.get_action_display(), where, changes, note))
    return rows
