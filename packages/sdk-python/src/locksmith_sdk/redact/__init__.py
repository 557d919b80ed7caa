"""Masking loaded values out of text, and a logging filter that does it for every record."""
