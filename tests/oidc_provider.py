"""A small OpenID Connect provider for the tests: a real HTTP server on 127.0.0.1 with a
generated RSA key, speaking the authorization code flow (with PKCE) as a provider does.

The test chooses who signs in (:meth:`Provider.sign_in_as`) and may spoil the next sign-in
with ``provider.spoil``: an ID token signed with another key (``"other_key"``, or one the JWKS
does not name, ``"unknown_kid"``), for another audience (``"audience"``), expired
(``"expired"``) or from another issuer (``"issuer"``); userinfo about someone else
(``"userinfo"``); or no token at all (``"grant"``). It keeps track of its own sessions, so
that a test can see that signing out here ends the one there too.
"""

import base64
import functools
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "effectencalculator"
# Known to the test provider and the tests alone.
CLIENT_SECRET = "test-client-secret"  # nosec B105


@functools.cache
def key(name: str):
    """An RSA key per name, made once per test run: making one takes a good part of a second."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Provider:
    """Start with :meth:`start`, stop with :meth:`stop` (the fixture in test_oidc does both)."""

    def __init__(self, with_end_session: bool = True):
        self.key = key("provider")
        self.kid = "sleutel-1"
        self.with_end_session = with_end_session
        self.claims: dict = {}  # who signs in next, chosen by the test
        self.spoil = ""
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.sessions: set[str] = set()  # the subs with a session at the provider
        self.ended: list[str] = []
        self.requests: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))

    @property
    def issuer(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "Provider":
        # A short poll, so that stopping does not wait half a second.
        serve = functools.partial(self._server.serve_forever, poll_interval=0.02)
        threading.Thread(target=serve, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop answering (a test may call it early to see the provider unreachable)."""
        if self._server.socket.fileno() != -1:
            self._server.shutdown()
            self._server.server_close()

    def sign_in_as(self, sub: str, **claims) -> None:
        self.claims = {"sub": sub, **claims}

    def settings(self, **overrides) -> dict:
        """The Django settings that point the app at this provider."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_ISSUER": self.issuer,
            "AUTHENTICATION_BACKENDS": [
                "django.contrib.auth.backends.ModelBackend",
                "accounts.oidc.Backend",
            ],
            **overrides,
        }

    # --- what the endpoints hand out ---

    def discovery(self) -> dict:
        document = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }
        if self.with_end_session:
            document["end_session_endpoint"] = f"{self.issuer}/end_session"
        return document

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **grant["claims"],
        }
        signing_key, kid = self.key, self.kid
        if self.spoil == "other_key":
            signing_key = key("other")
        elif self.spoil == "unknown_kid":
            signing_key, kid = key("other"), "sleutel-onbekend"
        elif self.spoil == "audience":
            payload["aud"] = "een-andere-toepassing"
        elif self.spoil == "expired":
            payload["iat"], payload["exp"] = now - 7200, now - 3600
        elif self.spoil == "issuer":
            payload["iss"] = "http://127.0.0.1:1"
        return jwt.encode(payload, signing_key, algorithm="RS256", headers={"kid": kid})


def _pkce_matches(verifier: str, challenge: str) -> bool:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet in the test output
            pass

        def send(self, status: int, body=None, location: str = "") -> None:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            data = json.dumps(body).encode() if body is not None else b""
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            provider.requests.append(url.path)
            if url.path == "/.well-known/openid-configuration":
                return self.send(200, provider.discovery())
            if url.path == "/jwks":
                return self.send(200, provider.jwks())
            if url.path == "/authorize":
                return self.authorize(query)
            if url.path == "/userinfo":
                return self.userinfo()
            if url.path == "/end_session" and provider.with_end_session:
                return self.end_session(query)
            return self.send(404, {"error": "not_found"})

        def do_POST(self):
            provider.requests.append(self.path)
            if self.path != "/token":
                return self.send(404, {"error": "not_found"})
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            return self.token(form)

        def authorize(self, query):
            if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                return self.send(400, {"error": "invalid_request"})
            if "openid" not in query.get("scope", "").split():
                return self.send(400, {"error": "invalid_scope"})
            code = secrets.token_urlsafe(16)
            provider.codes[code] = {
                "claims": dict(provider.claims),
                "nonce": query.get("nonce"),
                "redirect_uri": query["redirect_uri"],
                "challenge": query.get("code_challenge"),
            }
            provider.sessions.add(provider.claims["sub"])
            back = urlencode({"code": code, "state": query["state"]})
            return self.send(302, location=f"{query['redirect_uri']}?{back}")

        def token(self, form):
            grant = provider.codes.pop(form.get("code", ""), None)  # a code works once
            if (
                grant is None
                or form.get("grant_type") != "authorization_code"
                or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET
                or form.get("redirect_uri") != grant["redirect_uri"]
                or provider.spoil == "grant"
            ):
                return self.send(400, {"error": "invalid_grant"})
            if grant["challenge"] and not _pkce_matches(
                form.get("code_verifier", ""), grant["challenge"]
            ):
                return self.send(400, {"error": "invalid_grant"})
            access_token = secrets.token_urlsafe(16)
            provider.access_tokens[access_token] = grant["claims"]
            return self.send(
                200,
                {
                    "access_token": access_token,
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.id_token(grant),
                },
            )

        def userinfo(self):
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            claims = provider.access_tokens.get(token)
            if claims is None:
                return self.send(401, {"error": "invalid_token"})
            if provider.spoil == "userinfo":
                claims = {**claims, "sub": "iemand-anders"}
            return self.send(200, claims)

        def end_session(self, query):
            try:
                hint = jwt.decode(
                    query.get("id_token_hint", ""),
                    provider.key.public_key(),
                    algorithms=["RS256"],
                    audience=CLIENT_ID,
                    # A hint may have expired: signing out comes long after signing in.
                    options={"verify_exp": False},
                )
            except jwt.PyJWTError:
                return self.send(400, {"error": "invalid_request"})
            provider.sessions.discard(hint["sub"])
            provider.ended.append(hint["sub"])
            return self.send(302, location=query.get("post_logout_redirect_uri", provider.issuer))

    return Handler
