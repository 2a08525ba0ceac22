"""Business rules for funders, rounds, groups and applications, as small service functions."""
