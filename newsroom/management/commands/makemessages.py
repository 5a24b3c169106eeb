"""makemessages that also reads the Jinja2 templates (templates/jinja2/).

Django's own command reads templates as Django templates, which Jinja2's
``{% trans %}`` blocks are not. This one leaves them out of that pass and
adds their strings with Jinja2's own extractor, under the same msgids as
before, to the catalogue of the project's locale/ directory; msguniq then
merges them with the strings found in the Python code.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages
from jinja2.ext import babel_extract

JINJA_DIR = Path("templates") / "jinja2"
GETTEXT_FUNCTIONS = ("_", "gettext", "ngettext", "pgettext", "npgettext")


def _quote(text):
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def jinja_messages(root):
    """Yield ``(path, line, msgid, msgid_plural)`` of each template string."""
    options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
    for path in sorted(root.rglob("*.html")):
        with path.open("rb") as template:
            found = babel_extract(template, GETTEXT_FUNCTIONS, [], options)
            for line, _function, message, _comments in found:
                strings = [message] if isinstance(message, str) else list(message)
                strings = [s for s in strings if s]
                if strings:
                    plural = strings[1] if len(strings) > 1 else None
                    yield path, line, strings[0], plural


def pot_entries(messages):
    entries = []
    for path, line, msgid, plural in messages:
        lines = [f"#: {path.as_posix()}:{line}"]
        if "%(" in msgid or (plural and "%(" in plural):
            lines.append("#, python-format")
        lines.append(f"msgid {_quote(msgid)}")
        if plural is None:
            lines.append('msgstr ""')
        else:
            lines += [f"msgid_plural {_quote(plural)}", 'msgstr[0] ""', 'msgstr[1] ""']
        entries.append("\n".join(lines))
    return entries


class Command(makemessages.Command):
    help = makemessages.Command.help + " Also reads the Jinja2 templates."

    def find_files(self, root):
        jinja = os.path.normpath(os.path.join(root, JINJA_DIR))
        return [
            found
            for found in super().find_files(root)
            if not os.path.normpath(found.path).startswith(jinja + os.sep)
        ]

    def process_files(self, file_list):
        super().process_files(file_list)
        if self.domain != "django":
            return
        potfile = Path(settings.BASE_DIR) / "locale" / f"{self.domain}.pot"
        if not potfile.exists():
            return
        entries = pot_entries(jinja_messages(JINJA_DIR))
        with potfile.open("a", encoding="utf-8") as pot:
            pot.write("\n" + "\n\n".join(entries) + "\n")
