"""Demo content for the fictional 示例区: ``portal sample`` writes a deterministic content tree.

Not part of the product: no module of ``generator`` or ``search`` imports this package
(an import-linter contract checks it); it plugs its command into ``portal`` through the
``portal.commands`` entry point and uses the product's models only to write valid data.
"""
