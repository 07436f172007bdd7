"""Frontline: training and exams for customer-service teams, built on Jupyter."""

__version__ = "0.1.0"
