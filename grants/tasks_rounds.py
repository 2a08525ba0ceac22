"""Background work for rounds: closing rounds at their closing date.

A `db_worker` can run `close_due_rounds_task` on a schedule (or cron can run the
`close_due_rounds` management command); the first request after a closing date is the safety
net (see grants.middleware.CloseDueRoundsMiddleware).
"""

from django.tasks import task

from .services.rounds import close_due_rounds


@task
def close_due_rounds_task() -> int:
    return len(close_due_rounds())
