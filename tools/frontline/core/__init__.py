"""What every part uses: bilingual text, errors that name file and line, atomic writes,
YAML and CSV reading, fonts, the course folder.
"""
