from enum import StrEnum


class GetMediaAnalyticsMediaAnalyticsFieldsItem(StrEnum):
    CTA_URL_CLICKS = "cta_url_clicks"
    CTA_WATCH_CLICKS = "cta_watch_clicks"
    MEDIA_KEY = "media_key"
    PLAYBACK25 = "playback25"
    PLAYBACK50 = "playback50"
    PLAYBACK75 = "playback75"
    PLAYBACK_COMPLETE = "playback_complete"
    PLAYBACK_START = "playback_start"
    PLAY_FROM_TAP = "play_from_tap"
    TIMESTAMP = "timestamp"
    TIMESTAMPED_METRICS = "timestamped_metrics"
    VIDEO_VIEWS = "video_views"
    WATCH_TIME_MS = "watch_time_ms"

    def __str__(self) -> str:
        return str(self.value)
