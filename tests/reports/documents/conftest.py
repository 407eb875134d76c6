import io

import pytest
from django.core.files.storage import default_storage

from assessments.models import Organisation, Role
from tests.factories import PersonaFactory

from . import plan_world


@pytest.fixture
def plans(db):
    """plan_world: West Yorkshire's 8 providers (7 approved) and ICB, two rounds; people."""
    current, previous, systems = plan_world.build(size=8)
    people = {
        name: PersonaFactory(username=name, first_name=first, last_name="Person", role=role, at=at)
        for name, first, role, at in (
            ("sro", "Sara", Role.SRO, systems[0]),
            ("analyst", "Ann", Role.ANALYST, systems[0].region),
            ("board", "Beth", Role.BOARD_READER, systems[0]),
            ("respondent", "Rosa", Role.RESPONDENT, Organisation.objects.get(ods_code="R0000")),
            ("approver", "Amir", Role.APPROVER, Organisation.objects.get(ods_code="R0000")),
        )
    }
    return current, previous, systems[0], people


def stored(report) -> bytes:
    with default_storage.open(report.file.name, "rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def outline(data: bytes) -> list[tuple[str, int]]:
    """The PDF's bookmarks in order, flattened: (title, page number from 1)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found
