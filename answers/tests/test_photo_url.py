"""The photo URL rule admits nothing Django's URLValidator would refuse (but for host names over 253 characters)."""

from urllib.parse import urlsplit

from django.core.validators import URLValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from answers.api.serializers import PHOTO_URL

validate_url = URLValidator(schemes=["http", "https"])


@settings(max_examples=100, deadline=None)
@given(
    st.from_regex(PHOTO_URL, fullmatch=True).filter(
        lambda url: len(urlsplit(url).hostname or "") <= 253 and len(url) <= 2048
    )
)
def test_every_url_the_photo_rule_admits_is_a_valid_url(url):
    validate_url(url)
