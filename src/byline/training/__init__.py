"""Training of byline's attribution tagger (torch, transformers, onnx: the ``train`` extra).

Nothing here is imported by ``byline analyze``; inference lives in :mod:`byline.nlp.tagger`.
"""
