"""Send the queued emails whose next attempt has come."""

from django.core.management.base import BaseCommand, CommandError

from outbox.models import Message
from outbox.sending import send_due


class Command(BaseCommand):
    help = (
        "Send queued emails that are due (never sent, or failed and due again). "
        "Safe to run from several machines at once and on a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=500, help="Send at most this many."
        )

    def handle(self, *args, limit, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        sent = send_due(limit=limit)
        waiting = Message.objects.unsent().count()
        self.stdout.write(f"Sent {sent} email(s); {waiting} still unsent.")
