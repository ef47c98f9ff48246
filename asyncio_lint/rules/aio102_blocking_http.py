from asyncio_lint.rules._blocking import THREAD_FIX_SAFETY, BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingHttp(BlockingCallRule):
    """
    ## What it does
    Flags a synchronous HTTP request inside a coroutine: requests, httpx's and httpx2's sync
    `Client` and module functions, urllib3's pools and managers (any request method), `urllib.request`,
    `http.client`, and the sync API clients that send one per call: boto3 / botocore clients and
    resources (their paginators as they are iterated), the sync `OpenAI` / `AzureOpenAI` and
    `Anthropic` clients (every resource method), Google Cloud storage / BigQuery / Pub/Sub, Slack's
    `WebClient`, Stripe, Twilio, Webex (`webexteamssdk`), Rocket.Chat (`rocketchat_API`, whose
    constructor logs in), Facebook Messenger (`fbmessenger`), Elasticsearch / OpenSearch.

    The receiver's type comes from its constructor or factory (`boto3.client("s3")`,
    `sessionmaker(...)()`), an annotation (`Optional[X]`, `X | None`, `Annotated[X, ...]`, a
    string, an import under `if TYPE_CHECKING:`, FastAPI's `db: Session = Depends(get_db)`),
    `with X() as v`, a `self.` attribute, a property or function of the file with a return
    annotation; a receiver of unknown type is never reported. An awaited method call is not
    reported (`await session.execute(...)`: the object is async, whatever its annotation says).
    The full list of what is caught is [docs/catalogue.md](catalogue.md).

    Differences from the peers: a name that the file never imports (`urlopen()` with no import)
    is not reported (flake8-async matches the spelling; the name may be the project's own). A
    module-level name bound again after the coroutine is defined (`client = httpx.Client()` and
    later `client: int = 4`) is ambiguous at run time, when the coroutine runs, and is not reported.

    ## Why is this bad?
    A synchronous HTTP call waits for the network with the thread held: every other task on the loop
    waits for the slowest server you talk to.

    ## Example
    ```python
    import requests

    async def fetch(url):
        return requests.get(url).json()
    ```

    ## Use instead
    ```python
    import httpx

    async def fetch(url):
        async with httpx.AsyncClient() as client:
            return (await client.get(url)).json()
    ```

    ## Fix safety
    """

    CODE = "AIO102"
    NAME = "blocking-http-call"
    CONFIDENCE = "certain"  # a network round trip, every time
    KIND = "http"
    FIX_SAFETY = THREAD_FIX_SAFETY
    FIX = 'an async HTTP client such as `aiohttp.ClientSession` or `httpx.AsyncClient`, or `await asyncio.to_thread(...)`'
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    VALID = [
        Valid('import asyncio, requests\nasync def f(url):\n    return await asyncio.to_thread(requests.get, url)\n'),
        Valid('import httpx\nasync def f(url):\n    async with httpx.AsyncClient() as c:\n        await c.get(url)\n'),
        Valid('import requests\nasync def f(url):\n    requests = None\n    requests.get(url)\n'),
        Valid('import redis.asyncio as redis\nasync def f():\n    r = redis.Redis()\n    await r.get("k")\n'),
    ]
    INVALID = [
        Invalid('import requests\nasync def f(url):\n    requests.get(url)  # expect: AIO102\n'),
        Invalid('from requests import Session\nasync def f(url):\n    Session().get(url)  # expect: AIO102\n'),
        Invalid('import requests\nclass C:\n    def __init__(self):\n        self.s = requests.Session()\n    async def f(self, url):\n        self.s.post(url)  # expect: AIO102\n'),
        Invalid('import urllib.request\nasync def f(url):\n    urllib.request.urlopen(url)  # expect: AIO102\n'),
    ]
