from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from larlabb.core.models import OutgoingEmail
from larlabb.core.tasks import send_outgoing


class Command(BaseCommand):
    help = "Send every stored email that has not been sent yet (recovery after a failure)."

    def handle(self, *args, **options):
        sent = 0
        for email in OutgoingEmail.objects.filter(sent_at__isnull=True).order_by("pk"):
            try:
                sent += send_outgoing(email)
            except Exception as error:
                self.stderr.write(f"{email.to}: {error}")
        self.stdout.write(
            ngettext("%(count)d email sent.", "%(count)d emails sent.", sent) % {"count": sent}
        )
