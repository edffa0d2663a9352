from enum import StrEnum


class InitializeMediaUploadRequestMediaType(StrEnum):
    IMAGE_BMP = "image/bmp"
    IMAGE_GIF = "image/gif"
    IMAGE_JPEG = "image/jpeg"
    IMAGE_PJPEG = "image/pjpeg"
    IMAGE_PNG = "image/png"
    IMAGE_TIFF = "image/tiff"
    IMAGE_WEBP = "image/webp"
    MODEL_GLTF_BINARY = "model/gltf-binary"
    MODEL_VND_USDZ_ZIP = "model/vnd.usdz+zip"
    TEXT_SRT = "text/srt"
    TEXT_VTT = "text/vtt"
    VIDEO_MP2T = "video/mp2t"
    VIDEO_MP4 = "video/mp4"
    VIDEO_QUICKTIME = "video/quicktime"
    VIDEO_WEBM = "video/webm"

    def __str__(self) -> str:
        return str(self.value)
