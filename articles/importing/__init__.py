"""The print import: turning the plain text of a printed page into articles.

``decoding`` reads a file's bytes as text, whatever the desk's encoding;
``parser`` (with ``datelines``) is a pure function from a page's text to the
stories it holds (``stories``); ``service`` creates their articles, one page
in one transaction, entering each into the workflow through its verb; the
admin's preview and the ``import_edition`` command are its two doors.
"""
