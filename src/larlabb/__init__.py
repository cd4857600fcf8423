"""Lärlabb: a platform for learning labs on sustainable regional development."""
