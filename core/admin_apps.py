"""Django's admin app, with Seedbed's admin site (`core.admin_site`) as its default site."""

from django.contrib.admin.apps import AdminConfig


class SeedbedAdminConfig(AdminConfig):
    default_site = "core.admin_site.SeedbedAdminSite"
