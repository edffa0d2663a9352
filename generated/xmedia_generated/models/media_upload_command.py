from enum import StrEnum


class MediaUploadCommand(StrEnum):
    APPEND = "APPEND"
    FINALIZE = "FINALIZE"
    INIT = "INIT"

    def __str__(self) -> str:
        return str(self.value)
