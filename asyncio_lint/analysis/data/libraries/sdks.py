"""API SDKs: the sync OpenAI / Azure OpenAI and Anthropic clients, Stripe, Slack, Twilio, Webex,
Rocket.Chat, Facebook Messenger; and questionary's terminal prompts.

The OpenAI, Anthropic and Stripe resource trees are generated (sdk_trees.py); a resource's name is
its access path from the client (``openai.OpenAI.chat.completions``), so a message names the call
as it is written: ``openai.OpenAI.chat.completions.create()``.
"""

from __future__ import annotations

from asyncio_lint.analysis.data.blocking import Blocking, ClassWide, class_wide, each, methods, same
from asyncio_lint.analysis.data.libraries.sdk_trees import (
    ANTHROPIC_ATTRIBUTES, ANTHROPIC_RESOURCES, OPENAI_ATTRIBUTES, OPENAI_RESOURCES, STRIPE_RESOURCE_MODULES,
    STRIPE_RESOURCES, STRIPE_SERVICE_ATTRIBUTES, STRIPE_SERVICES)
from asyncio_lint.analysis.data.library import Library

_OPENAI = "`openai.AsyncOpenAI` (the same call, awaited)"
_ANTHROPIC = "`anthropic.AsyncAnthropic` (the same call, awaited)"
_STRIPE = "the method's `_async` twin (the same call with `_async` appended to its name, awaited)"
_SLACK = "`slack_sdk.web.async_client.AsyncWebClient`"
_TWILIO = "the `*_async` twin (`await client.messages.create_async(...)` with `AsyncTwilioHttpClient`)"
_WRAPPERS = ("with_raw_response", "with_streaming_response")


def _tree(root: str, resources: dict[str, str], renamed: dict[str, str], fix: str) -> tuple[
        dict[str, Blocking], dict[str, str]]:
    """(calls, attributes) of a resource tree: ``root.a.b`` holds the resource ``root.a.b``; the
    raw- and streaming-response wrappers hold the resource they wrap (same methods, same children)."""
    calls: dict[str, Blocking] = {}
    attributes: dict[str, str] = {}
    entry = Blocking("http", fix)
    for path, names in resources.items():
        full = f"{root}.{path}"
        attributes[full] = full
        for wrapper in _WRAPPERS:
            attributes[f"{full}.{wrapper}"] = full
        for name in names.split():
            calls[f"{full}.{name}"] = entry
    for path, target in renamed.items():
        attributes[f"{root}.{path}"] = f"{root}.{target}"
    return calls, attributes


_OPENAI_CALLS, _OPENAI_ATTRIBUTES = _tree("openai.OpenAI", OPENAI_RESOURCES, OPENAI_ATTRIBUTES, _OPENAI)
OPENAI = Library(
    name="openai (sync `OpenAI` / `AzureOpenAI`)",
    checked="openai 3.57.0 and 1.109.1",
    calls={
        **_OPENAI_CALLS,
        # the client's raw request helpers: client.post("/path", cast_to=...)
        **methods("openai.OpenAI", "http", "get post patch put delete request get_api_list", _OPENAI),
        # openai<1.0's module API (removed in 1.0: it raises there)
        **each("http", "ChatCompletion.create Completion.create Embedding.create Moderation.create Image.create",
               "`openai.AsyncOpenAI` (or `acreate` on openai<1.0)", prefix="openai."),
    },
    attributes={**_OPENAI_ATTRIBUTES, **{f"openai.OpenAI.{w}": "openai.OpenAI" for w in _WRAPPERS}},
    returns={"openai.OpenAI": "openai.OpenAI", "openai.OpenAI.with_options": "openai.OpenAI",
             "openai.OpenAI.copy": "openai.OpenAI"},
    aliases={"openai.Client": "openai.OpenAI", "openai._client.OpenAI": "openai.OpenAI",
             "openai._client.Client": "openai.OpenAI", "openai.AzureOpenAI": "openai.OpenAI",
             "openai.lib.azure.AzureOpenAI": "openai.OpenAI", "openai.BedrockOpenAI": "openai.OpenAI",
             "openai.lib.bedrock.BedrockOpenAI": "openai.OpenAI"},
    # `import openai; openai.chat.completions.create(...)`: the module-level client
    module_instances={f"openai.{path}": f"openai.OpenAI.{path}" for path in OPENAI_RESOURCES if "." not in path},
    not_blocking=("openai.OpenAI", "openai.OpenAI.close", "openai.OpenAI.webhooks.unwrap",
                  "openai.OpenAI.webhooks.verify_signature", "openai.AsyncOpenAI"),
    async_alternatives="`openai.AsyncOpenAI`, `openai.AsyncAzureOpenAI`",
)

