"""Side effects of account changes."""

from allauth.account.models import EmailAddress
from django.db.models.signals import post_save
from django.dispatch import receiver

from larlabb.accounts.models import User


@receiver(post_save, sender=User, dispatch_uid="accounts-email-address")
def record_email_address(sender, instance: User, created: bool, **kwargs) -> None:
    """Give every new user allauth's record of their address, so that a login by emailed code
    verifies it (people are often created by an organiser or a command, not by signing up)."""
    if created and not kwargs.get("raw"):
        EmailAddress.objects.get_or_create(
            user=instance, email=instance.email, defaults={"primary": True, "verified": False}
        )
