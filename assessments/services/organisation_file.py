"""Reading an organisations file (see `organisation_import`): decoding, the columns, and every
problem with every row, found before anything is written. Names are plain text on one line:
control characters (NUL...), line breaks and bidirectional overrides (U+202E...) are refused;
a value longer than its column allows is named by row and column; a UTF-16 file, with or
without its byte-order mark, is refused as not UTF-8."""

import csv
import io
import unicodedata
from dataclasses import dataclass

from config.errors import Problem

from ..models import OrganisationCareSetting, System, today

COLUMNS = ("ods_code", "name", "care_setting", "system_code", "host")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
CARE_SETTING_CODES = ", ".join(OrganisationCareSetting.values)
# The longest value each column may hold (care settings are matched against their labels).
MAX_LENGTH = {"ods_code": 10, "name": 200, "care_setting": 40, "system_code": 10, "host": 5}
# Characters that change how the text around them is displayed, not what it says.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class Row:
    number: int
    ods_code: str
    name: str
    care_setting: str
    system: System | None
    host: bool


def _looks_like_utf16(data: bytes) -> bool:
    """A UTF-16 file, with or without its byte-order mark: mostly text in one byte of each two,
    NUL in the other (a stray NUL in a UTF-8 file is a name's problem, found by row)."""
    if data.startswith(UTF16_BOMS):
        return True
    sample = data[:512]
    if len(sample) < 4:
        return False
    halves = (sample[0::2], sample[1::2])
    return any(half.count(0) >= 0.6 * len(half) for half in halves)


