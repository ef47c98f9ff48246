"""Hook every event loop the program runs, without the program changing.

Every asyncio event loop announces itself when it starts and stops running through
``asyncio.events._set_running_loop(loop)`` / ``_set_running_loop(None)``: ``BaseEventLoop.
run_forever`` does (so ``asyncio.run``, ``asyncio.Runner``, ``run_until_complete`` and hand-made
loops in any thread), and so does uvloop, which looks the function up in ``asyncio`` when it is
imported. We wrap that one function while at least one sampler is open; the wrapper runs twice
per ``run_forever`` call and never per iteration. A uvloop imported before the wrap is caught by
wrapping ``uvloop.Loop.run_forever`` as well.
"""

from __future__ import annotations

import asyncio
import asyncio.events as _events
import sys
import threading
from typing TYPE_CHECKING, Any, Callable
