from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.media_upload_command import MediaUploadCommand
from ...models.media_upload_media_category import MediaUploadMediaCategory
from ...models.media_upload_multipart_request import MediaUploadMultipartRequest
from ...models.media_upload_response import MediaUploadResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: MediaUploadMultipartRequest | Unset = UNSET,
    command: MediaUploadCommand | Unset = UNSET,
    media_id: str | Unset = UNSET,
    total_bytes: int | Unset = UNSET,
    media_type: str | Unset = UNSET,
    media_category: MediaUploadMediaCategory | Unset = UNSET,
    additional_owners: list[str] | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_command: str | Unset = UNSET
    if not isinstance(command, Unset):
        json_command = command.value

    params["command"] = json_command

    params["media_id"] = media_id

    params["total_bytes"] = total_bytes

    params["media_type"] = media_type

    json_media_category: str | Unset = UNSET
    if not isinstance(media_category, Unset):
        json_media_category = media_category.value

    params["media_category"] = json_media_category

    json_additional_owners: list[str] | Unset = UNSET
    if not isinstance(additional_owners, Unset):
        json_additional_owners = additional_owners

    params["additional_owners"] = json_additional_owners

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}
    # X wants arrays comma-separated (explode: false), not as repeated parameters.
    params = {
        k: ",".join(str(item) for item in v) if isinstance(v, list) else v
        for k, v in params.items()
    }

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/2/media/upload",
        "params": params,
    }

    if not isinstance(body, Unset):
        _kwargs["files"] = body.to_multipart()

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | MediaUploadResponse | Problem:
    if response.status_code == 200:
        response_200 = MediaUploadResponse.from_dict(response.json())

        return response_200

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    response_default = Problem.from_dict(errors.problem_payload(response))

    return response_default


