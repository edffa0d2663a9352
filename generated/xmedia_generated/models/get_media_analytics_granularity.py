from enum import StrEnum


class GetMediaAnalyticsGranularity(StrEnum):
    DAILY = "daily"
    HOURLY = "hourly"
    TOTAL = "total"

    def __str__(self) -> str:
        return str(self.value)
