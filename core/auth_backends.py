"""The only way in is allauth's: an emailed code, then (staff) a second factor.

`NoPasswordBackend` loads the signed-in person for each request and answers permission checks
(as Django's ModelBackend does), but never authenticates anyone by a password: not at
`/admin/login/`, not through `django.contrib.auth.authenticate`, not with a password set from
an old reset link. It is a subclass of allauth's backend so that allauth logs people in with it.
"""

from allauth.account.auth_backends import AuthenticationBackend


class NoPasswordBackend(AuthenticationBackend):
    def authenticate(self, request, **credentials):
        return None
