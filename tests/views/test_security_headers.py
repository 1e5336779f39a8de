"""Every page carries a strict Content-Security-Policy and may not be framed."""

import pytest


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_with_a_nonce(client):
    response = client.get("/inloggen/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response.headers["X-Frame-Options"] == "DENY"
