"""factory-boy factories for the things tests need: the map of the NHS, people in their roles,
framework versions with their content, and rounds.

Writes that have a service go through it, so a test never builds what the app could not:
a person's role is given by `membership_grant`, a framework version's measures, questions and
levels are imported from a YAML document by `frameworks.services.version_import`, and a round is
launched by `round_launch`.

    RegionFactory(), SystemFactory(region=north), OrganisationFactory(member_of=[host, served])
    PersonaFactory(username="sro", role=Role.SRO, at=west_yorkshire)
    FrameworkVersionFactory(version="2.0.0")        # imported and published, with content
    BareFrameworkVersionFactory(published=True)     # a version row only, no content
    RoundFactory(launched_by=national)              # created, then launched
"""

import copy
import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Organisation, Region, Round, System, SystemMembership
from assessments.services import membership_grant, round_launch
from frameworks.models import Framework, FrameworkVersion
from frameworks.services import framework_authors_group_ensure, version_import
from tests.frameworks.documents import document, dump

PASSWORD = "correct-horse-battery-staple"
START = dt.date(2022, 7, 1)  # when the ICSs became statutory: every system and membership starts


# --- the map ----------------------------------------------------------------------------------


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    ods_code = factory.Sequence(lambda n: f"Y{n:02d}F")
    name = factory.Sequence(lambda n: f"Region {n}")


class SystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = System

    ods_code = factory.Sequence(lambda n: f"QF{n:02d}")
    name = factory.Sequence(lambda n: f"NHS Test {n} Integrated Care Board")
    region = factory.SubFactory(RegionFactory)
    valid_from = START


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation; `member_of=[host, *served]` makes it a member of those systems from
    START, hosted by the first (an ambulance trust serves several)."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    ods_code = factory.Sequence(lambda n: f"ZF{n:03d}")
    name = factory.Sequence(lambda n: f"Test {n} NHS Trust")
    care_setting = "acute"

    @factory.post_generation
    def member_of(self, create, systems, **kwargs):
        for index, system in enumerate(systems or ()):
            SystemMembershipFactory(organisation=self, system=system, is_host=index == 0, **kwargs)


class SystemMembershipFactory(factory.django.DjangoModelFactory):
    """The organisation's host system by default; `serving=True` for another system it serves."""

    class Meta:
        model = SystemMembership

    class Params:
        serving = factory.Trait(is_host=False)

    organisation = factory.SubFactory(OrganisationFactory)
    system = factory.SubFactory(SystemFactory)
    is_host = True
    valid_from = START


# --- people -----------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """Someone who can sign in with PASSWORD; `author=True` adds them to the framework authors."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.nhs.uk")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def author(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(framework_authors_group_ensure())


class PersonaFactory(UserFactory):
    """A person holding `role` at `at` (an organisation, system or region; nothing for a
    national role), given through the real `membership_grant` service."""

    @classmethod
    def _create(cls, model_class, *args, role=None, at=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if role:
            membership_grant(by=None, user=user, role=role, **_scope(at))
        return user

    @classmethod
    def _build(cls, model_class, *args, role=None, at=None, **kwargs):
        return super()._build(model_class, *args, **kwargs)


def _scope(at) -> dict:
    if at is None:
        return {}
    for field, model in (("organisation", Organisation), ("system", System), ("region", Region)):
        if isinstance(at, model):
            return {field: at}
    raise TypeError(f"a role is held at an organisation, a system or a region, not {at!r}")


# --- frameworks -------------------------------------------------------------------------------


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"framework-{n}")
    name = factory.Sequence(lambda n: f"Framework {n}")


class BareFrameworkVersionFactory(factory.django.DjangoModelFactory):
    """A framework version row without content; a draft unless `published=True`."""

    class Meta:
        model = FrameworkVersion

    class Params:
        published = factory.Trait(
            status=FrameworkVersion.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )

    framework = factory.SubFactory(FrameworkFactory)
    version = "1.0.0"
    # What a version says about itself is frozen on it, as the importer writes it.
    framework_key = factory.LazyAttribute(lambda o: o.framework.key)
    framework_name = factory.LazyAttribute(lambda o: o.framework.name)
    framework_description = factory.LazyAttribute(lambda o: o.framework.description)


class FrameworkVersionFactory(factory.Factory):
    """A framework version with measures, themes, questions and levels, imported from a YAML
    document through `frameworks.services.version_import`, as every real version is.

    The document is tests/frameworks/documents.py's: Well led (wl-strategy; wl-board for ICBs
    only) and Ensure smart foundations (sf-network, sf-cyber). `extra_measures` appends more;
    `document` replaces it; `publish=False` leaves it a draft.
    """

    class Meta:
        model = FrameworkVersion

    version = "1.0.0"
    extra_measures = ()
    document = factory.LazyAttribute(lambda o: _document(o.version, o.extra_measures))
    publish = True
    filename = "t.yaml"

    @classmethod
    def _create(cls, model_class, *, document, publish, filename, **ignored):
        return version_import(source=dump(document), filename=filename, publish=publish)


def _document(version: str, extra_measures) -> dict:
    doc = document(version)
    doc["measures"] += copy.deepcopy(list(extra_measures))
    return doc


# --- rounds -----------------------------------------------------------------------------------


class RoundFactory(factory.django.DjangoModelFactory):
    """A round of the 2026/27 assessment for acute and community trusts, on a freshly imported
    framework version; `launched_by=user` launches it through `round_launch`."""

    class Meta:
        model = Round
        skip_postgeneration_save = True

    name = "2026/27 assessment"
    framework_version = factory.SubFactory(FrameworkVersionFactory)
    opens_on = dt.date(2026, 5, 1)
    closes_on = factory.LazyAttribute(lambda o: dt.date(o.opens_on.year, 9, 30))
    care_settings = factory.List(["acute", "community"])

    @factory.post_generation
    def launched_by(self, create, by, **kwargs):
        if create and by is not None:
            round_launch(round_=self, by=by)
            self.refresh_from_db()
