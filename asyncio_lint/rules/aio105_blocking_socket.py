from asyncio_lint.rules._blocking import THREAD_FIX_SAFETY, BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingSocket(BlockingCallRule):
    """
    ## What it does
    Flags blocking socket and DNS calls inside a coroutine: `socket.gethostbyname`, `getaddrinfo`,
    `create_connection`, `connect`/`recv`/`send`/`sendall`/`accept` on a socket object (unless the
    code shows it is non-blocking), and the sync clients of socket protocols: smtplib, imaplib,
    poplib, ftplib, paramiko (SSH and SFTP), fabric, kafka-python and confluent-kafka (their waiting
    calls), pika's `BlockingConnection`, paho-mqtt's blocking calls.

    Receivers are typed as for AIO102 (constructors, factories, annotations, `Depends()`,
    `self.` attributes); an unknown type is never reported, nor an awaited method call. The full
    list is [docs/catalogue.md](catalogue.md).

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

    """

    CODE = "AIO105"
    NAME = "blocking-socket"
    CONFIDENCE = "certain"
    KIND = "socket"
    FIX_SAFETY = THREAD_FIX_SAFETY
    FIX = "`await loop.getaddrinfo(...)` / `await asyncio.open_connection(...)` (or the loop's `sock_*` methods)"
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    VALID = [
        Valid('import asyncio\nasync def f(h):\n    return await asyncio.get_running_loop().getaddrinfo(h, 80)\n'),
        Valid('import asyncio, socket\nasync def f(h):\n    return await asyncio.to_thread(socket.gethostbyname, h)\n'),
        Valid('import socket\ndef f(h):\n    return socket.gethostbyname(h)\n'),
    ]
    INVALID = [
        Invalid('import socket\nasync def f(h):\n    return socket.gethostbyname(h)  # expect: AIO105\n'),
        Invalid('import socket\nasync def f(h):\n    s = socket.create_connection((h, 80))  # expect: AIO105\n    s.sendall(b"x")  # expect: AIO105\n'),
    ]
