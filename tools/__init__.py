"""Generators of test equipment, not shipped with the package."""
