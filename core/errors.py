"""The page shown when something breaks on the server: the site's own layout, a way back, and
nothing that could break again (no database, no signed-in person)."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader


def server_error(request, template_name="500.html"):
    template = loader.get_template(template_name)
    context = {"site_name": settings.SEEDBED["SITE_NAME"], "user": None}
    return HttpResponseServerError(template.render(context))
