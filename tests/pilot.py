"""Helpers for Pilot-driven tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


async def until(pilot: Any, condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    """Let the app run until `condition()` holds (True) or `seconds` pass (False): no fixed sleeps."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()
