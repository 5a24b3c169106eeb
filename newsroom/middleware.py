from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulCharactersMiddleware:
    """Refuse requests with NUL characters in the address or form fields.

    No text the newsroom stores or searches can hold them, and PostgreSQL
    refuses them with an error, so they get a clear 400 instead of a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or self._has_nul(request.GET):
            return self._refuse()
        if request.method == "POST" and self._has_nul(request.POST):
            return self._refuse()
        return self.get_response(request)

    @staticmethod
    def _has_nul(query_dict):
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in query_dict.lists()
        )

    @staticmethod
    def _refuse():
        return HttpResponseBadRequest(
            _("The request contains a NUL character, which no field accepts."),
            content_type="text/plain; charset=utf-8",
        )
