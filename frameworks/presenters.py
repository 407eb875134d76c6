"""View-models for framework pages: formatting that belongs in neither models nor templates."""

from dataclasses import dataclass
from decimal import Decimal

from .diff import Change
from .models import CareSetting

SETTING_LABELS = dict(CareSetting.choices)
FIELD_LABELS = {
    "label": "Name",
    "text": "Question",
    "guidance": "Guidance",
    "weight": "Weight",
    "description": "Description",
    "applies_to": "Care settings",
    "measure": "Success measure",
    "theme": "Theme",
    "order": "Position",
    "themes": "Themes",
    "depends_on": "Comes after (depends on)",
    "name": "Name",
    "vocabulary_section": "What a section is called",
    "vocabulary_sections": "What sections are called",
    "vocabulary_theme": "What a theme is called",
    "theme_added": "Theme added",
    "theme_removed": "Theme removed",
    "theme_renamed": "Theme renamed",
    "themes_order": "Order of themes",
    "questions_order": "Order of questions",
    "descriptor": "Descriptor",
    "next_steps": "How to reach the next level",
}


def weight_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass
class ChangePresenter:
    field: str
    before: str
    after: str


def present_change(change: Change, section: str = "success measure") -> ChangePresenter:
    """A change in words; `section` is what the later version calls a section (a question
    moved from one to another)."""

    def show(value) -> str:
        if isinstance(value, list):
            return ", ".join(SETTING_LABELS.get(v, v) for v in value) or "none"
        if isinstance(value, Decimal):
            return weight_text(value)
        if value in (None, ""):
            return "none"
        return str(value)

    label = section[:1].upper() + section[1:] if change.field == "measure" else None
    return ChangePresenter(
        label or FIELD_LABELS.get(change.field, change.field),
        show(change.before),
        show(change.after),
    )
