"""Answers X gives that its schema alone does not say: each test names X's page or the report."""

from __future__ import annotations

import base64
import json

import pytest
from xmedia_mock.testing import GIF_HEAD, PNG_HEAD, USER, Mock, fake_mp4, make_mock

UPLOAD = "/2/media/upload"
UNENROLLED = {"Authorization": "Bearer mock-unenrolled-token"}
NO_CREDITS = {"Authorization": "Bearer mock-no-credits-token"}
PNG = PNG_HEAD + bytes(64)


# ---- one-shot upload body of X's documents 2.152-2.166 (and its upload page) ----------------
def test_oneshot_json_takes_media_type_shared_and_an_array_of_owners(mock: Mock) -> None:
    body = {
        "media": base64.b64encode(PNG).decode(),
        "media_category": "tweet_image",
        "media_type": "image/png",
        "shared": True,
        "additional_owners": ["2244994945", "6253282"],
    }
    response = mock.client.post(UPLOAD, json=body, headers=USER)
    assert response.status_code == 200, response.text
    media_id = response.json()["data"]["id"]
    upload = mock.state.get_upload(media_id)
    assert upload is not None
    assert upload.additional_owners == ("2244994945", "6253282")
    assert upload.media_type == "image/png"
    assert response.json()["data"]["image"]["image_type"] == "image/png"


def test_oneshot_multipart_takes_repeated_owner_fields_and_shared(mock: Mock) -> None:
    response = mock.client.post(
        UPLOAD,
        data={
            "media_category": "tweet_image",
            "media_type": "image/png",
            "shared": "false",
            "additional_owners": ["11", "12"],  # one form field per owner
        },
        files={"media": ("a.png", PNG, "image/png")},
        headers=USER,
    )
    assert response.status_code == 200, response.text
    upload = mock.state.get_upload(response.json()["data"]["id"])
    assert upload is not None and upload.additional_owners == ("11", "12")


def test_oneshot_still_takes_2167s_comma_separated_owners(mock: Mock) -> None:
    body = {
        "media": base64.b64encode(PNG).decode(),
        "media_category": "tweet_image",
        "additional_owners": "11,12",
    }
    response = mock.client.post(UPLOAD, json=body, headers=USER)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("extra", "parameter"),
    [
        ({"media_type": "image/avif"}, "media_type"),
        ({"shared": "maybe"}, "shared"),
        ({"additional_owners": ["x"]}, "additional_owners"),
        ({"additional_owners": ""}, "additional_owners"),
        ({"segment_index": 0}, "segment_index"),
    ],
)
def test_oneshot_refuses_bad_values_naming_the_field(
    mock: Mock, extra: dict[str, object], parameter: str
) -> None:
    body = {"media": base64.b64encode(PNG).decode(), "media_category": "tweet_image"} | extra
    response = mock.client.post(UPLOAD, json=body, headers=USER)
    assert response.status_code == 400
    assert parameter in response.json()["errors"][0]["parameters"]


@pytest.mark.parametrize("path", [UPLOAD, f"{UPLOAD}?command=INIT&media_type=video/mp4"])
def test_an_empty_additional_owners_in_the_query_is_refused(mock: Mock, path: str) -> None:
    body = {"media": base64.b64encode(PNG).decode(), "media_category": "tweet_image"}
    response = mock.client.post(path, params={"additional_owners": ""}, json=body, headers=USER)
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameters"] == {"additional_owners": [""]}


def test_oneshot_declared_type_that_the_bytes_contradict_is_refused(mock: Mock) -> None:
    body = {
        "media": base64.b64encode(GIF_HEAD + bytes(32)).decode(),
        "media_category": "tweet_image",
        "media_type": "image/png",
    }
    response = mock.client.post(UPLOAD, json=body, headers=USER)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "media type unrecognized."


# ---- STATUS on media without processing (reported: xdevplatform/xurl #18) -------------------
def test_status_of_an_image_is_xs_exact_bad_request(mock: Mock) -> None:
    media_id = mock.init(len(PNG), "image/png", "tweet_image")
    assert mock.append(media_id, 0, PNG).status_code == 200
    finalized = mock.finalize(media_id).json()["data"]
    assert "processing_info" not in finalized
    response = mock.status(media_id)
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": "BadRequest: Not found"}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }


def test_status_before_finalize_is_the_same_answer(mock: Mock) -> None:
    media_id = mock.init(10)
    assert mock.status(media_id).json()["errors"] == [{"message": "BadRequest: Not found"}]


