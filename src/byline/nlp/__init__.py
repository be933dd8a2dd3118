"""Language analysis over a parsed spaCy ``Doc``: attributions, speakers and entities, timexes."""
