import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from larlabb.audit.log import record
from larlabb.audit.models import Entry
from larlabb.transfer.importer import TransferError, import_file


class Command(BaseCommand):
    help = (
        "Load a lab that export_lab wrote into this Lärlabb as a new lab: new ids, people "
        "matched by email address or created, organisations, networks and goals matched by "
        "name and key. A file that is not a Lärlabb export, of another format version, changed "
        "since it was written, or whose lab address is taken here is refused, and nothing is "
        "written."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="a ZIP file written by export_lab")
        parser.add_argument("--slug", help="the new lab's address (default: the file's)")
        parser.add_argument(
            "--check",
            action="store_true",
            help="check that the file imports, then undo it (nothing is kept)",
        )

    def handle(self, *args, file: Path, slug: str | None, check: bool, **options) -> None:
        started = time.monotonic()
        try:
            with translation.override("en"), file.open("rb") as stream:
                lab = import_file(stream, slug=slug, check_only=check)
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}.") from None
        except TransferError as error:
            raise CommandError(f"Not imported: {error.message}") from None
        seconds = time.monotonic() - started
        if lab is None:
            self.stdout.write(f"{file} imports without errors ({seconds:.2f} s); nothing kept.")
            return
        record(
            actor=None,
            action=Entry.Action.LAB_IMPORTED,
            target=lab,
            lab=lab,
            detail={"file": file.name, "by": "manage.py import_lab"},
        )
        self.stdout.write(
            f"Imported “{lab.title}” in {seconds:.2f} s: {lab.get_absolute_url()} "
            f"(published: {'yes' if lab.is_published else 'no'})"
        )
