"""Writes of the directory: listings and where postcodes are."""

from .listings import (
    NotFundedYet,
    listing_approve,
    listing_ask_for_changes,
    listing_count_view,
    listing_hide,
    listing_save,
    listing_send_for_check,
    listing_show_again,
    listing_start,
    listing_start_again,
    listing_withdraw,
)
from .locations import place, point_of, postcode_points_load
from .upkeep import (
    listing_confirm,
    listing_keep_after_cancelled_grant,
    listing_take_down_after_cancelled_grant,
    listings_run_daily,
)

__all__ = [
    "NotFundedYet",
    "listing_approve",
    "listing_confirm",
    "listing_keep_after_cancelled_grant",
    "listings_run_daily",
    "listing_take_down_after_cancelled_grant",
    "listing_ask_for_changes",
    "listing_count_view",
    "listing_hide",
    "postcode_points_load",
    "place",
    "point_of",
    "listing_save",
    "listing_send_for_check",
    "listing_show_again",
    "listing_start_again",
    "listing_start",
    "listing_withdraw",
]
