"""The monthly KPI appraisal of standard section 5, as data.

`inputs` reads the monthly KPI sheet and the spot-check results (every bad row
named by line, nothing half-read); `score` turns one trainee's month into points
with every number traced to its row; `ranking` lists the month's bottom and the
quarter's top, ties included; `score.kpi_ratings` hands the monthly score to the
appraisal component as a rating.
"""
