"""Readers turn input files into :class:`byline.model.Document` objects, one module per format.

Every reader yields ``Document`` or :class:`byline.model.ItemError` items: a bad item is an error
record, never an exception that stops the batch.
"""
