"""The trainee portal on the hub: a Voilà page with exams, results and progress, no code.

`exams` reads nbgrader's exchange through nbgrader's own assignment-list manager
(what JupyterLab's Assignments tab runs), as the signed-in trainee; `view` is the
page (ipywidgets); `notebook` writes the one-cell notebook Voilà renders.
"""
