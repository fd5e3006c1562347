"""Full-text search of posts (the question list's `q`), in the SEARCH_LANGUAGE text-search configuration.

Building a text's document (`to_tsvector`) costs about 20 µs, so each post stores its own: the API writes it with
the post, and `manage.py search_documents` builds those of the rows the bulk loaders insert (the import and the
seed leave them out, to load at full speed). A search builds a missing document as it goes: results never depend
on whether documents are stored, only speed does. A change of SEARCH_LANGUAGE takes
`manage.py search_documents --rebuild`.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db.models import Value


def search_document(text: str) -> SearchVector:
    """The document a new post stores, as an expression its INSERT computes."""
    return SearchVector(Value(text), config=settings.SEARCH_LANGUAGE)


def document_sql(alias: str) -> str:
    """SQL of the document of the post aliased `alias`: the stored one, or one built now (`%(language)s`)."""
    return f"COALESCE({alias}.search_document, to_tsvector(%(language)s::regconfig, {alias}.body))"
