from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from larlabb.actors.reference import load_actors
from larlabb.synergies.reference import load_goal_catalogues


class Command(BaseCommand):
    help = (
        "Load the reference data from shared/data: regions, agencies, Reglab, the two networks, "
        "the strategy's areas and the SDGs. Running it again updates, never duplicates."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data-dir", type=Path, default=None)

    def handle(self, *args, data_dir: Path | None = None, **options) -> None:
        data_dir = data_dir or settings.SHARED_DIR / "data"
        if not (data_dir / "regions.csv").exists():
            raise CommandError(f"No reference data in {data_dir}")
        actors = load_actors(data_dir)
        goals = load_goal_catalogues(data_dir)
        self.stdout.write(
            f"{actors['regions']} regions, {actors['agencies']} agencies, "
            f"{actors['networks']} networks, {goals['strategy-areas']} strategy areas, "
            f"{goals['sdgs']} SDGs"
        )
