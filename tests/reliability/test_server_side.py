"""Server side: the mock refuses oversized APPENDs without buffering them (over a real socket),
and its ownership and OAuth 1.0a checks hold against the library's own signer.

Already covered by the mock's own tests, referenced rather than repeated (a test below fails if
they disappear):
- tests/mock/test_mock_validation.py: 413 over the limit, a streamed 64 MiB body stops being read
  after ~1 MiB, a declared huge Content-Length is refused before any read (all in-process), and
  Hypothesis-fuzzed malformed requests never get a 5xx;
- tests/mock/test_mock_auth.py: another user's media is 404 (APPEND, FINALIZE, STATUS), OAuth
  1.0a bad signature / unknown keys / tampered query / reused nonce / stale timestamp are 401;
- contract_tests/xmedia_contract/suite/test_operations.py: Schemathesis negative (invalid)
  requests per operation, no 5xx allowed.
"""

from __future__ import annotations

import ast
import select
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from xmedia import OAuth1User
from xmedia_mock import MockConfig, RunningServer, serve

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024
LIMIT = 1 * MiB
STREAMED = 256 * MiB
PIECE = 64 * 1024


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with serve(MockConfig(chunk_limit=LIMIT)) as running:
        yield running


def _new_media(server: RunningServer) -> str:
    response = httpx.post(
        f"{server.base_url}/2/media/upload/initialize",
        json={"media_type": "video/mp4", "total_bytes": 10},
        headers={"Authorization": "Bearer mock-user-token"},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["data"]["id"])


def _status_line(sock: socket.socket) -> bytes:
    received = b""
    sock.settimeout(30)
    while b"\r\n" not in received:
        try:
            data = sock.recv(4096)
        except (ConnectionResetError, TimeoutError):
            break
        if not data:
            break
        received += data
    return received.split(b"\r\n", 1)[0]


def test_oversized_streamed_append_gets_413_after_little_more_than_the_limit(
    server: RunningServer,
) -> None:
    """A chunked (no Content-Length) 256 MiB APPEND over TCP: the 413 arrives while the client is
    still sending, after little more than the 1 MiB limit (plus socket buffers) went out."""
    media_id = _new_media(server)
    preamble = (
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="segment_index"\r\n\r\n0\r\n'
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="media"; filename="b"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
    )
    head = (
        f"POST /2/media/upload/{media_id}/append HTTP/1.1\r\n"
        f"Host: {server.host}:{server.port}\r\n"
        "Authorization: Bearer mock-user-token\r\n"
        "Content-Type: multipart/form-data; boundary=BOUNDARY\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    piece = b"%x\r\n" % PIECE + b"\0" * PIECE + b"\r\n"
    sent = 0
    with socket.create_connection((server.host, server.port)) as sock:
        sock.sendall(head + b"%x\r\n" % len(preamble) + preamble + b"\r\n")
        while sent < STREAMED:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break  # the server answered: stop sending
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += PIECE
        status = _status_line(sock)
    print(f"413 after {sent / MiB:.1f} MiB sent of {STREAMED // MiB} MiB")
    assert status.startswith(b"HTTP/1.1 413"), status
    assert sent < 32 * MiB, f"{sent / MiB:.0f} MiB went out before the 413"
    # Nothing of the refused body is kept: no segment, no leftover incoming file.
    upload = server.state.get_upload(media_id)
    assert upload is not None and upload.segments == {}
    incoming = server.state.data_dir / "incoming"
    assert not incoming.exists() or list(incoming.iterdir()) == []


def test_declared_huge_content_length_gets_413_before_any_body_is_sent(
    server: RunningServer,
) -> None:
    media_id = _new_media(server)
    head = (
        f"POST /2/media/upload/{media_id}/append HTTP/1.1\r\n"
        f"Host: {server.host}:{server.port}\r\n"
        "Authorization: Bearer mock-user-token\r\n"
        "Content-Type: multipart/form-data; boundary=BOUNDARY\r\n"
        f"Content-Length: {64 * 1024 * MiB}\r\n\r\n"
    ).encode()
    with socket.create_connection((server.host, server.port)) as sock:
        sock.sendall(head)  # and not one byte of the 64 GiB body
        assert _status_line(sock).startswith(b"HTTP/1.1 413")


def test_a_replayed_oauth1_request_is_refused_over_the_wire(server: RunningServer) -> None:
    """The library's OAuth 1.0a signer, over a real socket: the first send is accepted, the same
    signed request sent again (same nonce and timestamp) is 401; another user's token is not
    let at user 1's media (404, like an unknown id)."""
    user = OAuth1User(
        "mock-consumer-key", "mock-consumer-secret", "1-mock-access-token",
        "mock-access-token-secret",
    )  # fmt: skip
    with httpx.Client(base_url=server.base_url) as client:
        body = {"media_type": "image/png", "total_bytes": 8}
        request = client.build_request("POST", "/2/media/upload/initialize", json=body)
        flow = user.httpx_auth().sync_auth_flow(request)
        signed = next(flow)
        first = client.send(signed)
        assert first.status_code == 200, first.text
        replay = client.build_request(
            "POST",
            "/2/media/upload/initialize",
            json=body,
            headers={"Authorization": signed.headers["Authorization"]},
        )
        assert client.send(replay).status_code == 401
        media_id = first.json()["data"]["id"]
        other = client.post(
            f"/2/media/upload/{media_id}/finalize",
            headers={"Authorization": "Bearer mock-user-token-2"},
        )
        assert other.status_code == 404


REFERENCED = {
    "tests/mock/test_mock_validation.py": [
        "test_append_over_chunk_limit_is_413",
        "test_oversized_append_is_refused_without_reading_the_whole_body",
        "test_declared_oversized_content_length_is_refused_before_any_read",
        "test_malformed_input_never_gets_a_5xx",
    ],
    "tests/mock/test_mock_auth.py": [
        "test_another_users_media_is_not_found",
        "test_oauth1_bad_signature_or_unknown_keys_get_401",
        "test_oauth1_tampered_query_gets_401",
        "test_oauth1_nonce_reuse_is_refused",
        "test_oauth1_stale_timestamp_is_refused",
    ],
    "contract_tests/xmedia_contract/suite/test_operations.py": ["test_negative"],
}


@pytest.mark.parametrize("path", sorted(REFERENCED))
def test_referenced_server_side_tests_still_exist(path: str) -> None:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    defined = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    assert set(REFERENCED[path]) <= defined, set(REFERENCED[path]) - defined
