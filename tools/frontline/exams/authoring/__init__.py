"""Trainer side before release: notebooks written from data, retakes, player's copies,
trainer-file checks.
"""
