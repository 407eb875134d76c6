"""Small framework files for tests, built as data and written as YAML."""

import copy

import yaml

SETTINGS = [
    "acute",
    "mental_health",
    "community",
    "ambulance",
    "icb",
    "general_practice",
    "social_care",
]


def levels(prefix: str) -> list[dict]:
    return [
        {
            "level": n,
            "descriptor": f"{prefix} level {n} is true.",
            **(
                {"next_steps": f"Do the things that lead to {prefix} level {n + 1}."}
                if n < 5
                else {}
            ),
        }
        for n in range(1, 6)
    ]


def wordy_measure() -> dict:
    """A measure "Wordy measure" of one question, "wordy-q", whose level descriptors run to a
    paragraph and a list: "Level N practice is in place.", then "This means:" and two items."""
    levels = [
        {
            "level": n,
            "descriptor": f"Level {n} practice is in place.\n\nThis means:\n\n- staff know it\n"
            "- the board reviews it",
            **({"next_steps": "Keep going."} if n < 5 else {}),
        }
        for n in range(1, 6)
    ]
    return {
        "key": "wordy",
        "label": "Wordy measure",
        "weight": 1,
        "questions": [question("wordy-q", levels=levels)],
    }


def question(key: str, **fields) -> dict:
    return {
        "key": key,
        "text": f"How mature is {key}?",
        "guidance": f"Consider {key} carefully.",
        "weight": 1,
        "applies_to": list(SETTINGS),
        "levels": levels(key),
        **fields,
    }


def document(version: str = "1.0.0", **fields) -> dict:
    return copy.deepcopy(
        {
            "format": "waymark-framework/1",
            "framework": {"key": "testfw", "name": "Test framework", "description": "For tests."},
            "version": version,
            "change_notes": "First version.",
            "measures": [
                {
                    "key": "well-led",
                    "label": "Well led",
                    "weight": 1,
                    "description": "Leadership.",
                    "themes": [{"key": "strategy", "label": "Strategy"}],
                    "questions": [
                        question("wl-strategy", theme="strategy"),
                        question("wl-board", weight=2, applies_to=["icb"]),
                    ],
                },
                {
                    "key": "foundations",
                    "label": "Ensure smart foundations",
                    "weight": 1.5,
                    "questions": [question("sf-network"), question("sf-cyber", weight=0.5)],
                },
            ],
            **fields,
        }
    )


def dump(doc: dict) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
