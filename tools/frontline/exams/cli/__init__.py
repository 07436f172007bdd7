"""`frontline exams ...`: argparse wiring over the library functions.
"""
