"""Publish: Datasette over an archive, the only package that imports Datasette: app, plugin, templates."""
