"""Test seams: run a client on a fake clock with instant, recorded or deterministic waits.

>>> from xmedia import XMedia
>>> from xmedia.testing import Runtime
>>> client = XMedia(auth, base_url=url, runtime=Runtime(clock=fake.now, sleep=fake.advance))
"""

from ._runtime import Runtime

__all__ = ["Runtime"]
