"""Metadata, subtitles, lookups and analytics on the same state as uploads."""

from __future__ import annotations

from typing import Any

from xmedia_mock.testing import APP, PNG_HEAD, USER, USER2, Mock, fake_mp4


def upload_png(mock: Mock) -> tuple[str, str]:
    media_id, final = mock.upload(PNG_HEAD, 1000, "image/png", "tweet_image")
    return media_id, final.json()["data"]["media_key"]


def test_alt_text_is_stored_and_shown_by_lookup(mock: Mock) -> None:
    media_id, key = upload_png(mock)
    body = {"id": media_id, "metadata": {"alt_text": {"text": "a small png"}}}
    response = mock.client.post("/2/media/metadata", json=body, headers=USER)
    assert response.status_code == 200
    assert response.json()["data"] == {"id": media_id, "associated_metadata": body["metadata"]}
    lookup = mock.client.get(
        f"/2/media/{key}", params={"media.fields": "alt_text,width,height,type"}, headers=USER
    )
    assert lookup.json()["data"] == {
        "media_key": key,
        "type": "photo",
        "alt_text": "a small png",
        "width": 256,
        "height": 128,
    }
    too_long = {"id": media_id, "metadata": {"alt_text": {"text": "x" * 1001}}}
    assert mock.client.post("/2/media/metadata", json=too_long, headers=USER).status_code == 400
    assert mock.client.post("/2/media/metadata", json=body, headers=USER2).status_code == 404


def test_subtitles_attach_and_delete(mock: Mock) -> None:
    video_id, _ = mock.upload(fake_mp4(100), 100)
    track_id, _ = mock.upload(
        b"WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", 100, "text/vtt", "subtitles"
    )
    body: dict[str, Any] = {
        "id": video_id,
        "media_category": "TweetVideo",
        "subtitles": {"id": track_id, "language_code": "EN", "display_name": "English"},
    }
    created = mock.client.post("/2/media/subtitles", json=body, headers=USER)
    assert created.status_code == 200, created.text
    assert created.json()["data"]["associated_subtitles"]["subtitles"][0]["language_code"] == "EN"
    delete = {"id": video_id, "media_category": "TweetVideo", "language_code": "EN"}
    assert mock.client.request(
        "DELETE", "/2/media/subtitles", json=delete, headers=USER
    ).json() == {"data": {"deleted": True}}
    again = mock.client.request("DELETE", "/2/media/subtitles", json=delete, headers=USER)
    assert again.json() == {"data": {"deleted": False}}
    bad_language = body | {"subtitles": body["subtitles"] | {"language_code": "english"}}
    assert (
        mock.client.post("/2/media/subtitles", json=bad_language, headers=USER).status_code == 400
    )


def test_lookup_many_returns_data_and_partial_errors(mock: Mock) -> None:
    _, key = upload_png(mock)
    missing = "7_1234"
    response = mock.client.get("/2/media", params={"media_keys": f"{key},{missing}"}, headers=APP)
    assert response.status_code == 200
    body = response.json()
    assert [m["media_key"] for m in body["data"]] == [key]
    assert body["errors"][0]["resource_id"] == missing
    assert body["errors"][0]["type"].endswith("/2/problems/resource-not-found")
    assert (
        mock.client.get("/2/media", params={"media_keys": "nope"}, headers=USER).status_code == 400
    )
    assert mock.client.get("/2/media", headers=USER).status_code == 400


def test_unfinalized_media_is_not_found_by_lookup(mock: Mock) -> None:
    media_id = mock.init(10)
    response = mock.client.get(f"/2/media/7_{media_id}", headers=USER)
    assert response.status_code == 200
    assert "data" not in response.json() and response.json()["errors"]


def test_analytics_for_own_media_only_and_user_context_only(mock: Mock) -> None:
    media_id, _ = mock.upload(fake_mp4(100), 100)
    video_key = f"7_{media_id}"
    params = {
        "media_keys": video_key,
        "start_time": "2026-01-01T00:00:00Z",
        "end_time": "2026-01-02T00:00:00Z",
        "granularity": "daily",
    }
    own = mock.client.get("/2/media/analytics", params=params, headers=USER)
    assert own.status_code == 200
    assert own.json()["data"][0]["media_key"] == video_key
    assert own.json()["data"][0]["timestamped_metrics"][0]["metrics"]["video_views"] == 0
    other = mock.client.get("/2/media/analytics", params=params, headers=USER2)
    assert "data" not in other.json() and other.json()["errors"]
    app_only = mock.client.get("/2/media/analytics", params=params, headers=APP)
    assert app_only.status_code == 403
    bad_time = mock.client.get(
        "/2/media/analytics", params=params | {"end_time": "soon"}, headers=USER
    )
    assert bad_time.status_code == 400
