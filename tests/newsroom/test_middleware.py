import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/preview/%00/", "/tag/a%00b/", "/?page=%00", "/admin/articles/article/?q=%00"],
)
def test_nul_characters_get_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.text or "空字符" in response.text


def test_nul_in_a_posted_field_is_refused(client):
    response = client.post("/admin/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400


def test_ordinary_requests_pass(client):
    assert client.get("/", {"q": "植树"}).status_code == 200