# ---- 413 with an empty body (reported: trypostit/trypost #31) ---------------------------------
def test_oversized_append_is_413_with_an_empty_body() -> None:
    for mock in make_mock(chunk_limit=1000):
        media_id = mock.init(4000)
        response = mock.append(media_id, 0, fake_mp4(1001))
        assert response.status_code == 413
        assert response.content == b""
        assert "content-type" not in response.headers
        assert "x-rate-limit-limit" in response.headers
        json_append = mock.client.post(
            f"{UPLOAD}/{media_id}/append",
            json={"media": base64.b64encode(fake_mp4(1001)).decode(), "segment_index": 0},
            headers=USER,
        )
        assert (json_append.status_code, json_append.content) == (413, b"")


def test_an_edge_body_limit_refuses_a_full_5_mib_chunk_as_reported() -> None:
    mib = 1024 * 1024
    for mock in make_mock(edge_body_limit=5 * mib):
        media_id = mock.init(10 * mib)
        whole = mock.append(media_id, 0, fake_mp4(5 * mib))  # + the multipart envelope
        assert (whole.status_code, whole.content) == (413, b"")
        assert mock.append(media_id, 0, fake_mp4(5 * mib - 4096)).status_code == 200


# ---- client-forbidden and CreditsDepleted (response-codes page; reported bodies) -------------
@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("POST", f"{UPLOAD}/initialize", {"json": {"media_type": "video/mp4", "total_bytes": 1}}),
        ("GET", UPLOAD, {"params": {"command": "STATUS", "media_id": "1"}}),
        ("GET", "/2/media", {"params": {"media_keys": "3_1"}}),
        ("POST", UPLOAD, {"files": {"command": (None, "INIT")}}),
    ],
)
def test_an_app_not_in_a_project_gets_client_forbidden_everywhere(
    mock: Mock, method: str, path: str, kwargs: dict[str, object]
) -> None:
    response = mock.client.request(method, path, headers=UNENROLLED, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "https://api.twitter.com/2/problems/client-forbidden"
    assert body["title"] == "Client Forbidden"
    assert body["reason"] == "client-not-enrolled"
    assert body["registration_url"].startswith("https://")
    assert mock.state.uploads == {}


def test_an_account_without_credits_gets_402_as_application_json(mock: Mock) -> None:
    response = mock.client.post(
        f"{UPLOAD}/initialize",
        json={"media_type": "video/mp4", "total_bytes": 1},
        headers=NO_CREDITS,
    )
    assert response.status_code == 402
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert body["title"] == "CreditsDepleted"
    assert body["type"] == "https://api.twitter.com/2/problems/credits"
    assert str(body["account_id"]) in body["detail"]


# ---- FINALIZE's JSON body, if any, must be an object (reported: trypostit/trypost #202) -----
@pytest.mark.parametrize(("content", "status"), [(b"[]", 400), (b"{}", 200), (b"", 200)])
def test_finalize_json_body(mock: Mock, content: bytes, status: int) -> None:
    media_id = mock.init(len(PNG), "image/png", "tweet_image")
    mock.append(media_id, 0, PNG)
    response = mock.client.post(
        f"{UPLOAD}/{media_id}/finalize",
        content=content,
        headers=USER | {"Content-Type": "application/json"},
    )
    assert response.status_code == status, response.text
    if status == 400:
        assert response.json()["errors"][0]["message"] == "Request body must be a JSON object."


def test_invalid_json_gets_xs_message(mock: Mock) -> None:
    response = mock.client.post(
        f"{UPLOAD}/initialize",
        content=b"{oops",
        headers=USER | {"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Request body is not valid JSON."


# ---- expiry: the quickstart's amplify_video example ------------------------------------------
def test_amplify_video_lives_1295999_s_until_finalize_then_86400(mock: Mock) -> None:
    video = fake_mp4(64)
    init = mock.client.post(
        f"{UPLOAD}/initialize",
        json={"media_type": "video/mp4", "total_bytes": 64, "media_category": "amplify_video"},
        headers=USER,
    ).json()["data"]
    assert init["expires_after_secs"] == 1295999
    media_id = init["id"]
    mock.append(media_id, 0, video)
    mock.clock.advance(200_000)  # past a day: still within the amplify window
    assert mock.finalize(media_id).json()["data"]["expires_after_secs"] == 86400
    mock.clock.advance(86400)
    assert mock.status(media_id).status_code == 400  # expired
