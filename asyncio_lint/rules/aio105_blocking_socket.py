from asyncio_lint.rules._blocking import BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingSocket(BlockingCallRule):
    """
    ## What it does
    Flags blocking socket and DNS calls (`socket.gethostbyname`, `getaddrinfo`, `create_connection`, and `connect`/`recv`/`sendall`/`accept` on a socket object) inside a coroutine.

    ## Why is this bad?
    DNS look-ups and blocking socket operations wait on the network with the thread held, so every
    other task stalls until the peer or the resolver answers.

    ## Example
    ```python
    import socket

    async def resolve(host):
        return socket.gethostbyname(host)
    ```

    ## Use instead
    ```python
    import asyncio

    async def resolve(host):
        loop = asyncio.get_running_loop()
        return await loop.getaddrinfo(host, None)
    ```

    ## Fix safety
    `socket.getaddrinfo(host, port)` and `socket.getnameinfo(sockaddr, flags)` become the
    loop's own resolver, `await asyncio.get_running_loop().getaddrinfo(host, port)` (unsafe: it
    runs the same lookup in the loop's default executor, whose threads it shares). Other calls get
    the thread fix.

    The fix runs the call in a worker thread: `f(a, b=c)` becomes
    `await asyncio.to_thread(f, a, b=c)` (`import asyncio` is added when missing). It is unsafe:
    the callee then runs in another thread while the loop goes on, so code that is not
    thread-safe, or an object bound to the thread that made it, can break; the arguments are
    still evaluated on the loop, as before. No fix is offered where `await` cannot go (a
    generator expression, a lambda) or where the name `asyncio` means something else.
    """

    CODE = "AIO105"
    NAME = "blocking-socket"
    KIND = "socket"
    FIX = "`await loop.getaddrinfo(...)` / `await asyncio.open_connection(...)` (or the loop's `sock_*` methods)"
    MESSAGE = "`{call}()` blocks the event loop; use {fix} instead"
    VALID = [
        Valid('import asyncio\nasync def f(h):\n    return await asyncio.get_running_loop().getaddrinfo(h, 80)\n'),
        Valid('import asyncio, socket\nasync def f(h):\n    return await asyncio.to_thread(socket.gethostbyname, h)\n'),
        Valid('import socket\ndef f(h):\n    return socket.gethostbyname(h)\n'),
    ]
    INVALID = [
        Invalid('import socket\nasync def f(h):\n    return socket.gethostbyname(h)  # expect: AIO105\n'),
        Invalid('import socket\nasync def f(h):\n    s = socket.create_connection((h, 80))  # expect: AIO105\n    s.sendall(b"x")  # expect: AIO105\n'),
    ]
