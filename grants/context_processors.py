from django.conf import settings

from core.guards import is_staff_member

from .permissions import is_supporter


def seedbed(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "site_name": settings.SEEDBED["SITE_NAME"],
        "user_is_staff_member": signed_in and is_staff_member(user),
        "user_is_supporter": signed_in and is_supporter(user),
    }