_ANTHROPIC_ROOTS = ("Anthropic", "AnthropicBedrock", "AnthropicVertex", "AnthropicBedrockMantle")
_ANTHROPIC_CALLS, _ANTHROPIC_ATTRIBUTES = _tree("anthropic", ANTHROPIC_RESOURCES, ANTHROPIC_ATTRIBUTES, _ANTHROPIC)
ANTHROPIC = Library(
    name="anthropic (sync `Anthropic`, Bedrock, Vertex)",
    checked="anthropic 2.15.0 and 0.125.0",
    calls={
        **_ANTHROPIC_CALLS,
        **{f"anthropic.{root}.{m}": Blocking("http", _ANTHROPIC)
           for root in _ANTHROPIC_ROOTS for m in ("get", "post", "patch", "put", "delete", "request", "get_api_list")},
        "anthropic.lib.tools.BetaToolRunner.until_done": Blocking("http", _ANTHROPIC),
    },
    iteration={"anthropic.lib.tools.BetaToolRunner": Blocking("http", _ANTHROPIC)},
    attributes={**_ANTHROPIC_ATTRIBUTES,
                **{f"anthropic.{root}.{w}": f"anthropic.{root}" for root in _ANTHROPIC_ROOTS for w in _WRAPPERS}},
    returns={
        **{f"anthropic.{root}": f"anthropic.{root}" for root in _ANTHROPIC_ROOTS},
        **{f"anthropic.{root}.{m}": f"anthropic.{root}" for root in _ANTHROPIC_ROOTS for m in ("with_options", "copy")},
        **{f"anthropic.{root}.beta.messages.tool_runner": "anthropic.lib.tools.BetaToolRunner"
           for root in ("Anthropic", "AnthropicBedrock", "AnthropicVertex")},
    },
    aliases={
        "anthropic.Client": "anthropic.Anthropic", "anthropic._client.Anthropic": "anthropic.Anthropic",
        # subclasses of Anthropic with the same resources
        "anthropic.AnthropicAWS": "anthropic.Anthropic", "anthropic.lib.aws.AnthropicAWS": "anthropic.Anthropic",
        "anthropic.AnthropicGoogleCloud": "anthropic.Anthropic", "anthropic.AnthropicFoundry": "anthropic.Anthropic",
        "anthropic.lib.foundry.AnthropicFoundry": "anthropic.Anthropic",
        "anthropic.lib.bedrock.AnthropicBedrock": "anthropic.AnthropicBedrock",
        "anthropic.lib.bedrock._client.AnthropicBedrock": "anthropic.AnthropicBedrock",
        "anthropic.lib.vertex.AnthropicVertex": "anthropic.AnthropicVertex",
        "anthropic.lib.vertex._client.AnthropicVertex": "anthropic.AnthropicVertex",
        "anthropic.lib.bedrock.AnthropicBedrockMantle": "anthropic.AnthropicBedrockMantle",
    },
    not_blocking=("anthropic.Anthropic", "anthropic.Anthropic.beta.messages.tool_runner",
                  "anthropic.Anthropic.beta.webhooks.unwrap", "anthropic.AsyncAnthropic"),
    async_alternatives="`anthropic.AsyncAnthropic`, `AsyncAnthropicBedrock`, `AsyncAnthropicVertex`",
)


