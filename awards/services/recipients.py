"""Who hears about an award: the group's people, the funder's officers."""

from grants.selectors import officer_emails as active_officer_emails


def group_emails(group):
    """Who hears about the group's award: its contact and its members (no duplicates)."""
    emails = [group.contact_email]
    emails += list(group.members.values_list("email", flat=True))
    seen, result = set(), []
    for email in emails:
        key = (email or "").strip().lower()
        if key and key not in seen:
            seen.add(key)
            result.append(email)
    return result


def officer_emails(funder):
    """Who hears about things the funder must answer: its officers (active accounts), or its
    contact address when it has no officers."""
    emails = active_officer_emails(funder)
    return emails or [funder.contact_email]
