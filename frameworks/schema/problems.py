"""One thing wrong with a framework file: where in it, and what."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def render(self, filename: str) -> str:
        return (
            f"{filename}: {self.path}: {self.message}"
            if self.path
            else f"{filename}: {self.message}"
        )
