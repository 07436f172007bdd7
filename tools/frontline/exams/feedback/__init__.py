"""Feedback pages for trainees after grading: theory and practical."""
