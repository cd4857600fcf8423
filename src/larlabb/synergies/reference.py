"""Goal catalogues from the reference data: the strategy's four areas and the 17 SDGs."""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from larlabb.synergies.models import Catalogue, Goal

STRATEGY_SOURCE = "https://data.riksdagen.se/dokument/H803133.html"


@dataclass(frozen=True)
class GoalRow:
    code: str
    title: str
    title_en: str
    position: int


def read_strategy_areas(path: Path) -> list[GoalRow]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        GoalRow(area["id"], area["title_sv"], area["title_en"], index)
        for index, area in enumerate(data["areas"], start=1)
    ]


def read_sdgs(path: Path) -> list[GoalRow]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            GoalRow(f"SDG {row['number']}", row["name_sv"], row["name_en"], int(row["number"]))
            for row in csv.DictReader(file)
        ]


@transaction.atomic
def load_goal_catalogues(data_dir: Path) -> dict[str, int]:
    """Create or update the two reference catalogues; returns the number of goals of each."""
    catalogues = {
        "strategy-areas": (
            "Nationella strategins strategiska områden",
            "The national strategy's strategic areas",
            STRATEGY_SOURCE,
            read_strategy_areas(data_dir / "strategy.json"),
        ),
        "sdgs": (
            "Globala målen för hållbar utveckling",
            "The Sustainable Development Goals",
            "https://sdgs.un.org/goals",
            read_sdgs(data_dir / "sdgs.csv"),
        ),
    }
    counts = {}
    for key, (name, name_en, source, rows) in catalogues.items():
        catalogue, _ = Catalogue.objects.update_or_create(
            key=key, defaults={"name": name, "name_en": name_en, "source": source}
        )
        for row in rows:
            Goal.objects.update_or_create(
                catalogue=catalogue,
                code=row.code,
                defaults={"title": row.title, "title_en": row.title_en, "position": row.position},
            )
        counts[key] = len(rows)
    return counts