def _stripe() -> Library:
    calls: dict[str, Blocking] = {}
    attributes: dict[str, str] = {}
    returns: dict[str, str] = {"stripe.StripeClient": "stripe.StripeClient"}
    entry = Blocking("http", _STRIPE)
    # StripeClient services: client.v1.customers.create(...)
    service_calls, service_attributes = _tree("stripe.StripeClient", STRIPE_SERVICES, STRIPE_SERVICE_ATTRIBUTES, _STRIPE)
    calls.update(service_calls)
    attributes.update({k: v for k, v in service_attributes.items() if not k.endswith(_WRAPPERS)})
    # module-level resources: stripe.Customer.create(...), customer.delete()
    for cls, names in STRIPE_RESOURCES.items():
        full = f"stripe.{cls}"
        for name in names.split():
            # the fix names this method's own twin: `await stripe.Subscription.modify_async(...)`
            calls[f"{full}.{name}"] = Blocking("http", f"`await {full}.{name}_async(...)`")
            if name in ("create", "retrieve", "modify"):
                returns[f"{full}.{name}"] = full
            elif name in ("list", "search"):
                returns[f"{full}.{name}"] = "stripe.ListObject" if name == "list" else "stripe.SearchResultObject"
    for cls in ("stripe.ListObject", "stripe.SearchResultObject"):
        returns[f"{cls}.auto_paging_iter"] = "stripe._any_iterator.AnyIterator"
    calls.update({
        "stripe.StripeClient.raw_request": entry,
        **methods("stripe.OAuth", "http", "token deauthorize", _STRIPE),
    })
    return Library(
        name="stripe",
        checked="stripe 16.1.0",
        calls=calls,
        # auto_paging_iter() fetches the following pages as a plain `for` iterates it
        # (`async for` awaits them); iterating a ListObject walks the page already fetched.
        iteration={"stripe._any_iterator.AnyIterator": Blocking(
            "http", "`async for` over the `auto_paging_iter()` of the awaited `_async` listing",
            first_page_fetched=True)},
        attributes=attributes,
        returns=returns,
        aliases={**{f"stripe.{k}": f"stripe.{v}" for k, v in STRIPE_RESOURCE_MODULES.items()},
                 "stripe._stripe_client.StripeClient": "stripe.StripeClient",
                 "stripe._list_object.ListObject": "stripe.ListObject"},
        # Stripe objects are dicts: get()/update() are the dict's (services' update() does send)
        not_blocking=("stripe.Customer.get", "stripe.Customer.update", "stripe.Customer.construct_from",
                      "stripe.Webhook.construct_event", "stripe.Customer.create_async"),
        async_alternatives="the `*_async` methods (`await stripe.Customer.create_async(...)`, "
                           "`await client.v1.customers.create_async(...)`)",
    )


STRIPE = _stripe()

SLACK = Library(
    name="slack_sdk",
    checked="slack_sdk 3.48.0",
    calls={
        **methods("slack_sdk.WebhookClient", "http", "send send_dict",
                  "`slack_sdk.webhook.async_client.AsyncWebhookClient`"),
    },
    # WebClient's 353 API methods all go through api_call
    classes={"slack_sdk.WebClient": class_wide("http", _SLACK, "chat_stream validate_slack_signature")},
    returns=same("slack_sdk.WebClient", "slack_sdk.WebhookClient"),
    aliases={"slack_sdk.web.WebClient": "slack_sdk.WebClient", "slack_sdk.web.client.WebClient": "slack_sdk.WebClient",
             "slack_sdk.webhook.WebhookClient": "slack_sdk.WebhookClient",
             "slack_sdk.webhook.client.WebhookClient": "slack_sdk.WebhookClient"},
    not_blocking=("slack_sdk.WebClient.chat_stream", "slack_sdk.web.async_client.AsyncWebClient.chat_postMessage"),
    async_alternatives="`slack_sdk.web.async_client.AsyncWebClient`, `AsyncWebhookClient`",
)

# twilio 9.13.0 (rest/__init__.py, base/list_resource.py): the account shortcuts are list resources
_TWILIO_LISTS = ("addresses applications authorized_connect_apps available_phone_numbers balance calls conferences "
                 "connect_apps incoming_phone_numbers keys new_keys messages signing_keys new_signing_keys "
                 "notifications outgoing_caller_ids validation_requests queues recordings short_codes sip tokens "
                 "transcriptions usage")
TWILIO = Library(
    name="twilio",
    checked="twilio 9.13.0",
    classes={"twilio.ListResource": ClassWide(Blocking("http", _TWILIO), frozenset({"*_async", "get"}))},
    attributes={f"twilio.rest.Client.{name}": "twilio.ListResource" for name in _TWILIO_LISTS.split()},
    returns=same("twilio.rest.Client"),
    not_blocking=("twilio.ListResource.get", "twilio.ListResource.create_async"),
    async_alternatives="the `*_async` methods with `twilio.http.async_http_client.AsyncTwilioHttpClient`",
)

