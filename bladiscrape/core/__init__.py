"""Core: pure helpers every step shares, with no I/O: URLs, the one decoder, text folding, dates."""
