"""What the panels app tells other apps, without importing them: apps that care connect a
receiver in their own `AppConfig.ready()` (the voting app does, so a conflict declared during
the vote reaches the ballot too). Both are sent inside the transaction that made the change,
so a receiver's work stands or falls with it."""

from django.dispatch import Signal

#: A panel member now has a link to an application's group, declared by them or recorded by an
#: officer. Keyword arguments: member, application, by.
link_declared = Signal()

#: A panel member stepped down (or was stepped down). Keyword arguments: member, by.
member_left = Signal()
