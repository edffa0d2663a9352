from enum import StrEnum


class CreateMediaSubtitlesRequestMediaCategory(StrEnum):
    AMPLIFYVIDEO = "AmplifyVideo"
    TWEETVIDEO = "TweetVideo"

    def __str__(self) -> str:
        return str(self.value)
