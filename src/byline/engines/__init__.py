"""Engines fan analysis out over processes or machines; every engine calls the same
:func:`byline.analyze.analyze_many` on the same reader output."""