def _decode(data: bytes) -> tuple[str | None, list[Problem]]:
    if _looks_like_utf16(data):
        return None, [
            Problem(
                None,
                None,
                'The file is not UTF-8 text: it is UTF-16 (what Excel calls "Unicode Text"). '
                'Save it as "CSV UTF-8" and import it again.',
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = line[exc.start : exc.start + 1].hex()
            problems.append(
                Problem(
                    number,
                    None,
                    (
                        f"the file is not UTF-8 text (byte 0x{bad} at character {exc.start + 1}). "
                        'Save it as "CSV UTF-8" and import it again.'
                    ),
                )
            )
    return None, problems


def _shown(value: str, limit: int = 40) -> str:
    """A value quoted in a message, cut short if long."""
    return repr(value if len(value) <= limit else value[:limit] + "...")


def _unprintable(value: str) -> str | None:
    """What is wrong with a name's characters, or None: control characters (NUL...), line
    breaks and bidirectional overrides are refused."""
    for char in value:
        code = f"U+{ord(char):04X}"
        if char in "\r\n\u2028\u2029\x0b\x0c\x85":
            return "it holds a line break: a name is one line of text."
        if char in BIDI_CONTROLS:
            return (
                f"it holds a bidirectional control character ({code}), which makes text "
                "display differently from what it says: remove it."
            )
        if unicodedata.category(char) == "Cc":
            return f"it holds a control character ({code}): a name is plain text."
    return None


def _care_setting(value: str) -> str | None:
    wanted = value.strip().lower().replace("-", " ")
    for code, label in OrganisationCareSetting.choices:
        if wanted in (code.replace("_", " "), label.lower()):
            return code
    return None


def parse_organisations_file(data: bytes) -> tuple[list[Row], list[Problem]]:
    text, problems = _decode(data)
    if text is None:
        return [], problems
    if not text.strip():  # nothing, or only a byte-order mark or blanks
        return [], [
            Problem(
                None,
                None,
                f"The file is empty. Its first row must name the columns: {', '.join(COLUMNS)}.",
            )
        ]
    # Every field is read whole, however long, so a too-long one is named by row and column
    # below (the csv module's own limit, process-wide, would only say which line).
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = list(reader)
    except csv.Error as exc:
        return [], [Problem(reader.line_num, None, f"this is not a valid CSV row ({exc}).")]
    header = [name.strip().lower() for name in lines[0]]
    missing = [c for c in COLUMNS if c not in header]
    unexpected = [c for c in header if c not in COLUMNS]
    duplicated = sorted({c for c in header if c in COLUMNS and header.count(c) > 1})
    if missing or unexpected or duplicated:
        details = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unexpected {', '.join(_shown(c) for c in unexpected)}" if unexpected else "",
                f"repeated {', '.join(duplicated)}" if duplicated else "",
            )
            if part
        )
        return [], [Problem(1, None, f"the columns must be {', '.join(COLUMNS)} ({details}).")]
    position = {name: header.index(name) for name in COLUMNS}

    systems = {s.ods_code: s for s in System.objects.prefetch_related("replaced_by")}
    on = today()
    rows: list[Row] = []
    for number, values in enumerate(lines[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(COLUMNS):
            problems.append(
                Problem(number, None, f"expected {len(COLUMNS)} values, found {len(values)}.")
            )
            continue
        raw = {name: values[i] for name, i in position.items()}
        too_long = [
            (
                name,
                f"the value is {len(raw[name].strip())} characters long; "
                f"{name} holds at most {limit}.",
            )
            for name, limit in MAX_LENGTH.items()
            if len(raw[name].strip()) > limit
        ]
        if too_long:
            problems.extend(Problem(number, column, message) for column, message in too_long)
            continue
        cell = {name: value.strip() for name, value in raw.items()}
        row_problems = []

        ods_code = cell["ods_code"].upper()
        if not ods_code:
            row_problems.append(("ods_code", "enter the organisation's ODS code."))
        elif not (3 <= len(ods_code) <= 10 and ods_code.isascii() and ods_code.isalnum()):
            row_problems.append(
                (
                    "ods_code",
                    f"{cell['ods_code']!r} is not an ODS code: use 3 to "
                    "10 letters and digits, such as RXX.",
                )
            )
        unprintable = _unprintable(raw["name"])
        if unprintable:
            row_problems.append(("name", f"{_shown(cell['name'])} is refused: {unprintable}"))
        elif not cell["name"]:
            row_problems.append(("name", "enter the organisation's name."))
        care_setting = _care_setting(cell["care_setting"])
        if care_setting is None:
            shown = (
                f"{cell['care_setting']!r} is not a care setting"
                if cell["care_setting"]
                else "enter the care setting"
            )
            row_problems.append(("care_setting", f"{shown}: use one of {CARE_SETTING_CODES}."))
        system_code = cell["system_code"].upper()
        system = systems.get(system_code)
        if not system_code:
            row_problems.append(("system_code", "enter the ODS code of the system it belongs to."))
        elif system is None:
            row_problems.append(
                ("system_code", f"there is no system with the code {cell['system_code']!r}.")
            )
        elif not system.is_current(on):
            successors = ", ".join(s.ods_code for s in system.replaced_by.all())
            row_problems.append(
                (
                    "system_code",
                    f"{system_code} ended on "
                    f"{system.valid_to:%-d %B %Y}"
                    + (f": use {successors}, which replaced it." if successors else "."),
                )
            )
        host = cell["host"].lower()
        if host not in YES | NO:
            row_problems.append(("host", f"{cell['host']!r} is not yes or no."))

        problems.extend(Problem(number, column, message) for column, message in row_problems)
        if not row_problems:
            rows.append(Row(number, ods_code, cell["name"], care_setting, system, host in YES))

    if len(lines) < 2 or not any(any(v.strip() for v in values) for values in lines[1:]):
        problems.append(Problem(None, None, "The file has a header row but no organisations."))
    problems.extend(_cross_row_problems(rows))
    problems.sort(key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column else -1))
    return rows, problems


def _cross_row_problems(rows: list[Row]) -> list[Problem]:
    problems = []
    first_row: dict[str, Row] = {}
    seen_pairs: dict[tuple[str, str], int] = {}
    hosts: dict[str, list[int]] = {}
    for row in rows:
        pair = (row.ods_code, row.system.ods_code)
        if pair in seen_pairs:
            problems.append(
                Problem(
                    row.number,
                    "ods_code",
                    (
                        f"{row.ods_code} is already listed in {row.system.ods_code} on row "
                        f"{seen_pairs[pair]}."
                    ),
                )
            )
            continue
        seen_pairs[pair] = row.number
        first = first_row.setdefault(row.ods_code, row)
        if row.name != first.name:
            problems.append(
                Problem(
                    row.number,
                    "name",
                    (
                        f"{row.ods_code} is named {first.name!r} on row {first.number}; "
                        "use the same name on every row of an organisation."
                    ),
                )
            )
        if row.care_setting != first.care_setting:
            problems.append(
                Problem(
                    row.number,
                    "care_setting",
                    (
                        f"{row.ods_code} has the care setting {first.care_setting} on row "
                        f"{first.number}; use the same care setting on every row of an organisation."
                    ),
                )
            )
        hosts.setdefault(row.ods_code, [])
        if row.host:
            hosts[row.ods_code].append(row.number)
    for ods_code, host_rows in hosts.items():
        if not host_rows:
            first = first_row[ods_code]
            problems.append(
                Problem(
                    first.number,
                    "host",
                    (
                        f"{ods_code} has no host system: put yes in the host column of one of its rows."
                    ),
                )
            )
        for extra in host_rows[1:]:
            problems.append(
                Problem(
                    extra,
                    "host",
                    (
                        f"{ods_code} already has a host system on row {host_rows[0]}: "
                        "an organisation has only one."
                    ),
                )
            )
    return problems


def validate_organisations_file(data: bytes) -> list[Problem]:
    """Every problem with the file, without writing anything."""
    return parse_organisations_file(data)[1]
