"""Who is assessed, and who may see it: regions, systems, organisations and people's roles.

Systems (ICSs, each with its ICB) have validity dates and successors, so mergers are data. An
organisation belongs to one or more systems over time, one of them its host (ambulance trusts
serve several). People hold roles at a scope: an organisation, a system, a region or the whole
nation. What a role allows is decided in one place only, `assessments.access`, which reads
these models; they never ask it (`access.visible(user, queryset)` is who sees what).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from frameworks.models import CareSetting

ods_code_validator = RegexValidator(
    r"^[A-Z0-9]{3,10}$", "An ODS code is 3 to 10 capital letters and digits, such as RXX or QWO."
)

# The framework's care settings, plus "other" for organisations no question set is written for.
OrganisationCareSetting = models.TextChoices(
    "OrganisationCareSetting",
    [(member.name, (member.value, member.label)) for member in CareSetting]
    + [("OTHER", ("other", "Other"))],
)


def today() -> dt.date:
    return timezone.localdate()


def valid_on(on: dt.date | None = None, prefix: str = "") -> Q:
    """Rows valid on the day `on` (default today): started on or before it, not ended before it.
    `prefix` reaches the validity dates through a relation, e.g. `valid_on(day, "memberships__")`.
    The one definition of "valid on a date", for systems and system memberships alike."""
    on = on or today()
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


class Region(models.Model):
    """An NHS England region, e.g. North East and Yorkshire (Y63)."""

    ods_code = models.CharField(max_length=10, unique=True, validators=[ods_code_validator])
    ons_code = models.CharField(max_length=9, blank=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SystemQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None):
        return self.filter(valid_on(on))

    def search(self, term: str):
        term = term.strip()
        if not term:
            return self
        return self.filter(Q(name__icontains=term) | Q(ods_code__iexact=term))


class System(models.Model):
    """An Integrated Care System and its ICB, for as long as it existed."""

    ods_code = models.CharField(max_length=10, unique=True, validators=[ods_code_validator])
    ons_code = models.CharField(max_length=9, blank=True)
    name = models.CharField(max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="systems")
    valid_from = models.DateField()
    valid_to = models.DateField(
        null=True, blank=True, help_text="Its last day. Empty while it still exists."
    )
    replaces = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="replaced_by",
        help_text="The systems that merged into this one.",
    )

    objects = SystemQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="system_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or today()
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    def membership_date(self) -> dt.date:
        """The day whose membership a page shows: today, or the last day of an ended system."""
        on = today()
        return min(on, self.valid_to) if self.valid_to else on


class OrganisationQuerySet(models.QuerySet):
    def search(self, term: str):
        term = term.strip()
        if not term:
            return self
        return self.filter(Q(name__icontains=term) | Q(ods_code__iexact=term))

    def in_system(self, system: "System", on: dt.date | None = None):
        return self.filter(
            pk__in=SystemMembership.objects.current(on)
            .filter(system=system)
            .values("organisation_id")
        )


class Organisation(models.Model):
    """An NHS trust, ICB, general practice or other body that assesses itself."""

    ods_code = models.CharField(max_length=10, unique=True, validators=[ods_code_validator])
    name = models.CharField(max_length=200)
    care_setting = models.CharField(max_length=20, choices=OrganisationCareSetting.choices)
    systems = models.ManyToManyField(
        System, through="SystemMembership", related_name="organisations"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current_memberships(self, on: dt.date | None = None):
        return (
            self.system_memberships.current(on)
            .select_related("system__region")
            .order_by("-is_host", "system__name")
        )


class SystemMembershipQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None):
        return self.filter(valid_on(on))


class SystemMembership(models.Model):
    """An organisation belongs to a system from one date until another; one system is its host."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="system_memberships"
    )
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="memberships")
    is_host = models.BooleanField(
        "host system",
        default=False,
        help_text="The system the organisation mainly belongs to, when it serves several.",
    )
    valid_from = models.DateField()
    valid_to = models.DateField(
        null=True, blank=True, help_text="The last day of membership. Empty while it lasts."
    )

    objects = SystemMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "-is_host", "system__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["organisation", "system"],
                condition=Q(valid_to__isnull=True),
                name="one_open_membership_per_system",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_host=True, valid_to__isnull=True),
                name="one_open_host_system",
            ),
        ]

    def __str__(self) -> str:
        host = " (host)" if self.is_host else ""
        return f"{self.organisation} in {self.system}{host}"


class Role(models.TextChoices):
    RESPONDENT = "respondent", "Respondent"
    APPROVER = "approver", "Approver"
    SRO = "sro", "Digital SRO"
    ANALYST = "analyst", "Regional analyst"
    NATIONAL_ADMIN = "national_admin", "National administrator"
    BOARD_READER = "board_reader", "Board reader"


# Where each role is held: the scope fields it needs (exactly one of them, or none: national).
ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    Role.RESPONDENT: ("organisation",),
    Role.APPROVER: ("organisation",),
    Role.SRO: ("system",),
    Role.ANALYST: ("region",),
    Role.NATIONAL_ADMIN: (),
    Role.BOARD_READER: ("organisation", "system"),
}
SCOPE_FIELDS = ("organisation", "system", "region")


def _scoped_to(field: str | None) -> Q:
    return Q(**{f"{name}__isnull": name != field for name in SCOPE_FIELDS})


def _role_scope_condition() -> Q:
    condition = Q()
    for role, fields in ROLE_SCOPES.items():
        scopes = Q()
        for field in fields or (None,):
            scopes |= _scoped_to(field)
        condition |= Q(role=role) & scopes
    return condition


class Membership(models.Model):
    """A person holds a role at a scope, e.g. respondent at an organisation, SRO of a system.

    A person may hold several. What each role allows is decided in `assessments.access`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    system = models.ForeignKey(
        System, null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Who gave it (`membership_grant(by=...)`); empty when given by the command line or data
    # loading, and for roles given before this was kept.
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["user__username", "role"]
        constraints = [
            models.CheckConstraint(condition=_role_scope_condition(), name="role_has_its_scope"),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_role_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "system"],
                condition=Q(system__isnull=False),
                name="one_role_per_system",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="one_role_per_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=_scoped_to(None), name="one_national_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.describe()}"

    @property
    def scope(self) -> Organisation | System | Region | None:
        return self.organisation or self.system or self.region

    def describe(self) -> str:
        """E.g. "Digital SRO of NHS West Yorkshire Integrated Care Board (QWO)"."""
        scope = self.scope
        if scope is None:
            return self.get_role_display()
        preposition = "at" if self.organisation_id else "of"
        return f"{self.get_role_display()} {preposition} {scope.name} ({scope.ods_code})"

    def clean(self):
        allowed = ROLE_SCOPES.get(self.role)
        if allowed is None:
            return
        given = [name for name in SCOPE_FIELDS if getattr(self, f"{name}_id") is not None]
        label = Role(self.role).label
        a_role = f"{'An' if label[0] in 'AEIOU' else 'A'} {label[0].lower()}{label[1:]}"
        if not allowed and given:
            raise ValidationError(
                f"{a_role} works nationally: leave the organisation, system and region empty."
            )
        if allowed and (len(given) != 1 or given[0] not in allowed):
            raise ValidationError(
                f"{a_role} needs exactly one {' or '.join(allowed)}, and nothing else."
            )
