"""Instructor tools behind the `course` command: release, trusted grading, nbgrader export.

Modules: `sets` (exercise sets and questions read from the notebooks), `runner` (rebuild and
run one submission in a fresh kernel), `values` and `capture` (answers out of the kernel as
plain data), `gradebook` (judging, CSV, feedback files), `release` (the student copy),
`nbgrader` (export) and `cli` (the command). Guide: docs/instructors.md.
Importing this package is cheap: the modules are imported on use.
"""
