"""A listing is public data the group agreed to: it is in the subject-access export, and
deleting a person removes them as a listing's contact (hiding a listing left with no contact)."""

from directory.models import Listing, ListingState
from grants.privacy import delete_user, export_personal_data
from tests.conftest import make_user


def test_the_export_holds_the_groups_listing(listed, applicant):
    data = export_personal_data(applicant)
    (listing,) = data["directory"]["directory_listings"]
    assert listing["name_people_see"] == "Tuesday Lunch Club"
    assert listing["when"] == ["Every Tuesday, 11am to 1pm"]


def test_deleting_the_contact_removes_them_and_hides_the_listing(listed, officer):
    contact = make_user("hello@lunchclub.example", "Riverside Community Trust")
    delete_user(contact, by=officer)
    listing = Listing.objects.get(pk=listed.pk)
    assert listing.contact_email == "" and listing.contact_name == ""
    assert listing.state == ListingState.HIDDEN