build_request = _get_kwargs
parse_response = _parse_response
RequestBody = MediaUploadMultipartRequest


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | MediaUploadResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: MediaUploadMultipartRequest | Unset = UNSET,
    command: MediaUploadCommand | Unset = UNSET,
    media_id: str | Unset = UNSET,
    total_bytes: int | Unset = UNSET,
    media_type: str | Unset = UNSET,
    media_category: MediaUploadMediaCategory | Unset = UNSET,
    additional_owners: list[str] | Unset = UNSET,
) -> Response[Any | MediaUploadResponse | Problem]:
    """Upload a media file and get back its identifiers, including a media_key. The media field carries the
    file content base64-encoded in JSON bodies (raw bytes in multipart bodies); media_category is
    tweet_image, tweet_video, or tweet_gif for posts and ads, dm_image/dm_video/dm_gif for DMs, or
    subtitles. For X Ads accounts, register the returned media_key via create_media_library_item to add
    it to the account's media library and use it in campaigns.

     Uploads a media file for use in posts or other content (one shot), or runs one step of the command-
    style chunked upload when `command` is given.

    Args:
        command (MediaUploadCommand | Unset):
        media_id (str | Unset): Unique identifier of a Media
        total_bytes (int | Unset):
        media_type (str | Unset):
        media_category (MediaUploadMediaCategory | Unset):
        additional_owners (list[str] | Unset):
        body (MediaUploadMultipartRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | MediaUploadResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        command=command,
        media_id=media_id,
        total_bytes=total_bytes,
        media_type=media_type,
        media_category=media_category,
        additional_owners=additional_owners,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: MediaUploadMultipartRequest | Unset = UNSET,
    command: MediaUploadCommand | Unset = UNSET,
    media_id: str | Unset = UNSET,
    total_bytes: int | Unset = UNSET,
    media_type: str | Unset = UNSET,
    media_category: MediaUploadMediaCategory | Unset = UNSET,
    additional_owners: list[str] | Unset = UNSET,
) -> Any | MediaUploadResponse | Problem | None:
    """Upload a media file and get back its identifiers, including a media_key. The media field carries the
    file content base64-encoded in JSON bodies (raw bytes in multipart bodies); media_category is
    tweet_image, tweet_video, or tweet_gif for posts and ads, dm_image/dm_video/dm_gif for DMs, or
    subtitles. For X Ads accounts, register the returned media_key via create_media_library_item to add
    it to the account's media library and use it in campaigns.

     Uploads a media file for use in posts or other content (one shot), or runs one step of the command-
    style chunked upload when `command` is given.

    Args:
        command (MediaUploadCommand | Unset):
        media_id (str | Unset): Unique identifier of a Media
        total_bytes (int | Unset):
        media_type (str | Unset):
        media_category (MediaUploadMediaCategory | Unset):
        additional_owners (list[str] | Unset):
        body (MediaUploadMultipartRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | MediaUploadResponse | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        command=command,
        media_id=media_id,
        total_bytes=total_bytes,
        media_type=media_type,
        media_category=media_category,
        additional_owners=additional_owners,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: MediaUploadMultipartRequest | Unset = UNSET,
    command: MediaUploadCommand | Unset = UNSET,
    media_id: str | Unset = UNSET,
    total_bytes: int | Unset = UNSET,
    media_type: str | Unset = UNSET,
    media_category: MediaUploadMediaCategory | Unset = UNSET,
    additional_owners: list[str] | Unset = UNSET,
) -> Response[Any | MediaUploadResponse | Problem]:
    """Upload a media file and get back its identifiers, including a media_key. The media field carries the
    file content base64-encoded in JSON bodies (raw bytes in multipart bodies); media_category is
    tweet_image, tweet_video, or tweet_gif for posts and ads, dm_image/dm_video/dm_gif for DMs, or
    subtitles. For X Ads accounts, register the returned media_key via create_media_library_item to add
    it to the account's media library and use it in campaigns.

     Uploads a media file for use in posts or other content (one shot), or runs one step of the command-
    style chunked upload when `command` is given.

    Args:
        command (MediaUploadCommand | Unset):
        media_id (str | Unset): Unique identifier of a Media
        total_bytes (int | Unset):
        media_type (str | Unset):
        media_category (MediaUploadMediaCategory | Unset):
        additional_owners (list[str] | Unset):
        body (MediaUploadMultipartRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | MediaUploadResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        command=command,
        media_id=media_id,
        total_bytes=total_bytes,
        media_type=media_type,
        media_category=media_category,
        additional_owners=additional_owners,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: MediaUploadMultipartRequest | Unset = UNSET,
    command: MediaUploadCommand | Unset = UNSET,
    media_id: str | Unset = UNSET,
    total_bytes: int | Unset = UNSET,
    media_type: str | Unset = UNSET,
    media_category: MediaUploadMediaCategory | Unset = UNSET,
    additional_owners: list[str] | Unset = UNSET,
) -> Any | MediaUploadResponse | Problem | None:
    """Upload a media file and get back its identifiers, including a media_key. The media field carries the
    file content base64-encoded in JSON bodies (raw bytes in multipart bodies); media_category is
    tweet_image, tweet_video, or tweet_gif for posts and ads, dm_image/dm_video/dm_gif for DMs, or
    subtitles. For X Ads accounts, register the returned media_key via create_media_library_item to add
    it to the account's media library and use it in campaigns.

     Uploads a media file for use in posts or other content (one shot), or runs one step of the command-
    style chunked upload when `command` is given.

    Args:
        command (MediaUploadCommand | Unset):
        media_id (str | Unset): Unique identifier of a Media
        total_bytes (int | Unset):
        media_type (str | Unset):
        media_category (MediaUploadMediaCategory | Unset):
        additional_owners (list[str] | Unset):
        body (MediaUploadMultipartRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | MediaUploadResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            command=command,
            media_id=media_id,
            total_bytes=total_bytes,
            media_type=media_type,
            media_category=media_category,
            additional_owners=additional_owners,
        )
    ).parsed
