"""legdiff: what an ordinance codifies, adds and leaves out, and what changed between drafts.

The library API the command line is built on:

    from legdiff.pipeline import build_report, render_report, segment_file
"""

__version__ = "0.1.0"