# webexteamssdk 1.7 (api/__init__.py): the client's attributes are API wrappers whose methods each
# make one request; their `list*` methods return a lazy GeneratorContainer that pages on iteration.
# A wrapper is named by its access path (`webexteamssdk.WebexTeamsAPI.messages`), as messages show it.
_WEBEX_APIS = ("access_tokens admin_audit_events attachment_actions events guest_issuer licenses memberships "
               "messages organizations people roles rooms room_tabs teams team_memberships webhooks recordings "
               "meetings meeting_templates meeting_invitees meeting_registrants")
_WEBEX = "`await asyncio.to_thread(...)` (webexteamssdk has no async client)"
WEBEX = Library(
    name="webexteamssdk",
    checked="webexteamssdk 1.7",
    classes={f"webexteamssdk.WebexTeamsAPI.{api}": ClassWide(Blocking("http", _WEBEX), frozenset({"list", "list_direct"}))
             for api in _WEBEX_APIS.split()},
    iteration={"webexteamssdk.generator_containers.GeneratorContainer": Blocking("http", _WEBEX)},
    attributes={f"webexteamssdk.WebexTeamsAPI.{api}": f"webexteamssdk.WebexTeamsAPI.{api}" for api in _WEBEX_APIS.split()},
    returns={**same("webexteamssdk.WebexTeamsAPI"),
             **{f"webexteamssdk.WebexTeamsAPI.{api}.{name}": "webexteamssdk.generator_containers.GeneratorContainer"
                for api in _WEBEX_APIS.split() for name in ("list", "list_direct")}},
    not_blocking=("webexteamssdk.WebexTeamsAPI.rooms.list",),
)

# rocketchat_API 3.7.1 (APISections/base.py): the constructor logs in when given a user, and every
# method is a REST call through requests.
_ROCKETCHAT = "`await asyncio.to_thread(...)` (rocketchat_API has no async client)"
ROCKETCHAT = Library(
    name="rocketchat_API",
    checked="rocketchat_API 3.7.1",
    calls={"rocketchat_API.rocketchat.RocketChat": Blocking("http", _ROCKETCHAT, only_if=("user", 0))},
    classes={"rocketchat_API.rocketchat.RocketChat": class_wide("http", _ROCKETCHAT)},
    returns=same("rocketchat_API.rocketchat.RocketChat"),
    aliases={"rocketchat_API.RocketChat": "rocketchat_API.rocketchat.RocketChat"},
)

# fbmessenger 6.0.0 (__init__.py): every MessengerClient method but two is a Graph API request
# through a requests.Session.
_FBMESSENGER = "`await asyncio.to_thread(...)` (fbmessenger has no async client)"
FBMESSENGER = Library(
    name="fbmessenger",
    checked="fbmessenger 6.0.0",
    classes={"fbmessenger.MessengerClient": class_wide("http", _FBMESSENGER, "auth_args generate_appsecret_proof")},
    returns=same("fbmessenger.MessengerClient"),
    not_blocking=("fbmessenger.MessengerClient.generate_appsecret_proof",),
)

# questionary 2.1.1 (question.py, form.py, prompt.py): `ask()` runs a prompt_toolkit application
# and waits for the user's answer, as `input()` does; `ask_async()` awaits it on the loop.
_QUESTIONARY = "`await question.ask_async()`"
_QUESTIONS = "text select confirm password checkbox autocomplete path rawselect press_any_key_to_continue"
QUESTIONARY = Library(
    name="questionary",
    checked="questionary 2.1.1",
    calls={
        **methods("questionary.Question", "input", "ask unsafe_ask", _QUESTIONARY),
        **methods("questionary.Form", "input", "ask unsafe_ask", "`await form.ask_async()`"),
        # (no async twin: each question of the list, built with its function, has `ask_async()`)
        **each("input", "prompt unsafe_prompt", "`await asyncio.to_thread(...)`", prefix="questionary."),
    },
    returns={**{f"questionary.{name}": "questionary.Question" for name in _QUESTIONS.split()},
             "questionary.form": "questionary.Form"},
    aliases={"questionary.question.Question": "questionary.Question", "questionary.form.Form": "questionary.Form"},
    not_blocking=("questionary.Question.ask_async", "questionary.Question.skip_if"),
    async_alternatives="`Question.ask_async()`, `Form.ask_async()`",
)

LIBRARIES = (OPENAI, ANTHROPIC, STRIPE, SLACK, TWILIO, WEBEX, ROCKETCHAT, FBMESSENGER, QUESTIONARY)
