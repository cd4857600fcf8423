from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from larlabb.actors.reference import load_actors
from larlabb.synergies.reference import load_goal_catalogues

REFERENCE_DATA = Path(__file__).resolve().parents[2] / "data" / "reference"


class Command(BaseCommand):
    help = (
        "Load the reference data that ships with Lärlabb (larlabb/data/reference): regions, "
        "agencies, Reglab, the two networks, the strategy's areas and the SDGs. Running it again "
        "updates, never duplicates."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=REFERENCE_DATA,
            help="a folder with the same files (default: the data in the package)",
        )

    def handle(self, *args, data_dir: Path, **options) -> None:
        if not (data_dir / "regions.csv").exists():
            raise CommandError(f"No reference data in {data_dir}")
        actors = load_actors(data_dir)
        goals = load_goal_catalogues(data_dir)
        self.stdout.write(
            f"{actors['regions']} regions, {actors['agencies']} agencies, "
            f"{actors['networks']} networks, {goals['strategy-areas']} strategy areas, "
            f"{goals['sdgs']} SDGs"
        )
