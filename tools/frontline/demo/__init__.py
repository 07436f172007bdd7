"""`frontline demo` and the simulated trainees it (and the tests) use.
"""
