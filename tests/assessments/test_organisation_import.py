"""Importing organisations from CSV: every bad input named by row and column, nothing written."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import Organisation, SystemMembership
from assessments.services import OrganisationImportError, organisations_import, system_merge

pytestmark = pytest.mark.django_db

HEADER = "ods_code,name,care_setting,system_code,host\n"
GOOD = (
    HEADER
    + "ZX101,Riverside Hospitals NHS Trust,acute,QWO,yes\n"
    + "ZX102,Fellside Surgery,General practice,QHM,yes\n"
    + "ZX103,Pennine Ambulance NHS Trust,ambulance,QHM,yes\n"
    + "ZX103,Pennine Ambulance NHS Trust,ambulance,QWO,no\n"
)


def _snapshot():
    return (
        sorted(Organisation.objects.values_list("ods_code", "name", "care_setting")),
        sorted(
            SystemMembership.objects.values_list(
                "organisation__ods_code", "system__ods_code", "is_host", "valid_from", "valid_to"
            )
        ),
    )


def refused(data: bytes | str) -> list[str]:
    """Import `data`, expect refusal, check nothing was written, return the messages."""
    before = _snapshot()
    with pytest.raises(OrganisationImportError) as caught:
        organisations_import(data=data.encode() if isinstance(data, str) else data, by=None)
    assert _snapshot() == before, "something was written"
    assert "nothing was written" in caught.value.message
    return caught.value.messages


def test_a_valid_file_imports_organisations_and_their_systems(world):
    result = organisations_import(data=GOOD.encode(), by=None)
    assert (result.created, result.updated, result.memberships_added) == (3, 0, 4)
    practice = Organisation.objects.get(ods_code="ZX102")
    assert (practice.name, practice.care_setting) == ("Fellside Surgery", "general_practice")
    ambulance = Organisation.objects.get(ods_code="ZX103")
    assert {
        (m.system.ods_code, m.is_host, m.valid_from) for m in ambulance.system_memberships.all()
    } == {("QHM", True, dt.date(2022, 7, 1)), ("QWO", False, dt.date(2022, 7, 1))}


def test_importing_the_same_file_again_changes_nothing(world):
    organisations_import(data=GOOD.encode(), by=None)
    before = _snapshot()
    result = organisations_import(data=GOOD.encode(), by=None)
    assert not result.changed_anything
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert _snapshot() == before


def test_a_new_name_care_setting_or_host_updates_the_organisation(world):
    organisations_import(data=GOOD.encode(), by=None)
    changed = (
        HEADER
        + "ZX101,Riverside University Hospitals NHS Trust,acute,QWO,yes\n"
        + "ZX103,Pennine Ambulance NHS Trust,ambulance,QHM,no\n"
        + "ZX103,Pennine Ambulance NHS Trust,ambulance,QWO,yes\n"
    )
    result = organisations_import(data=changed.encode(), by=None)
    assert (result.updated, result.unchanged, result.hosts_changed) == (1, 1, 1)
    assert (
        Organisation.objects.get(ods_code="ZX101").name
        == "Riverside University Hospitals NHS Trust"
    )
    assert (
        SystemMembership.objects.get(organisation__ods_code="ZX103", is_host=True).system.ods_code
        == "QWO"
    )


def test_an_existing_organisation_joining_another_system_joins_today(world):
    result = organisations_import(
        data=(
            HEADER + "ZT001,Northmoor Hospitals NHS Trust,acute,QWO,yes\n"
            "ZT001,Northmoor Hospitals NHS Trust,acute,QJK,no\n"
        ).encode(),
        by=None,
    )
    assert (result.unchanged, result.memberships_added) == (1, 1)
    joined = SystemMembership.objects.get(organisation=world.northmoor, system=world.devon)
    assert joined.valid_from == timezone.localdate() and not joined.is_host


def test_a_byte_order_mark_and_windows_line_ends_are_fine(world):
    data = ("\ufeff" + GOOD).replace("\n", "\r\n").encode()
    assert organisations_import(data=data, by=None).created == 3


def test_it_rejects_the_wrong_columns(world):
    assert refused("ods_code,name,setting,system_code,host,notes\nZX1,A,acute,QWO,yes,\n") == [
        "Row 1: the columns must be ods_code, name, care_setting, system_code, host "
        "(missing care_setting; unexpected 'setting', 'notes')."
    ]


def test_it_rejects_a_repeated_column(world):
    assert refused("ods_code,name,name,care_setting,system_code,host\n") == [
        "Row 1: the columns must be ods_code, name, care_setting, system_code, host "
        "(repeated name)."
    ]


def test_it_rejects_an_unknown_care_setting(world):
    assert refused(HEADER + "ZX101,Riverside,hospital,QWO,yes\n") == [
        "Row 2, column care_setting: 'hospital' is not a care setting: use one of acute, "
        "mental_health, community, ambulance, icb, general_practice, social_care, other."
    ]


def test_it_rejects_an_unknown_system(world):
    assert refused(HEADER + "ZX101,Riverside,acute,QWO,yes\nZX102,Fellside,acute,QQQ,yes\n") == [
        "Row 3, column system_code: there is no system with the code 'QQQ'."
    ]


def test_it_points_from_an_ended_system_to_its_successor(world):
    system_merge(
        into_code="QZY", name="NHS North ICB", from_codes=["QWO", "QHM"], on=dt.date(2026, 4, 1)
    )
    assert refused(HEADER + "ZX101,Riverside,acute,QWO,yes\n") == [
        "Row 2, column system_code: QWO ended on 31 March 2026: use QZY, which replaced it."
    ]


def test_it_rejects_duplicate_ods_codes(world):
    assert refused(
        HEADER + "ZX101,Riverside,acute,QWO,yes\n"
        "ZX102,Fellside,acute,QWO,yes\n"
        "ZX101,Riverside,acute,QWO,yes\n"
    ) == ["Row 4, column ods_code: ZX101 is already listed in QWO on row 2."]


def test_it_rejects_one_organisation_described_two_ways(world):
    assert refused(
        HEADER + "ZX101,Riverside,acute,QWO,yes\nZX101,Riverside Trust,community,QHM,no\n"
    ) == [
        "Row 3, column name: ZX101 is named 'Riverside' on row 2; use the same name on every "
        "row of an organisation.",
        "Row 3, column care_setting: ZX101 has the care setting acute on row 2; use the same "
        "care setting on every row of an organisation.",
    ]


def test_it_rejects_an_organisation_with_no_host_or_two(world):
    assert refused(
        HEADER + "ZX101,Riverside,acute,QWO,no\n"
        "ZX102,Fellside,ambulance,QWO,yes\n"
        "ZX102,Fellside,ambulance,QHM,Y\n"
    ) == [
        "Row 2, column host: ZX101 has no host system: put yes in the host column of one of "
        "its rows.",
        "Row 4, column host: ZX102 already has a host system on row 3: an organisation has "
        "only one.",
    ]


def test_it_rejects_an_empty_file(world):
    assert refused(b"") == [
        "The file is empty. Its first row must name the columns: ods_code, name, care_setting, "
        "system_code, host."
    ]
    assert refused(b" \n\n") == [
        "The file is empty. Its first row must name the columns: ods_code, name, care_setting, "
        "system_code, host."
    ]


def test_it_rejects_a_file_with_only_its_header(world):
    assert refused(HEADER + "\n") == ["The file has a header row but no organisations."]


def test_it_rejects_bytes_that_are_not_utf_8(world):
    data = (
        HEADER + "ZX101,Riverside,acute,QWO,yes\n"
    ).encode() + b"ZX102,Caf\xe9 Surgery,general_practice,QWO,yes\n"
    assert refused(data) == [
        "Row 3: the file is not UTF-8 text (byte 0xe9 at character 10). "
        'Save it as "CSV UTF-8" and import it again.'
    ]


def test_it_reports_every_problem_of_every_row_at_once(world):
    assert refused(HEADER + "zx-1,,acute,QWO,maybe\n,Fine Trust,,,yes\nZX103,Short row\n") == [
        "Row 2, column ods_code: 'zx-1' is not an ODS code: use 3 to 10 letters and digits, "
        "such as RXX.",
        "Row 2, column name: enter the organisation's name.",
        "Row 2, column host: 'maybe' is not yes or no.",
        "Row 3, column ods_code: enter the organisation's ODS code.",
        "Row 3, column care_setting: enter the care setting: use one of acute, mental_health, "
        "community, ambulance, icb, general_practice, social_care, other.",
        "Row 3, column system_code: enter the ODS code of the system it belongs to.",
        "Row 4: expected 5 values, found 2.",
    ]


def test_the_import_command_imports_and_reports(world, tmp_path, capsys):
    path = tmp_path / "organisations.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("organisations_import", str(path))
    assert capsys.readouterr().out == (
        f"{path}: 3 organisation(s) added, 0 updated and 0 unchanged; 4 system membership(s) "
        "added and 0 host system(s) changed.\n"
    )


def test_the_import_command_refuses_a_bad_file_with_its_problems(world, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "ZX101,Riverside,hospital,QWO,yes\n", encoding="utf-8")
    with pytest.raises(CommandError, match="was not imported"):
        call_command("organisations_import", str(path))
    assert "Row 2, column care_setting: 'hospital' is not a care setting" in capsys.readouterr().err
    assert not Organisation.objects.filter(ods_code="ZX101").exists()


def test_an_administrator_imports_a_file_in_the_admin(world, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@nhs.uk", "pw"))
    bad = client.post(
        "/admin/assessments/organisation/import/",
        {"file": SimpleUploadedFile("bad.csv", (HEADER + "ZX101,R,acute,QQQ,yes\n").encode())},
    )
    assert "Row 2, column system_code: there is no system with the code" in bad.content.decode()
    good = client.post(
        "/admin/assessments/organisation/import/",
        {"file": SimpleUploadedFile("good.csv", GOOD.encode())},
        follow=True,
    )
    assert "Imported: 3 organisation(s) added" in good.content.decode()
    assert Organisation.objects.filter(ods_code__startswith="ZX").count() == 3


@pytest.mark.parametrize(
    "name, why",
    [
        ("Null\x00 Trust", "it holds a control character (U+0000): a name is plain text."),
        ("Bell\x07 Trust", "it holds a control character (U+0007): a name is plain text."),
        ('"Two\nLines Trust"', "it holds a line break: a name is one line of text."),
        ('"Carriage\rReturn"', "it holds a line break: a name is one line of text."),
        ("Para\u2029graph Trust", "it holds a line break: a name is one line of text."),
        (
            "Evil \u202etsurT SHN",
            "it holds a bidirectional control character (U+202E), which makes text display "
            "differently from what it says: remove it.",
        ),
        (
            "Isolate \u2066Trust\u2069",
            "it holds a bidirectional control character (U+2066), which makes text display "
            "differently from what it says: remove it.",
        ),
    ],
)
def test_it_refuses_names_with_control_characters_line_breaks_or_bidi_overrides(world, name, why):
    messages = refused(HEADER + "ZX101,Riverside,acute,QWO,yes\n" + f"ZX102,{name},acute,QWO,yes\n")
    assert len(messages) == 1
    assert messages[0].startswith("Row 3, column name: ")
    assert messages[0].endswith(f" is refused: {why}")


def test_it_keeps_names_with_ordinary_unicode(world):
    data = HEADER + "ZX101,Ysbyty Gwynedd – Betsi Cadwaladr (Ñ),acute,QWO,yes\n"
    assert organisations_import(data=data.encode(), by=None).created == 1
    assert Organisation.objects.get(ods_code="ZX101").name == "Ysbyty Gwynedd – Betsi Cadwaladr (Ñ)"


@pytest.mark.parametrize(
    "row, column, length, limit",
    [
        ("ZX101,{long},acute,QWO,yes", "name", 201, 200),
        ("ZX101,{long},acute,QWO,yes", "name", 200_000, 200),  # past the csv module's own limit
        ("{long},Riverside,acute,QWO,yes", "ods_code", 5000, 10),
        ("ZX101,Riverside,acute,{long},yes", "system_code", 11, 10),
        ("ZX101,Riverside,acute,QWO,{long}", "host", 300_000, 5),
    ],
)
def test_it_says_which_row_and_column_a_too_long_value_is_in(world, row, column, length, limit):
    data = HEADER + "ZX100,Fine Trust,acute,QWO,yes\n" + row.format(long="A" * length) + "\n"
    assert refused(data) == [
        f"Row 3, column {column}: the value is {length} characters long; "
        f"{column} holds at most {limit}."
    ]


UTF16_MESSAGE = (
    'The file is not UTF-8 text: it is UTF-16 (what Excel calls "Unicode Text"). '
    'Save it as "CSV UTF-8" and import it again.'
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_it_recognises_utf_16_with_or_without_a_byte_order_mark(world, encoding):
    data = GOOD.encode(encoding)
    assert data.startswith((b"\xff\xfe", b"\xfe\xff")) == (encoding == "utf-16")
    assert refused(data) == [UTF16_MESSAGE]
