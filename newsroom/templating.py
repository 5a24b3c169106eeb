"""The Jinja2 backend of the public templates (templates/jinja2/).

Django's own backend with two differences. Context processors come first and
the view's context over them, as in Django templates: a view that passes its
own list of desks keeps it. And while a test client listens, each render is
announced with ``template_rendered``, as Django templates are under tests, so
tests read ``response.context`` and ``response.templates`` of Jinja2 pages.
Each render reads the request's language and time zone once
(newsroom/render_scope.py).
"""

from django.template.backends import jinja2 as django_jinja2
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.test.signals import template_rendered

from newsroom import render_scope


class Jinja2(django_jinja2.Jinja2):
    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)

    def get_template(self, template_name):
        template = super().get_template(template_name)
        return Template(template.template, self)


class Template(django_jinja2.Template):
    @property
    def name(self):
        return self.template.name

    def render(self, context=None, request=None):
        values = {}
        if request is not None:
            values["request"] = request
            values["csrf_input"] = csrf_input_lazy(request)
            values["csrf_token"] = csrf_token_lazy(request)
            for context_processor in self.backend.template_context_processors:
                values.update(context_processor(request))
        if context:
            values.update(context)
        if template_rendered.receivers:
            template_rendered.send(sender=self, template=self, context=values)
        with render_scope.fixed():
            return self.template.render(values)
