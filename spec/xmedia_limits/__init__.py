"""X's documented media limits as data, each row with its source.

One table read by both the wrapper's pre-flight (``xmedia``) and the bundled mock (``xmedia_mock``),
so the client never lets through what the mock refuses, or the other way round. This package
imports nothing of the project: it sits under both (see docs/architecture.md).
"""
