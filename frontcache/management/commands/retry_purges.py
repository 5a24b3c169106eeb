"""Send the front cache purges that failed before and are due again."""

from django.core.management.base import BaseCommand

from frontcache.models import PendingPurge
from frontcache.purging import retry_due


class Command(BaseCommand):
    help = (
        "Retry front cache purges that failed (Varnish or a CDN did not answer). "
        "Safe to run from several machines at once and on a timer."
    )

    def handle(self, *args, **options):
        done = retry_due(limit=10_000)
        waiting = PendingPurge.objects.count()
        self.stdout.write(f"Purged {done}; {waiting} still pending.")
