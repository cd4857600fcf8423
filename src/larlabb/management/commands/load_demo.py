from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from larlabb.demo import DEMO_PASSWORD, PEOPLE, load_demo


class Command(BaseCommand):
    help = "Load the reference data and the demo lab of the seed invitation (idempotent)."

    def handle(self, *args, **options) -> None:
        call_command("load_reference_data", stdout=self.stdout)
        lab, created = load_demo(timezone.localdate())
        state = "loaded" if created else "already there, left as it is"
        self.stdout.write(f"Demo lab “{lab.title}” {state}: {lab.get_absolute_url()}")
        self.stdout.write("Demo logins:")
        for person in PEOPLE:
            how = f"password {DEMO_PASSWORD}" if person.password else "emailed login code"
            if person.password or person.role == "participant":
                self.stdout.write(f"  {person.role:<12} {person.email:<28} {how}")
