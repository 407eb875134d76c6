"""Who may request and read documents, in the access policy's terms (`assessments.access`).

A document of a system or an organisation is for those who may "export" it. A draft is for
those who also work on it or oversee it ("compare" or "approve" it: national administrators,
the region's analysts, the system's SRO, the organisation's approver); board readers read only
agreed documents of their own system or organisation.
"""

from django.db.models import Q, QuerySet

from assessments import access
from assessments.models import Organisation, System


def may_read(user, subject) -> bool:
    return access.may(user, "export", subject)


def may_read_drafts(user, subject) -> bool:
    return may_read(user, subject) and (
        access.may(user, "compare", subject) or access.may(user, "approve", subject)
    )


def may_see(user, report) -> bool:
    return (
        may_read_drafts(user, report.subject)
        if not report.agreed
        else may_read(user, report.subject)
    )


def visible_reports(user, reports: QuerySet) -> QuerySet:
    """The reports of `reports` this user may see and download (the SQL twin of `may_see`)."""

    def subjects(*actions) -> Q:
        condition = Q(pk__in=[])
        for action in actions:
            condition |= Q(system__in=access.restrict(user, action, System.objects.all()))
            condition |= Q(
                organisation__in=access.restrict(user, action, Organisation.objects.all())
            )
        return condition

    readable = reports.filter(subjects("export"))
    return readable.filter(Q(agreed=True) | subjects("compare", "approve"))
