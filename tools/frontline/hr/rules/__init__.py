"""Pure rules: cycles, score records, tiers, gates and decisions, and the cohort evaluation
that applies them.
"""
