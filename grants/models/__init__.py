"""Funders, rounds, groups, applications, the people who use Seedbed and their roles.

Every change of state of a round or an application is a named transition (django-fsm) whose
permission is answered by `core.permissions.can`, and each one leaves an audit record
(`core.audit`).
"""

from .applications import (
    Answer,
    Application,
    BudgetLine,
    Group,
    GroupContact,
    GroupMember,
    answer_upload_path,
)
from .equity import GroupEquityAnswers, Reply
from .people import Funder, OpenDataLicence, Role, User, UserManager
from .rounds import (
    Criterion,
    Question,
    Round,
    round_is_ready_to_open,
    round_ready_for_voting,
    round_ready_to_decide,
    round_screening_done,
)
from .states import ApplicationState, RoundState

__all__ = [
    "Answer",
    "Application",
    "ApplicationState",
    "BudgetLine",
    "Criterion",
    "Funder",
    "Group",
    "GroupContact",
    "GroupEquityAnswers",
    "GroupMember",
    "OpenDataLicence",
    "Question",
    "Reply",
    "Role",
    "Round",
    "RoundState",
    "User",
    "UserManager",
    "answer_upload_path",
    "round_is_ready_to_open",
    "round_ready_for_voting",
    "round_ready_to_decide",
    "round_screening_done",
]
