"""Backchannel: an offline timeline and source browser for diplomacy."""
