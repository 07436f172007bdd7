"""Item analysis for trainers: facility, discrimination, distractors.
"""
