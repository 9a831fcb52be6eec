"""The portal's Pelican theme; installed inside the package as generator.theme (package data)."""
