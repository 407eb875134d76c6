"""The approved data a plan version's figures were taken from, and what changed since.

A plan copies its figures (where each measure stands, the proposed targets and actions) from
the round's approved assessments when it is started. Those can change afterwards: an
assessment is reopened (its scores withdrawn) or approved (again). So each version records its
basis, the approved assessments it read as [ODS code, assessment id, decided at], and its
SHA-256; the plan page compares it with the data as it stands now (`changes`) and offers to
refresh a draft's figures (`reports.plans.refresh`), never rewriting them silently.

Whose assessments count is the proposal's: a system's providers on its figures' footprint date
(`aggregates.system_footprint`), or the one organisation.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from assessments.models import Organisation, Round, System

from .. import sources
from ..aggregates import system_footprint


def data_basis(subject: System | Organisation, round_: Round) -> tuple[list[list], str]:
    """The approved assessments a plan of `subject` reads now, as plain rows, and their
    SHA-256 (two queries)."""
    if isinstance(subject, System):
        _, on = system_footprint(subject, round_)  # the proposal's, and the figures'
        ids = list(sources.hosted_by(subject, on).values_list("pk", flat=True))
    else:
        ids = [subject.pk]
    rows = [
        [code, pk, at.isoformat() if at else None]
        for code, pk, at in sources.approved_decisions(round_, ids)
    ]
    return rows, hashlib.sha256(json.dumps(rows).encode()).hexdigest()


@dataclass(frozen=True)
class Changes:
    """How the approved data differs from a version's basis, by ODS code."""

    approved: list[str]  # approved since (not in the basis)
    withdrawn: list[str]  # in the basis, not approved now (reopened)
    reapproved: list[str]  # approved again since (a new decision)
    fingerprint: str  # of the data now

    @property
    def count(self) -> int:
        return len(self.approved) + len(self.withdrawn) + len(self.reapproved)

    def sentences(self) -> list[str]:
        """What changed, in words."""
        said = []
        for codes, what in (
            (self.approved, "approved since"),
            (self.withdrawn, "reopened (no longer approved)"),
            (self.reapproved, "reopened and approved again"),
        ):
            if codes:
                noun = "assessment" if len(codes) == 1 else "assessments"
                said.append(f"{len(codes)} {noun} {what}: {', '.join(codes)}.")
        return said


def changes(version, subject, round_) -> Changes | None:
    """What changed since `version`'s figures were taken; None when nothing did, or when the
    version predates the record (nothing to compare with)."""
    if version.data_fingerprint is None:
        return None
    rows, fingerprint = data_basis(subject, round_)
    if fingerprint == version.data_fingerprint:
        return None
    before = {code: (pk, at) for code, pk, at in version.data_used or []}
    now = {code: (pk, at) for code, pk, at in rows}
    return Changes(
        approved=sorted(set(now) - set(before)),
        withdrawn=sorted(set(before) - set(now)),
        reapproved=sorted(code for code in set(now) & set(before) if now[code] != before[code]),
        fingerprint=fingerprint,
    )
