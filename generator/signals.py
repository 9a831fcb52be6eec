"""Every signal the portal sends, declared in one place (as Pelican does in pelican/plugins/signals.py).

Feature plugins (evaluation, search …) connect to these in their ``register()``; core and
the rendering plugin send them. This module imports nothing of the portal, so any layer may
send or receive.

Per-build state: the rendering signals carry ``features``, a dict made fresh for every
build. A feature keeps what it computed for the build under its own key there, never in a
module-level cache, so a second build in the same process (``make devserver``) starts clean.
"""

from blinker import signal

#: While content is validated, for a feature's own files and cross-record checks.
#: sender: Content. Each receiver returns a list of Problems (empty when all is well).
check_content = signal("portal_check_content")

#: After the Portal is derived, before any page is written.
#: sender: Portal; kwargs: features (the build's dict, see above).
portal_derived = signal("portal_derived")

#: While a department page's context is built. sender: Portal; kwargs: department, context
#: (dict), features. Receivers add keys to ``context`` and may append template names to
#: ``context["sections"]``; each is included on the department page, in order, with that context.
department_context = signal("portal_department_context")

#: While a case page's context is built. sender: Portal; kwargs: case (CaseView), context
#: (dict), features. Receivers add keys to ``context``; one may set
#: ``context["sanctions_section"]`` to a template that shows the case's sanctions in place of
#: the recorded list (the evaluation adds the ones the rules require but the case lacks).
case_context = signal("portal_case_context")

#: After the core pages are written, to write a feature's own pages. sender: Portal; kwargs:
#: writer (callable(template_name, save_as, **context)), settings, features.
write_pages = signal("portal_write_pages")

#: Links for the main navigation. sender: Portal; kwargs: nav (list of (title, url) to append
#: to), features.
navigation = signal("portal_navigation")
