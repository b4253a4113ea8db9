"""Reports, timelines and charts: what analysts look at, and what cron sends every morning.

- ``timeline``: events in time order with their uncertainty interval drawn on a shared axis.
- ``definition``: report files (``reports/*.toml``) read and checked.
- ``runner``: run a report (saved queries + timeline), record the run, write the file atomically.
- ``markdown`` / ``html`` / ``svg``: the writers.
- ``chart``: plot a saved query in the terminal or to SVG/PNG.
"""
