"""What runs in the trainee's kernel: answer widgets, the autograder's record view, the
practical exam's session.
"""
