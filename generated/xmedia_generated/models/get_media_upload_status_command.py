from enum import StrEnum


class GetMediaUploadStatusCommand(StrEnum):
    STATUS = "STATUS"

    def __str__(self) -> str:
        return str(self.value)
