from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """One email in the outbox, stored before it is sent.

    Emails are rendered in the request (or task) that causes them and stored in the same
    transaction as the change they report, then sent by a background task. ``key`` names the
    event an email reports for its recipient, so the same event never produces a second email,
    and ``sent_at`` is set once it has been handed to the mail server, so a restarted worker
    never sends it again.
    """

    key = models.CharField(_("event key"), max_length=200, unique=True)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("plain text"))
    html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["to", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
