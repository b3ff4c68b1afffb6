"""Discover: pure; listing, feed and seed bytes -> article URLs to fetch."""
