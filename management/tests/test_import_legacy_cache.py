"""Lists cached before an import are forgotten once it commits."""

from management.tests.legacy_import_support import import_fixtures


def test_a_product_list_cached_before_the_import_shows_the_imported_questions(
    api_client, tmp_path, db, settings, django_capture_on_commit_callbacks
):
    settings.CACHE_ENABLED = True
    assert api_client.get("/qa/questions", {"product_id": 1}).json()["results"] == []

    with django_capture_on_commit_callbacks(execute=True):
        import_fixtures(tmp_path)

    assert len(api_client.get("/qa/questions", {"product_id": 1}).json()["results"]) == 3
