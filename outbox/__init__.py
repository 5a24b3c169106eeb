"""The outbox: every email the newsroom sends is first a row, then a message.

A notification is queued as ``Message`` rows inside the transaction of the
change it reports, and sent once that transaction commits. A send that fails
(no mail server, a timeout, a refused address) never fails the change: the
row stays queued and is tried again later, on a later request or by
``manage.py send_pending_mail``, and the admin lists what is still unsent.
No job runner is needed; one may run ``send_pending_mail`` on a timer.
"""
