"""What the app's forms post, read into the services' terms: Django forms for the lists and the
admin tools, and the two questionnaire forms (an answer, the assignments) parsed by hand because
each question on a page is its own small form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms

from .models import OrganisationCareSetting, Region
from .presenters.questionnaire import NOT_APPLICABLE, MeasureRow
from .services.answers import MAX_NOTES

LEVEL_CHOICES = ("1", "2", "3", "4", "5")
UNASSIGNED = ""


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    care_setting = forms.ChoiceField(
        required=False, choices=[("", "All care settings"), *OrganisationCareSetting.choices]
    )


class SystemSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    region = forms.ModelChoiceField(
        required=False, queryset=Region.objects.all(), to_field_name="ods_code"
    )
    ended = forms.BooleanField(required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class OrganisationImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file of organisations",
        help_text="Columns: ods_code, name, care_setting, system_code, host.",
        error_messages={"required": "Choose a CSV file to import"},
    )


class SystemMergeForm(forms.Form):
    into_code = forms.CharField(label="ODS code of the new system", max_length=10)
    name = forms.CharField(label="Name of the new system", max_length=200)
    on = forms.DateField(
        label="First day of the new system",
        help_text="The merged systems end the day before. Format: 2026-04-01.",
    )
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.all(),
        required=False,
        help_text="Leave empty to keep the region of the merged systems.",
    )
    ons_code = forms.CharField(label="ONS code (optional)", max_length=9, required=False)


@dataclass
class AnswerSubmission:
    """An answer form's POST, read into the service's terms. `errors` maps a field to what is
    wrong with it, in words for the person; `changes` is only meaningful without errors."""

    values: dict[str, str]
    changes: dict
    revision: int | None
    action: str
    errors: dict[str, str]

    @classmethod
    def from_post(cls, post) -> AnswerSubmission:
        values = {
            name: post.get(name, "")
            for name in ("level", "not_applicable_reason", "target_level", "notes")
        }
        errors: dict[str, str] = {}
        changes: dict = {"notes": values["notes"]}
        level = values["level"]
        if level == NOT_APPLICABLE:
            changes["not_applicable"] = True
            changes["not_applicable_reason"] = values["not_applicable_reason"]
            if not values["not_applicable_reason"].strip():
                errors["not_applicable_reason"] = (
                    "Say why this question does not apply to your organisation"
                )
        elif level in LEVEL_CHOICES:
            changes["level"] = int(level)
        elif level:
            errors["level"] = "Choose a level from 1 to 5, or not applicable"
        target = values["target_level"]
        if target in LEVEL_CHOICES:
            changes["target_level"] = int(target)
        elif target:
            errors["target_level"] = "Choose a target level from 1 to 5, or no target"
        else:
            changes["target_level"] = None
        if len(values["notes"].strip()) > MAX_NOTES:
            errors["notes"] = f"Notes must be {MAX_NOTES:,} characters or fewer"
        try:
            revision = int(post.get("revision", ""))
            if revision < 0:
                raise ValueError
        except ValueError:
            revision = None
            errors["level"] = errors.get("level") or (
                "This page is out of date: reload it, then answer again"
            )
        return cls(values, changes, revision, post.get("action", ""), errors)

    @property
    def only_missing_reason(self) -> bool:
        return list(self.errors) == ["not_applicable_reason"]


@dataclass
class AssignmentSubmission:
    """The assignment form's POST: who each section goes to. `chosen` maps a measure key to the
    person's id as posted ("" for no one), for showing the form again; `assignees` holds only
    the sections whose person changes; `errors` are for the error summary."""

    chosen: dict[str, str]
    assignees: dict = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def from_post(cls, post, rows: list[MeasureRow], people: list) -> AssignmentSubmission:
        by_id = {str(person.pk): person for person in people}
        submission = cls(chosen=current_choices(rows))
        for row in rows:
            key = row.measure.key
            value = post.get(f"measure-{key}", submission.chosen[key])
            if value != UNASSIGNED and value not in by_id:
                submission.errors.append(
                    {
                        "text": f"Choose someone from the list for {row.measure.label}",
                        "href": f"#measure-{key}",
                    }
                )
            elif value != submission.chosen[key]:
                submission.assignees[row.measure] = by_id.get(value)
            submission.chosen[key] = value
        return submission


def current_choices(rows: list[MeasureRow]) -> dict[str, str]:
    """What the assignment form shows for the sections as they are assigned now."""
    return {row.measure.key: str(row.assignee.pk) if row.assignee else UNASSIGNED for row in rows}


def _date_from(post, prefix: str) -> tuple[dt.date | None, dict[str, str]]:
    """A day, month and year typed in three boxes (`prefix[day]` ...), as a date or None."""
    parts = {p: (post.get(f"{prefix}[{p}]") or "").strip() for p in ("day", "month", "year")}
    if not all(parts.values()):
        return None, parts
    try:
        return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"])), parts
    except ValueError:
        return None, parts


@dataclass
class RoundSubmission:
    """The "create a round" form's POST, in the terms of `services.round_create`. `errors` maps
    a field's id to what is wrong with it, in words for the person."""

    values: dict
    cleaned: dict
    errors: dict[str, str]

    @classmethod
    def from_post(cls, post, versions) -> RoundSubmission:
        errors: dict[str, str] = {}
        name = (post.get("name") or "").strip()
        if not name:
            errors["name"] = 'Enter a name for the round, for example "2027/28 assessment"'
        elif len(name) > 100:
            errors["name"] = "The name must be 100 characters or fewer"
        version = (
            versions.filter(pk=post.get("framework_version") or None).first()
            if ((post.get("framework_version") or "").isdigit())
            else None
        )
        if version is None:
            errors["framework_version"] = "Choose a published framework version"
        dates = {}
        values = {"name": name, "framework_version": post.get("framework_version", "")}
        for field_name, what in (("opens_on", "opens"), ("closes_on", "closes")):
            dates[field_name], values[field_name] = _date_from(post, field_name)
            if dates[field_name] is None:
                errors[field_name] = f"Enter the day the round {what} as a real date, like 1 5 2027"
        if not errors.keys() & {"opens_on", "closes_on"} and dates["closes_on"] < dates["opens_on"]:
            errors["closes_on"] = "The round must close on or after the day it opens"
        settings = post.getlist("care_settings")
        values["care_settings"] = settings
        if not settings:
            errors["care_settings"] = "Choose at least one care setting to take part"
        elif set(settings) - set(OrganisationCareSetting.values):
            errors["care_settings"] = "Choose care settings from the list"
        cleaned = {
            "name": name,
            "framework_version": version,
            "opens_on": dates["opens_on"],
            "closes_on": dates["closes_on"],
            "care_settings": settings,
        }
        return cls(values, cleaned, errors)


@dataclass
class ExtensionSubmission:
    """The "extend the deadline" form's POST, in the terms of `services.assessment_extend`."""

    values: dict
    until: dt.date | None
    reason: str
    errors: dict[str, str]

    @classmethod
    def from_post(cls, post) -> ExtensionSubmission:
        errors: dict[str, str] = {}
        until, parts = _date_from(post, "until")
        if until is None:
            errors["until"] = (
                "Enter the last day it may be submitted as a real date, like 15 10 2027"
            )
        reason = (post.get("reason") or "").strip()
        if not reason:
            errors["reason"] = "Give the reason for the extension"
        return cls({"until": parts, "reason": reason}, until, reason, errors)
