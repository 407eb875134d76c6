"""What every framework service shares: the refusal that lists a file's problems, and checksums."""

import hashlib

from config.errors import DomainError

from ..schema import Problem


class FrameworkImportError(DomainError):
    """A framework file was refused. `problems` lists everything wrong with it, in file order."""

    outcome = "was not imported"

    def __init__(self, filename: str, problems: list[Problem]):
        self.filename = filename
        self.problems = problems
        self.messages = [p.render(filename) for p in problems]
        count = len(problems)
        super().__init__(
            f"{filename} {self.outcome}: {count} problem{'s' if count != 1 else ''} found, "
            "nothing was written.\n" + "\n".join(self.messages)
        )


class FrameworkPublishError(FrameworkImportError):
    """A draft was not published: its content breaks a rule a file would be refused for."""

    outcome = "was not published"


def checksum(source: str | bytes) -> str:
    data = source.encode("utf-8") if isinstance(source, str) else source
    return hashlib.sha256(data).hexdigest()
