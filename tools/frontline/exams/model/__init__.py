"""An exam as data: questions, answers file, option shuffle, trainer file (the key),
blueprint.
"""
