from django.core.management.base import BaseCommand

from larlabb.privacy.retention import purge_personal_data


class Command(BaseCommand):
    help = (
        "Delete or anonymise the personal data that is past its retention period "
        "(PRIVACY_EMAIL_RETENTION_DAYS, PRIVACY_LAB_RETENTION_MONTHS); safe to run any number "
        "of times. The hourly tick runs the same."
    )

    def handle(self, *args, **options) -> None:
        purged = purge_personal_data()
        self.stdout.write(
            f"{purged.emails} emails emptied; {purged.registrations} registrations and "
            f"{purged.guests} guests anonymised in {purged.labs} labs"
        )
