"""The faces' drawing: one Jinja environment and its templates (jinja.py, templates/), one chart
kit (charts.py, choropleth.py), one palette (palette.py, grades.py) and one writer of results
(output.py), used by the web app, the command line, the annual report (annual.py) and the
readiness report (readiness.py). Nothing here computes a figure."""
