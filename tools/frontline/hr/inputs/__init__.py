"""Cohort inputs: nbgrader's gradebook, the roster, appraisal ratings and external scores,
each read strictly.
"""
