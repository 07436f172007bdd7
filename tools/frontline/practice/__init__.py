"""Practice widgets for the course modules: the time-limit drill and self-check quizzes.

Each concept has its own module: a loader for the data file (errors name file and
line), a pure core that decides right or wrong, and a thin ipywidgets view.
"""
