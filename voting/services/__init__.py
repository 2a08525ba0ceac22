"""What the voting app does, for its pages, its commands and other code.

- `ballots`: the vote, who may vote on what, casting and changing a secret ballot, receipts.
- `decision`: closing and counting with `voting.core`, left-over money, the decision.
- `pabulib`: a round's vote as a Pabulib `.pb` file (only after close), and recounting files.
"""
