from enum import StrEnum


class MediaUploadMultipartRequestMediaCategory(StrEnum):
    DM_GIF = "dm_gif"
    DM_IMAGE = "dm_image"
    DM_VIDEO = "dm_video"
    SUBTITLES = "subtitles"
    TWEET_GIF = "tweet_gif"
    TWEET_IMAGE = "tweet_image"
    TWEET_VIDEO = "tweet_video"

    def __str__(self) -> str:
        return str(self.value)
