"""The desk in other tools: a spaCy pipeline component (`spacy_component`, needs the `spacy` extra) and Datasette
metadata for the claims database (`datasette`). Nothing in the extraction pipeline imports these modules."""
