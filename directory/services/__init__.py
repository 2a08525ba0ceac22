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

__all__ = [
    "NotFundedYet",
    "approve",
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
