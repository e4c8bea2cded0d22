"""Talkbot: recall the conference talks your team saw, from the notes you took."""
