"""Lists cached before an import are forgotten once it commits, for small imports and big ones."""

import pytest

from management.legacy_import import caching
from management.tests.legacy_import_support import import_fixtures


@pytest.mark.parametrize("forget_each_up_to_rows", [caching.FORGET_EACH_UP_TO_ROWS, 0], ids=["each", "all cached"])
def test_lists_cached_before_the_import_show_the_imported_rows(
    api_client, tmp_path, db, settings, monkeypatch, django_capture_on_commit_callbacks, forget_each_up_to_rows
):
    settings.CACHE_ENABLED = True
    monkeypatch.setattr(caching, "FORGET_EACH_UP_TO_ROWS", forget_each_up_to_rows)
    assert api_client.get("/qa/questions", {"product_id": 1}).json()["results"] == []
    assert api_client.get("/qa/questions/3/answers").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        import_fixtures(tmp_path)

    assert len(api_client.get("/qa/questions", {"product_id": 1}).json()["results"]) == 3
    assert len(api_client.get("/qa/questions/3/answers").json()["results"]) == 2
