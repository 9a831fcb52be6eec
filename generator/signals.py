"""Every signal the portal sends, declared in one place (as Pelican does in pelican/plugins/signals.py).

Feature plugins (evaluation, search …) connect to these; the core plugin sends them.
"""

from blinker import signal

#: After the Portal is derived, before any page is written. sender: Portal.
portal_derived = signal("portal_derived")

#: While a department page's context is built. sender: Portal; kwargs: department, context (dict).
#: Receivers add keys to ``context`` and may append template names to ``context["sections"]``;
#: each such template is included on the department page, in order, with the same context.
department_context = signal("portal_department_context")

#: After the core pages are written, to write a feature's own pages.
#: sender: Portal; kwargs: writer (callable(template_name, save_as, **context)), settings.
write_pages = signal("portal_write_pages")

#: Links for the main navigation. sender: Portal; kwargs: nav (list of (title, url) to append to).
navigation = signal("portal_navigation")
