"""Writes of the directory: listings and where postcodes are."""

from .listings import (
    NotFundedYet,
    approve,
    ask_for_changes,
    count_view,
    hide,
    save_listing,
    send_for_check,
    show_again,
    start_again,
    start_listing,
    withdraw,
)
from .locations import load_postcode_points, place, point_of
from .upkeep import (
    confirm,
    keep_after_cancelled_grant,
    run_daily,
    take_down_after_cancelled_grant,
)

__all__ = [
    "NotFundedYet",
    "approve",
    "confirm",
    "keep_after_cancelled_grant",
    "run_daily",
    "take_down_after_cancelled_grant",
    "ask_for_changes",
    "count_view",
    "hide",
    "load_postcode_points",
    "place",
    "point_of",
    "save_listing",
    "send_for_check",
    "show_again",
    "start_again",
    "start_listing",
    "withdraw",
]
