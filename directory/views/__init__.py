"""The directory's pages: the group's (group.py), the officers' (staff.py), the public
"What's on" pages (public.py) and the Open Referral UK feed (feed.py)."""
