import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from larlabb.audit.log import record_export
from larlabb.labs.models import Lab
from larlabb.transfer.export import write_zip


class Command(BaseCommand):
    help = (
        "Write a lab with everything of it (workshops, registrations, live rooms, synergy maps, "
        "challenge-driven work, outcomes and their files) to a ZIP file that import_lab reads "
        "into another Lärlabb."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the lab's address, e.g. hallbar-utveckling")
        parser.add_argument("--output", type=Path, required=True, help="the ZIP file to write")

    def handle(self, *args, slug: str, output: Path, **options) -> None:
        lab = Lab.objects.filter(slug=slug).first()
        if lab is None:
            raise CommandError(f"There is no lab with the address {slug!r}.")
        started = time.monotonic()
        folder = output.resolve().parent
        # written beside the target and renamed, so a failed export leaves no half a file
        handle, partial = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".zip")
        try:
            with os.fdopen(handle, "wb") as stream:
                manifest = write_zip(lab, stream)
            os.replace(partial, output)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        rows = sum(manifest["rows"].values())
        record_export(actor=None, export="export_lab", fmt="zip", rows=rows, lab=lab, target=lab)
        self.stdout.write(
            f"Exported “{lab.title}”: {rows} rows, {len(manifest['files'])} files, "
            f"{output.stat().st_size} bytes in {time.monotonic() - started:.2f} s → {output}"
        )
