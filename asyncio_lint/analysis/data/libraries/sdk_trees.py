# ruff: noqa: E501  (generated data: long qualified names)
"""Generated: the resource trees of the sync OpenAI, Anthropic and Stripe clients (do not edit by
hand). Read from the released wheels (openai 3.57.0 and 1.109.1, anthropic 2.15.0 and 0.125.0,
stripe 16.1.0) by walking each client class's cached properties down to the resource classes
(``SyncAPIResource`` / ``StripeService``) and listing the public methods that send a request.
``with_raw_response`` / ``with_streaming_response`` wrappers have the same methods and sub-resources
as the resource they wrap (analysis/data/libraries/sdks.py maps them onto it)."""

from __future__ import annotations

# path under `openai.OpenAI` -> the methods that send a request
OPENAI_RESOURCES: dict[str, str] = {
    "admin": "",
    "admin.organization": "",
    "admin.organization.admin_api_keys": "create delete list retrieve",
    "admin.organization.audit_logs": "list",
    "admin.organization.certificates": "activate create deactivate delete list retrieve update",
    "admin.organization.data_retention": "retrieve update",
    "admin.organization.external_keys": "create delete list retrieve validate",
    "admin.organization.external_storage": "create delete list retrieve validate",
    "admin.organization.groups": "create delete list retrieve update",
    "admin.organization.groups.roles": "create delete list retrieve",
    "admin.organization.groups.users": "create delete list retrieve",
    "admin.organization.invites": "create delete list retrieve",
    "admin.organization.projects": "archive create list retrieve update",
    "admin.organization.projects.api_keys": "delete list retrieve update",
    "admin.organization.projects.certificates": "activate deactivate list",
    "admin.organization.projects.data_retention": "retrieve update",
    "admin.organization.projects.groups": "create delete list retrieve",
    "admin.organization.projects.groups.roles": "create delete list retrieve",
    "admin.organization.projects.hosted_tool_permissions": "retrieve update",
    "admin.organization.projects.model_permissions": "delete retrieve update",
    "admin.organization.projects.rate_limits": "list_rate_limits update_rate_limit",
    "admin.organization.projects.roles": "create delete list retrieve update",
    "admin.organization.projects.service_accounts": "create delete list retrieve update",
    "admin.organization.projects.service_accounts.api_keys": "create",
    "admin.organization.projects.service_tier_settings": "retrieve update",
    "admin.organization.projects.spend_alerts": "create delete list retrieve update",
    "admin.organization.projects.spend_limit": "delete retrieve update",
    "admin.organization.projects.users": "create delete list retrieve update",
    "admin.organization.projects.users.roles": "create delete list retrieve",
    "admin.organization.roles": "create delete list retrieve update",
    "admin.organization.spend_alerts": "create delete list retrieve update",
    "admin.organization.spend_limit": "delete retrieve update",
    "admin.organization.usage": (
        "audio_speeches audio_transcriptions code_interpreter_sessions completions costs decisions "
        "embeddings file_search_calls images moderations vector_stores web_search_calls"
    ),
    "admin.organization.users": "delete list retrieve update",
    "admin.organization.users.roles": "create delete list retrieve",
    "admin.organization.workload_identity_providers": "create delete list retrieve update",
    "admin.organization.workload_identity_providers.federation_rules": "create delete list retrieve update",
    "audio": "",
    "audio.speech": "create",
    "audio.transcriptions": "create",
    "audio.translations": "create",
    "audio.voice_consents": "create delete list retrieve update",
    "audio.voices": "create delete",
    "batches": "cancel create list retrieve",
    "beta": "",
    "beta.agents": "create delete list retrieve update",
    "beta.agents.automations": "create delete list pause resume retrieve update",
    "beta.agents.automations.invocations": "create list retrieve",
    "beta.agents.environments": "create list retrieve",
    "beta.agents.environments.files": "create list prepare prepare_directory upload",
    "beta.agents.environments.templates": "create delete list retrieve update",
    "beta.agents.sessions": "create delete list retrieve stream update",
    "beta.agents.sessions.artifacts": "content delete list retrieve",
    "beta.agents.sessions.events": "create stream",
    "beta.agents.sessions.items": "list",
    "beta.agents.sessions.subagents": "list retrieve",
    "beta.agents.sessions.subagents.items": "list",
    "beta.agents.sessions.subagents.turns": "list retrieve",
    "beta.agents.sessions.subagents.turns.items": "list",
    "beta.agents.sessions.traces": "list",
    "beta.agents.sessions.turns": "list retrieve",
    "beta.agents.sessions.turns.items": "list",
    "beta.agents.vaults": "create delete list retrieve update",
    "beta.agents.vaults.credentials": "create delete list retrieve update",
    "beta.assistants": "create delete list retrieve update",
    "beta.chatkit": "",
    "beta.chatkit.sessions": "cancel create",
    "beta.chatkit.threads": "delete list list_items retrieve",
    "beta.realtime": "connect",
    "beta.realtime.sessions": "create",
    "beta.realtime.transcription_sessions": "create",
    "beta.responses": "cancel compact connect create delete retrieve",
    "beta.responses.input_items": "list",
    "beta.responses.input_tokens": "count",
    "beta.threads": "create create_and_run create_and_run_poll create_and_run_stream delete retrieve update",
    "beta.threads.messages": "create delete list retrieve update",
    "beta.threads.runs": (
        "cancel create create_and_poll create_and_stream list poll retrieve stream "
        "submit_tool_outputs submit_tool_outputs_and_poll submit_tool_outputs_stream update"
    ),
    "beta.threads.runs.steps": "list retrieve",
    "chat": "",
    "chat.completions": "create delete list parse retrieve stream update",
    "chat.completions.messages": "list",
    "completions": "create",
    "containers": "create delete list retrieve",
    "containers.files": "create delete list retrieve",
    "containers.files.content": "retrieve",
    "content_provenance_checks": "create",
    "conversations": "create delete retrieve update",
    "conversations.items": "create delete list retrieve",
    "decisions": "create",
    "embeddings": "create",
    "evals": "create delete list retrieve update",
    "evals.runs": "cancel create delete list retrieve",
    "evals.runs.output_items": "list retrieve",
    "files": "content create delete list retrieve retrieve_content wait_for_processing",
    "fine_tuning": "",
    "fine_tuning.alpha": "",
    "fine_tuning.alpha.graders": "run validate",
    "fine_tuning.checkpoints": "",
    "fine_tuning.checkpoints.permissions": "create delete list retrieve",
    "fine_tuning.jobs": "cancel create list list_events pause resume retrieve",
    "fine_tuning.jobs.checkpoints": "list",
    "images": "create_variation edit generate",
    "live": "connect create",
    "live.forks": "connect",
    "live.sessions": "accept download_recording fork hangup refer reject",
    "live.sideband": "connect",
    "models": "delete list retrieve",
    "moderations": "create",
    "realtime": "connect",
    "realtime.calls": "accept create hangup refer reject",
    "realtime.client_secrets": "create",
    "realtime.translations": "connect",
    "realtime.translations.client_secrets": "create",
    "responses": "cancel compact connect create delete parse retrieve stream",
    "responses.input_items": "list",
    "responses.input_tokens": "count",
    "safety": "",
    "safety.alerts": "retrieve",
    "safety.cases": "retrieve",
    "skills": "create delete list retrieve update",
    "skills.content": "retrieve",
    "skills.versions": "create delete list retrieve",
    "skills.versions.content": "retrieve",
    "uploads": "cancel complete create upload_file_chunked",
    "uploads.parts": "create",
    "vector_stores": "create delete list retrieve search update",
    "vector_stores.file_batches": "cancel create create_and_poll list_files poll retrieve upload_and_poll",
    "vector_stores.files": "content create create_and_poll delete list poll retrieve update upload upload_and_poll",
    "videos": (
        "create create_and_poll create_character delete download_content edit extend get_character "
        "list poll remix retrieve"
    ),
    "webhooks": "create delete list retrieve rotate_secret test update",
    "webhooks.event_types": "list",
}

# attribute path -> the resource path it holds, where they differ
OPENAI_ATTRIBUTES: dict[str, str] = {
    "beta.chat": "chat",
}

# path under `anthropic.` (client class first) -> the methods that send a request
ANTHROPIC_RESOURCES: dict[str, str] = {
    "Anthropic.beta": "",
    "Anthropic.beta.agents": "archive create list retrieve update",
    "Anthropic.beta.agents.versions": "list",
    "Anthropic.beta.compliance": "",
    "Anthropic.beta.compliance.review": "",
    "Anthropic.beta.compliance.review.cases": "list respond retrieve",
    "Anthropic.beta.compliance.review.items": "retrieve",
    "Anthropic.beta.compliance.review.notices": "list",
    "Anthropic.beta.deployment_runs": "list retrieve",
    "Anthropic.beta.deployments": "archive create list pause retrieve run unpause update",
    "Anthropic.beta.dreams": "archive cancel create list retrieve",
    "Anthropic.beta.environments": "archive create delete list retrieve update",
    "Anthropic.beta.environments.work": "ack heartbeat list poll retrieve stats stop update",
    "Anthropic.beta.files": "delete download list retrieve_metadata upload",
    "Anthropic.beta.memory_stores": "archive create delete list retrieve update",
    "Anthropic.beta.memory_stores.memories": "create delete list retrieve update",
    "Anthropic.beta.memory_stores.memory_versions": "list redact retrieve",
    "Anthropic.beta.messages": "count_tokens create parse stream",
    "Anthropic.beta.messages.batches": "cancel create delete list results retrieve",
    "Anthropic.beta.models": "list retrieve",
    "Anthropic.beta.organization": "retrieve",
    "Anthropic.beta.organization.analytics": "",
    "Anthropic.beta.organization.analytics.apps": "",
    "Anthropic.beta.organization.analytics.apps.chat": "",
    "Anthropic.beta.organization.analytics.apps.chat.projects": "list",
    "Anthropic.beta.organization.analytics.artifacts": "list",
    "Anthropic.beta.organization.analytics.connectors": "list",
    "Anthropic.beta.organization.analytics.cost": "list",
    "Anthropic.beta.organization.analytics.cost_report": "list",
    "Anthropic.beta.organization.analytics.plugins": "list",
    "Anthropic.beta.organization.analytics.skills": "list",
    "Anthropic.beta.organization.analytics.summaries": "list",
    "Anthropic.beta.organization.analytics.usage": "list",
    "Anthropic.beta.organization.analytics.usage_report": "list",
    "Anthropic.beta.organization.analytics.user_cost_report": "list",
    "Anthropic.beta.organization.analytics.user_usage_report": "list",
    "Anthropic.beta.organization.analytics.users": "list",
    "Anthropic.beta.organization.api_keys": "list retrieve update",
    "Anthropic.beta.organization.claude_code": "",
    "Anthropic.beta.organization.claude_code.managed_settings": "",
    "Anthropic.beta.organization.claude_code.managed_settings.configuration": "retrieve update",
    "Anthropic.beta.organization.claude_code.managed_settings.rbac_group_default": "retrieve update",
    "Anthropic.beta.organization.claude_code.managed_settings.rbac_groups": "delete list retrieve set",
    "Anthropic.beta.organization.claude_tag": "",
    "Anthropic.beta.organization.claude_tag.bundles": "list retrieve update",
    "Anthropic.beta.organization.claude_tag.bundles.targets": "create delete list retrieve",
    "Anthropic.beta.organization.claude_tag.slack_channels": "create delete list retrieve update",
    "Anthropic.beta.organization.claude_tag.slack_workspaces": "list retrieve update",
    "Anthropic.beta.organization.compliance_settings": "retrieve update",
    "Anthropic.beta.organization.external_keys": "create delete list retrieve update validate",
    "Anthropic.beta.organization.external_storage": "activate create delete list retrieve update",
    "Anthropic.beta.organization.federation": "",
    "Anthropic.beta.organization.federation.issuers": "archive create list retrieve update",
    "Anthropic.beta.organization.federation.rules": "archive create list retrieve update",
    "Anthropic.beta.organization.federation.rules.workspaces": "add list remove",
    "Anthropic.beta.organization.invites": "create delete list retrieve",
    "Anthropic.beta.organization.plugin_marketplaces": "list retrieve update validate_archive validate_repository",
    "Anthropic.beta.organization.plugins": "create delete list retrieve update",
    "Anthropic.beta.organization.plugins.installation_settings": "list remove set",
    "Anthropic.beta.organization.plugins.shares": "list",
    "Anthropic.beta.organization.plugins.versions": "create download list retrieve",
    "Anthropic.beta.organization.providers": "",
    "Anthropic.beta.organization.providers.google": "",
    "Anthropic.beta.organization.providers.google.projects": "",
    "Anthropic.beta.organization.providers.google.projects.data_controls": "retrieve update",
    "Anthropic.beta.organization.rate_limits": "list",
    "Anthropic.beta.organization.rbac_groups": "create delete list retrieve update",
    "Anthropic.beta.organization.rbac_groups.members": "add list remove",
    "Anthropic.beta.organization.rbac_roles": "list retrieve",
    "Anthropic.beta.organization.rbac_roles.permissions": "list",
    "Anthropic.beta.organization.service_accounts": "archive create list retrieve update",
    "Anthropic.beta.organization.service_accounts.workspaces": "add list remove",
    "Anthropic.beta.organization.spend_limits": "delete list retrieve set",
    "Anthropic.beta.organization.spend_limits.effective": "list",
    "Anthropic.beta.organization.spend_limits.increase_requests": "approve deny list retrieve",
    "Anthropic.beta.organization.telemetry_destinations": "create delete list retrieve test update",
    "Anthropic.beta.organization.telemetry_destinations.workspaces": "add list remove",
    "Anthropic.beta.organization.users": "list remove retrieve sign_out update",
    "Anthropic.beta.organization.webhooks": "create delete list regenerate_signing_secret retrieve update",
    "Anthropic.beta.organization.workspaces": "archive create list retrieve update",
    "Anthropic.beta.organization.workspaces.members": "add list remove retrieve update",
    "Anthropic.beta.organization.workspaces.rate_limits": "list update",
    "Anthropic.beta.organization.workspaces.service_accounts": "add list remove retrieve update",
    "Anthropic.beta.sessions": "archive create delete list retrieve update",
    "Anthropic.beta.sessions.events": "list send stream",
    "Anthropic.beta.sessions.resources": "add delete list retrieve update",
    "Anthropic.beta.sessions.threads": "archive list retrieve",
    "Anthropic.beta.sessions.threads.events": "list stream",
    "Anthropic.beta.skills": "create delete list retrieve",
    "Anthropic.beta.skills.versions": "create delete download list retrieve",
    "Anthropic.beta.tunnels": "archive create list retrieve reveal_token rotate_token",
    "Anthropic.beta.tunnels.certificates": "archive create list retrieve",
    "Anthropic.beta.user_profiles": "create create_enrollment_url delete list retrieve update",
    "Anthropic.beta.user_profiles.action_urls": "create",
    "Anthropic.beta.user_profiles.providers": "",
    "Anthropic.beta.user_profiles.providers.google": "",
    "Anthropic.beta.user_profiles.providers.google.data_controls": "retrieve update",
    "Anthropic.beta.vaults": "archive create delete list retrieve update",
    "Anthropic.beta.vaults.credentials": "archive create delete list mcp_oauth_validate retrieve update",
    "Anthropic.beta.webhooks": "",
    "Anthropic.completions": "create",
    "Anthropic.files": "delete download list retrieve_metadata upload",
    "Anthropic.messages": "count_tokens create parse stream",
    "Anthropic.messages.batches": "cancel create delete list results retrieve",
    "Anthropic.models": "list retrieve",
    "Anthropic.organization": "retrieve",
    "Anthropic.organization.analytics": "",
    "Anthropic.organization.analytics.apps": "",
    "Anthropic.organization.analytics.apps.chat": "",
    "Anthropic.organization.analytics.apps.chat.projects": "list",
    "Anthropic.organization.analytics.artifacts": "list",
    "Anthropic.organization.analytics.connectors": "list",
    "Anthropic.organization.analytics.plugins": "list",
    "Anthropic.organization.analytics.skills": "list",
    "Anthropic.organization.analytics.summaries": "list",
    "Anthropic.organization.analytics.users": "list",
    "Anthropic.organization.api_keys": "list retrieve update",
    "Anthropic.organization.compliance_settings": "retrieve update",
    "Anthropic.organization.external_keys": "create delete list retrieve update validate",
    "Anthropic.organization.federation": "",
    "Anthropic.organization.federation.issuers": "archive create list retrieve update",
    "Anthropic.organization.federation.rules": "archive create list retrieve update",
    "Anthropic.organization.federation.rules.workspaces": "add list remove",
    "Anthropic.organization.invites": "create delete list retrieve",
    "Anthropic.organization.rate_limits": "list",
    "Anthropic.organization.rbac_groups": "create delete list retrieve update",
    "Anthropic.organization.rbac_groups.members": "add list remove",
    "Anthropic.organization.rbac_roles": "list retrieve",
    "Anthropic.organization.rbac_roles.permissions": "list",
    "Anthropic.organization.service_accounts": "archive create list retrieve update",
    "Anthropic.organization.service_accounts.workspaces": "add list remove",
    "Anthropic.organization.spend_limits": "",
    "Anthropic.organization.spend_limits.effective": "list",
    "Anthropic.organization.spend_limits.increase_requests": "approve deny list retrieve",
    "Anthropic.organization.users": "list remove retrieve update",
    "Anthropic.organization.workspaces": "archive create list retrieve update",
    "Anthropic.organization.workspaces.members": "add list remove retrieve update",
    "Anthropic.organization.workspaces.rate_limits": "list update",
    "Anthropic.organization.workspaces.service_accounts": "add list remove retrieve update",
    "Anthropic.skills": "create delete list retrieve",
    "Anthropic.skills.versions": "create delete list retrieve",
    "Anthropic.user_profiles": "create delete list retrieve update",
    "Anthropic.user_profiles.action_urls": "create",
    "AnthropicBedrock.beta": "",
    "AnthropicBedrock.beta.messages": "create parse",
    "AnthropicBedrockMantle.beta": "",
    "AnthropicVertex.beta": "",
    "AnthropicVertex.beta.messages": "count_tokens create parse",
}

# attribute path -> the resource path it holds, where they differ
ANTHROPIC_ATTRIBUTES: dict[str, str] = {
    "AnthropicBedrock.completions": "Anthropic.completions",
    "AnthropicBedrock.messages": "Anthropic.messages",
    "AnthropicBedrockMantle.beta.messages": "Anthropic.beta.messages",
    "AnthropicBedrockMantle.messages": "Anthropic.messages",
    "AnthropicVertex.messages": "Anthropic.messages",
}

# path under `stripe.StripeClient` -> the methods that send a request (their `*_async` twins do not block)
STRIPE_SERVICES: dict[str, str] = {
    "oauth": "deauthorize token",
    "v1": "",
    "v1.account_links": "create",
    "v1.account_sessions": "create",
    "v1.accounts": "create delete list reject retrieve retrieve_current unreject update",
    "v1.accounts.capabilities": "list retrieve update",
    "v1.accounts.external_accounts": "create delete list retrieve update",
    "v1.accounts.login_links": "create",
    "v1.accounts.persons": "create delete list retrieve update",
    "v1.apple_pay_domains": "create delete list retrieve",
    "v1.application_fees": "list retrieve",
    "v1.application_fees.refunds": "create list retrieve update",
    "v1.apps": "",
    "v1.apps.installs": "create list retrieve uninstall update",
    "v1.apps.secrets": "create delete_where find list",
    "v1.balance": "retrieve",
    "v1.balance_settings": "retrieve update",
    "v1.balance_transactions": "list retrieve",
    "v1.billing": "",
    "v1.billing.alerts": "activate archive create deactivate list retrieve",
    "v1.billing.credit_balance_summary": "retrieve",
    "v1.billing.credit_balance_transactions": "list retrieve",
    "v1.billing.credit_grants": "create expire list retrieve update void_grant",
    "v1.billing.feedback_options": "create deactivate list retrieve update",
    "v1.billing.meter_event_adjustments": "create",
    "v1.billing.meter_events": "create",
    "v1.billing.meters": "create deactivate list reactivate retrieve update",
    "v1.billing.meters.event_summaries": "list",
    "v1.billing_portal": "",
    "v1.billing_portal.configurations": "create list retrieve update",
    "v1.billing_portal.sessions": "create",
    "v1.charges": "capture create list retrieve search update",
    "v1.checkout": "",
    "v1.checkout.sessions": "create expire list retrieve update",
    "v1.checkout.sessions.line_items": "list",
    "v1.climate": "",
    "v1.climate.orders": "cancel create list retrieve update",
    "v1.climate.products": "list retrieve",
    "v1.climate.suppliers": "list retrieve",
    "v1.confirmation_tokens": "retrieve",
    "v1.country_specs": "list retrieve",
    "v1.coupons": "create delete list retrieve update",
    "v1.credit_notes": "create list preview retrieve update void_credit_note",
    "v1.credit_notes.line_items": "list",
    "v1.credit_notes.preview_lines": "list",
    "v1.customer_sessions": "create",
    "v1.customers": "create delete delete_discount list retrieve search update",
    "v1.customers.balance_transactions": "create list retrieve update",
    "v1.customers.cash_balance": "retrieve update",
    "v1.customers.cash_balance_transactions": "list retrieve",
    "v1.customers.funding_instructions": "create",
    "v1.customers.payment_methods": "list retrieve",
    "v1.customers.payment_sources": "create delete list retrieve update verify",
    "v1.customers.tax_ids": "create delete list retrieve",
    "v1.disputes": "close list retrieve update",
    "v1.entitlements": "",
    "v1.entitlements.active_entitlements": "list retrieve",
    "v1.entitlements.features": "create list retrieve update",
    "v1.ephemeral_keys": "create delete",
    "v1.events": "list retrieve",
    "v1.exchange_rates": "list retrieve",
    "v1.file_links": "create list retrieve update",
    "v1.files": "create list retrieve",
    "v1.financial_connections": "",
    "v1.financial_connections.accounts": "disconnect list refresh retrieve subscribe unsubscribe",
    "v1.financial_connections.accounts.owners": "list",
    "v1.financial_connections.sessions": "create retrieve",
    "v1.financial_connections.transactions": "list retrieve",
    "v1.forwarding": "",
    "v1.forwarding.requests": "create list retrieve",
    "v1.identity": "",
    "v1.identity.verification_reports": "list retrieve",
    "v1.identity.verification_sessions": "cancel create list redact retrieve update",
    "v1.invoice_items": "create delete list retrieve update",
    "v1.invoice_payments": "list retrieve",
    "v1.invoice_rendering_templates": "archive list retrieve unarchive",
    "v1.invoices": (
        "add_lines attach_payment create create_preview delete finalize_invoice list "
        "mark_uncollectible pay remove_lines retrieve search send_invoice update update_lines "
        "void_invoice"
    ),
    "v1.invoices.line_items": "list update",
    "v1.issuing": "",
    "v1.issuing.authorizations": "approve decline list retrieve update",
    "v1.issuing.cardholders": "create list retrieve update",
    "v1.issuing.cards": "create list retrieve update",
    "v1.issuing.disputes": "create list retrieve submit update",
    "v1.issuing.personalization_designs": "create list retrieve update",
    "v1.issuing.physical_bundles": "list retrieve",
    "v1.issuing.tokens": "list retrieve update",
    "v1.issuing.transactions": "list retrieve update",
    "v1.mandates": "retrieve",
    "v1.payment_attempt_records": "list retrieve",
    "v1.payment_intents": (
        "apply_customer_balance cancel capture confirm create increment_authorization list retrieve "
        "search update verify_microdeposits"
    ),
    "v1.payment_intents.amount_details_line_items": "list",
    "v1.payment_links": "create list retrieve update",
    "v1.payment_links.line_items": "list",
    "v1.payment_method_configurations": "create list retrieve update",
    "v1.payment_method_domains": "create list retrieve update validate",
    "v1.payment_methods": "attach create detach list retrieve update",
    "v1.payment_records": (
        "list report_payment report_payment_attempt report_payment_attempt_canceled "
        "report_payment_attempt_failed report_payment_attempt_guaranteed "
        "report_payment_attempt_informational report_refund retrieve"
    ),
    "v1.payouts": "cancel create list retrieve reverse update",
    "v1.plans": "create delete list retrieve update",
    "v1.prices": "create list retrieve search update",
    "v1.product_catalog": "",
    "v1.product_catalog.trial_offers": "create list retrieve update",
    "v1.products": "create delete list retrieve search update",
    "v1.products.features": "create delete list retrieve",
    "v1.promotion_codes": "create list retrieve update",
    "v1.quotes": "accept cancel create finalize_quote list pdf retrieve update",
    "v1.quotes.computed_upfront_line_items": "list",
    "v1.quotes.line_items": "list",
    "v1.radar": "",
    "v1.radar.early_fraud_warnings": "list retrieve",
    "v1.radar.payment_evaluations": "create",
    "v1.radar.value_list_items": "create delete list retrieve",
    "v1.radar.value_lists": "create delete list retrieve update",
    "v1.refunds": "cancel create list retrieve update",
    "v1.reporting": "",
    "v1.reporting.report_runs": "create list retrieve",
    "v1.reporting.report_types": "list retrieve",
    "v1.reviews": "approve list retrieve",
    "v1.setup_attempts": "list",
    "v1.setup_intents": "cancel confirm create list retrieve update verify_microdeposits",
    "v1.shipping_rates": "create list retrieve update",
    "v1.sigma": "",
    "v1.sigma.scheduled_query_runs": "list retrieve",
    "v1.sources": "create detach retrieve update verify",
    "v1.sources.transactions": "list",
    "v1.subscription_items": "create delete list retrieve update",
    "v1.subscription_schedules": "cancel create list release retrieve update",
    "v1.subscriptions": "cancel create delete_discount list migrate pause resume retrieve search update",
    "v1.tax": "",
    "v1.tax.associations": "find",
    "v1.tax.calculations": "create retrieve",
    "v1.tax.calculations.line_items": "list",
    "v1.tax.locations": "create list retrieve",
    "v1.tax.registrations": "create list retrieve update",
    "v1.tax.settings": "retrieve update",
    "v1.tax.transactions": "create_from_calculation create_reversal retrieve",
    "v1.tax.transactions.line_items": "list",
    "v1.tax_codes": "list retrieve",
    "v1.tax_ids": "create delete list retrieve",
    "v1.tax_rates": "create list retrieve update",
    "v1.terminal": "",
    "v1.terminal.configurations": "create delete list retrieve update",
    "v1.terminal.connection_tokens": "create",
    "v1.terminal.locations": "create delete list retrieve update",
    "v1.terminal.onboarding_links": "create",
    "v1.terminal.readers": (
        "cancel_action collect_inputs collect_payment_method confirm_payment_intent create delete "
        "list process_payment_intent process_setup_intent refund_payment retrieve "
        "set_reader_display update"
    ),
    "v1.test_helpers": "",
    "v1.test_helpers.confirmation_tokens": "create",
    "v1.test_helpers.customers": "fund_cash_balance",
    "v1.test_helpers.issuing": "",
    "v1.test_helpers.issuing.authorizations": "capture create expire finalize_amount increment respond reverse",
    "v1.test_helpers.issuing.cards": "deliver_card fail_card return_card ship_card submit_card",
    "v1.test_helpers.issuing.personalization_designs": "activate deactivate reject",
    "v1.test_helpers.issuing.transactions": "create_force_capture create_unlinked_refund refund",
    "v1.test_helpers.refunds": "expire",
    "v1.test_helpers.terminal": "",
    "v1.test_helpers.terminal.readers": "present_payment_method succeed_input_collection timeout_input_collection",
    "v1.test_helpers.test_clocks": "advance create delete list retrieve",
    "v1.test_helpers.treasury": "",
    "v1.test_helpers.treasury.inbound_transfers": "fail return_inbound_transfer succeed",
    "v1.test_helpers.treasury.outbound_payments": "fail post return_outbound_payment update",
    "v1.test_helpers.treasury.outbound_transfers": "fail post return_outbound_transfer update",
    "v1.test_helpers.treasury.received_credits": "create",
    "v1.test_helpers.treasury.received_debits": "create",
    "v1.three_d_secure": "",
    "v1.three_d_secure.authentications": "cancel create list retrieve submit",
    "v1.tokens": "create retrieve",
    "v1.topups": "cancel create list retrieve update",
    "v1.transfers": "create list retrieve update",
    "v1.transfers.reversals": "create list retrieve update",
    "v1.treasury": "",
    "v1.treasury.credit_reversals": "create list retrieve",
    "v1.treasury.debit_reversals": "create list retrieve",
    "v1.treasury.financial_accounts": "close create list retrieve update",
    "v1.treasury.financial_accounts.features": "retrieve update",
    "v1.treasury.inbound_transfers": "cancel create list retrieve",
    "v1.treasury.outbound_payments": "cancel create list retrieve",
    "v1.treasury.outbound_transfers": "cancel create list retrieve",
    "v1.treasury.received_credits": "list retrieve",
    "v1.treasury.received_debits": "list retrieve",
    "v1.treasury.transaction_entries": "list retrieve",
    "v1.treasury.transactions": "list retrieve",
    "v1.webhook_endpoints": "create delete list retrieve update",
    "v2": "",
    "v2.billing": "",
    "v2.billing.meter_event_adjustments": "create",
    "v2.billing.meter_event_session": "create",
    "v2.billing.meter_event_stream": "create",
    "v2.billing.meter_events": "create",
    "v2.commerce": "",
    "v2.commerce.product_catalog": "",
    "v2.commerce.product_catalog.imports": "create list retrieve",
    "v2.core": "",
    "v2.core.account_links": "create",
    "v2.core.account_tokens": "create retrieve",
    "v2.core.accounts": "close create list retrieve update",
    "v2.core.accounts.person_tokens": "create retrieve",
    "v2.core.accounts.persons": "create delete list retrieve update",
    "v2.core.event_destinations": "create delete disable enable list ping retrieve update",
    "v2.core.events": "list retrieve",
    "v2.core.vault": "",
    "v2.core.vault.gb_bank_accounts": "archive create list retrieve unarchive",
    "v2.core.vault.us_bank_accounts": (
        "archive confirm_microdeposits create list retrieve send_microdeposits unarchive update"
    ),
    "v2.money_management": "",
    "v2.money_management.adjustments": "list retrieve",
    "v2.money_management.financial_accounts": "list retrieve update",
    "v2.money_management.financial_addresses": "create list retrieve",
    "v2.money_management.inbound_transfers": "create list retrieve",
    "v2.money_management.outbound_payments": "cancel create list retrieve",
    "v2.money_management.outbound_setup_intents": "cancel create list retrieve update",
    "v2.money_management.payout_intents": (
        "cancel confirm create list refresh_fx_quote refresh_recipient_verification retrieve update"
    ),
    "v2.money_management.payout_methods": "archive list retrieve unarchive",
    "v2.money_management.payout_methods_bank_account_spec": "retrieve",
    "v2.money_management.received_credits": "list retrieve",
    "v2.money_management.recipient_verifications": "acknowledge create retrieve",
    "v2.money_management.test_helpers": "",
    "v2.money_management.test_helpers.financial_addresses": "credit",
    "v2.money_management.transaction_entries": "list retrieve",
    "v2.money_management.transactions": "list refresh_regulatory_receipt retrieve update",
    "v2.test_helpers": "",
    "v2.test_helpers.money_management": "recipient_verifications",
}

# attribute path -> the service path it holds (the deprecated `client.customers` spellings)
STRIPE_SERVICE_ATTRIBUTES: dict[str, str] = {
    "account_links": "v1.account_links",
    "account_sessions": "v1.account_sessions",
    "accounts": "v1.accounts",
    "apple_pay_domains": "v1.apple_pay_domains",
    "application_fees": "v1.application_fees",
    "apps": "v1.apps",
    "balance": "v1.balance",
    "balance_settings": "v1.balance_settings",
    "balance_transactions": "v1.balance_transactions",
    "billing": "v1.billing",
    "billing_portal": "v1.billing_portal",
    "charges": "v1.charges",
    "checkout": "v1.checkout",
    "climate": "v1.climate",
    "confirmation_tokens": "v1.confirmation_tokens",
    "country_specs": "v1.country_specs",
    "coupons": "v1.coupons",
    "credit_notes": "v1.credit_notes",
    "customer_sessions": "v1.customer_sessions",
    "customers": "v1.customers",
    "disputes": "v1.disputes",
    "entitlements": "v1.entitlements",
    "ephemeral_keys": "v1.ephemeral_keys",
    "events": "v1.events",
    "exchange_rates": "v1.exchange_rates",
    "file_links": "v1.file_links",
    "files": "v1.files",
    "financial_connections": "v1.financial_connections",
    "forwarding": "v1.forwarding",
    "identity": "v1.identity",
    "invoice_items": "v1.invoice_items",
    "invoice_payments": "v1.invoice_payments",
    "invoice_rendering_templates": "v1.invoice_rendering_templates",
    "invoices": "v1.invoices",
    "issuing": "v1.issuing",
    "mandates": "v1.mandates",
    "payment_attempt_records": "v1.payment_attempt_records",
    "payment_intents": "v1.payment_intents",
    "payment_links": "v1.payment_links",
    "payment_method_configurations": "v1.payment_method_configurations",
    "payment_method_domains": "v1.payment_method_domains",
    "payment_methods": "v1.payment_methods",
    "payment_records": "v1.payment_records",
    "payouts": "v1.payouts",
    "plans": "v1.plans",
    "prices": "v1.prices",
    "product_catalog": "v1.product_catalog",
    "products": "v1.products",
    "promotion_codes": "v1.promotion_codes",
    "quotes": "v1.quotes",
    "radar": "v1.radar",
    "refunds": "v1.refunds",
    "reporting": "v1.reporting",
    "reviews": "v1.reviews",
    "setup_attempts": "v1.setup_attempts",
    "setup_intents": "v1.setup_intents",
    "shipping_rates": "v1.shipping_rates",
    "sigma": "v1.sigma",
    "sources": "v1.sources",
    "subscription_items": "v1.subscription_items",
    "subscription_schedules": "v1.subscription_schedules",
    "subscriptions": "v1.subscriptions",
    "tax": "v1.tax",
    "tax_codes": "v1.tax_codes",
    "tax_ids": "v1.tax_ids",
    "tax_rates": "v1.tax_rates",
    "terminal": "v1.terminal",
    "test_helpers": "v1.test_helpers",
    "three_d_secure": "v1.three_d_secure",
    "tokens": "v1.tokens",
    "topups": "v1.topups",
    "transfers": "v1.transfers",
    "treasury": "v1.treasury",
    "webhook_endpoints": "v1.webhook_endpoints",
}

# resource class under `stripe.` -> its class and instance methods that send a request
STRIPE_RESOURCES: dict[str, str] = {
    "APIResource": "refresh retrieve",
    "Account": (
        "auto_paging_iter create create_external_account create_login_link create_person delete "
        "delete_external_account delete_person list list_capabilities list_external_accounts "
        "list_persons modify modify_capability modify_external_account modify_person persons "
        "refresh reject retrieve retrieve_capability retrieve_external_account retrieve_person save "
        "unreject"
    ),
    "AccountLink": "create refresh retrieve",
    "AccountSession": "create refresh retrieve",
    "ApplePayDomain": "auto_paging_iter create delete list refresh retrieve",
    "ApplicationFee": (
        "auto_paging_iter create_refund list list_refunds modify_refund refresh refund retrieve "
        "retrieve_refund"
    ),
    "ApplicationFeeRefund": "modify refresh save",
    "Balance": "refresh retrieve",
    "BalanceSettings": "modify refresh retrieve save",
    "BalanceTransaction": "auto_paging_iter list refresh retrieve",
    "BankAccount": "delete refresh save verify",
    "Capability": "refresh save",
    "Card": "delete refresh save",
    "Charge": (
        "auto_paging_iter capture create list list_refunds mark_as_fraudulent mark_as_safe modify "
        "refresh retrieve retrieve_refund save search search_auto_paging_iter"
    ),
    "ConfirmationToken": "refresh retrieve",
    "CountrySpec": "auto_paging_iter list refresh retrieve",
    "Coupon": "auto_paging_iter create delete list modify refresh retrieve save",
    "CreateableAPIResource": "create refresh retrieve",
    "CreditNote": (
        "auto_paging_iter create list list_lines modify preview preview_lines refresh retrieve save "
        "void_credit_note"
    ),
    "Customer": (
        "auto_paging_iter create create_balance_transaction create_funding_instructions "
        "create_source create_tax_id delete delete_discount delete_source delete_tax_id list "
        "list_balance_transactions list_cash_balance_transactions list_payment_methods list_sources "
        "list_tax_ids modify modify_balance_transaction modify_cash_balance modify_source refresh "
        "retrieve retrieve_balance_transaction retrieve_cash_balance "
        "retrieve_cash_balance_transaction retrieve_payment_method retrieve_source retrieve_tax_id "
        "save search search_auto_paging_iter"
    ),
    "CustomerBalanceTransaction": "refresh",
    "CustomerSession": "create refresh retrieve",
    "DeletableAPIResource": "delete refresh retrieve",
    "Dispute": "auto_paging_iter close list modify refresh retrieve save",
    "EphemeralKey": "create delete refresh retrieve",
    "Event": "auto_paging_iter list refresh retrieve",
    "ExchangeRate": "auto_paging_iter list refresh retrieve",
    "File": "auto_paging_iter create list refresh retrieve",
    "FileLink": "auto_paging_iter create list modify refresh retrieve save",
    "HTTPXClient": "request",
    "Invoice": (
        "add_lines attach_payment auto_paging_iter create create_preview delete finalize_invoice "
        "list list_lines mark_uncollectible modify pay refresh remove_lines retrieve save search "
        "search_auto_paging_iter send_invoice update_lines void_invoice"
    ),
    "InvoiceItem": "auto_paging_iter create delete list modify refresh retrieve save",
    "InvoiceLineItem": "modify refresh retrieve save",
    "InvoicePayment": "auto_paging_iter list refresh retrieve",
    "InvoiceRenderingTemplate": "archive auto_paging_iter list refresh retrieve unarchive",
    "ListObject": "create list next_page previous_page retrieve",
    "ListableAPIResource": "auto_paging_iter list refresh retrieve",
    "Mandate": "refresh retrieve",
    "OAuth": "authorize_url deauthorize token",
    "PaymentAttemptRecord": "auto_paging_iter list refresh retrieve",
    "PaymentIntent": (
        "apply_customer_balance auto_paging_iter cancel capture confirm create "
        "increment_authorization list list_amount_details_line_items modify refresh retrieve save "
        "search search_auto_paging_iter verify_microdeposits"
    ),
    "PaymentLink": "auto_paging_iter create list list_line_items modify refresh retrieve save",
    "PaymentMethod": "attach auto_paging_iter create detach list modify refresh retrieve save",
    "PaymentMethodConfiguration": "auto_paging_iter create list modify refresh retrieve save",
    "PaymentMethodDomain": "auto_paging_iter create list modify refresh retrieve save validate",
    "PaymentRecord": (
        "auto_paging_iter list refresh report_payment report_payment_attempt "
        "report_payment_attempt_canceled report_payment_attempt_failed "
        "report_payment_attempt_guaranteed report_payment_attempt_informational report_refund "
        "retrieve"
    ),
    "Payout": "auto_paging_iter cancel create list modify refresh retrieve reverse save",
    "Person": "refresh save",
    "Plan": "auto_paging_iter create delete list modify refresh retrieve save",
    "Price": "auto_paging_iter create list modify refresh retrieve save search search_auto_paging_iter",
    "Product": (
        "auto_paging_iter create create_feature delete delete_feature list list_features modify "
        "refresh retrieve retrieve_feature save search search_auto_paging_iter"
    ),
    "PromotionCode": "auto_paging_iter create list modify refresh retrieve save",
    "Quote": (
        "accept auto_paging_iter cancel create finalize_quote list list_computed_upfront_line_items "
        "list_line_items modify pdf refresh retrieve save"
    ),
    "Refund": "auto_paging_iter cancel create list modify refresh retrieve save",
    "Review": "approve auto_paging_iter list refresh retrieve",
    "SearchResultObject": "next_search_result_page search",
    "SearchableAPIResource": "refresh retrieve",
    "SetupAttempt": "auto_paging_iter list refresh retrieve",
    "SetupIntent": "auto_paging_iter cancel confirm create list modify refresh retrieve save verify_microdeposits",
    "ShippingRate": "auto_paging_iter create list modify refresh retrieve save",
    "SingletonAPIResource": "refresh",
    "Source": "create detach list_source_transactions modify refresh retrieve save verify",
    "Subscription": (
        "auto_paging_iter cancel create delete delete_discount list migrate modify pause refresh "
        "resume retrieve save search search_auto_paging_iter"
    ),
    "SubscriptionItem": "auto_paging_iter create delete list modify refresh retrieve save",
    "SubscriptionSchedule": "auto_paging_iter cancel create list modify refresh release retrieve save",
    "TaxCode": "auto_paging_iter list refresh retrieve",
    "TaxId": "auto_paging_iter create delete list refresh retrieve",
    "TaxRate": "auto_paging_iter create list modify refresh retrieve save",
    "Token": "create refresh retrieve",
    "Topup": "auto_paging_iter cancel create list modify refresh retrieve save",
    "Transfer": (
        "auto_paging_iter create create_reversal list list_reversals modify modify_reversal refresh "
        "retrieve retrieve_reversal save"
    ),
    "TransferReversal": "refresh save",
    "UpdateableAPIResource": "modify refresh retrieve save",
    "VerifyMixin": "verify",
    "WebhookEndpoint": "auto_paging_iter create delete list modify refresh retrieve save",
    "apps.Install": "auto_paging_iter create list modify refresh retrieve save uninstall",
    "apps.Secret": "auto_paging_iter create delete_where find list refresh retrieve",
    "billing.Alert": "activate archive auto_paging_iter create deactivate list refresh retrieve",
    "billing.CreditBalanceSummary": "refresh retrieve",
    "billing.CreditBalanceTransaction": "auto_paging_iter list refresh retrieve",
    "billing.CreditGrant": "auto_paging_iter create expire list modify refresh retrieve save void_grant",
    "billing.FeedbackOption": "auto_paging_iter create deactivate list modify refresh retrieve save",
    "billing.Meter": (
        "auto_paging_iter create deactivate list list_event_summaries modify reactivate refresh "
        "retrieve save"
    ),
    "billing.MeterEvent": "create refresh retrieve",
    "billing.MeterEventAdjustment": "create refresh retrieve",
    "billing_portal.Configuration": "auto_paging_iter create list modify refresh retrieve save",
    "billing_portal.Session": "create refresh retrieve",
    "checkout.Session": "auto_paging_iter create expire list list_line_items modify refresh retrieve save",
    "climate.Order": "auto_paging_iter cancel create list modify refresh retrieve save",
    "climate.Product": "auto_paging_iter list refresh retrieve",
    "climate.Supplier": "auto_paging_iter list refresh retrieve",
    "entitlements.ActiveEntitlement": "auto_paging_iter list refresh retrieve",
    "entitlements.Feature": "auto_paging_iter create list modify refresh retrieve save",
    "events.V1AccountUpdatedEvent": "fetch_related_object",
    "events.V1ApplicationFeeCreatedEvent": "fetch_related_object",
    "events.V1ApplicationFeeRefundUpdatedEvent": "fetch_related_object",
    "events.V1ApplicationFeeRefundedEvent": "fetch_related_object",
    "events.V1BalanceAvailableEvent": "fetch_related_object",
    "events.V1BalanceSettingsUpdatedEvent": "fetch_related_object",
    "events.V1BillingAlertTriggeredEvent": "fetch_related_object",
    "events.V1BillingCreditBalanceTransactionCreatedEvent": "fetch_related_object",
    "events.V1BillingCreditGrantCreatedEvent": "fetch_related_object",
    "events.V1BillingCreditGrantUpdatedEvent": "fetch_related_object",
    "events.V1BillingMeterCreatedEvent": "fetch_related_object",
    "events.V1BillingMeterDeactivatedEvent": "fetch_related_object",
    "events.V1BillingMeterErrorReportTriggeredEvent": "fetch_related_object",
    "events.V1BillingMeterReactivatedEvent": "fetch_related_object",
    "events.V1BillingMeterUpdatedEvent": "fetch_related_object",
    "events.V1BillingPortalConfigurationCreatedEvent": "fetch_related_object",
    "events.V1BillingPortalConfigurationUpdatedEvent": "fetch_related_object",
    "events.V1CapabilityUpdatedEvent": "fetch_related_object",
    "events.V1CashBalanceFundsAvailableEvent": "fetch_related_object",
    "events.V1ChargeCapturedEvent": "fetch_related_object",
    "events.V1ChargeDisputeClosedEvent": "fetch_related_object",
    "events.V1ChargeDisputeCreatedEvent": "fetch_related_object",
    "events.V1ChargeDisputeFundsReinstatedEvent": "fetch_related_object",
    "events.V1ChargeDisputeFundsWithdrawnEvent": "fetch_related_object",
    "events.V1ChargeDisputeUpdatedEvent": "fetch_related_object",
    "events.V1ChargeExpiredEvent": "fetch_related_object",
    "events.V1ChargeFailedEvent": "fetch_related_object",
    "events.V1ChargePendingEvent": "fetch_related_object",
    "events.V1ChargeRefundUpdatedEvent": "fetch_related_object",
    "events.V1ChargeRefundedEvent": "fetch_related_object",
    "events.V1ChargeSucceededEvent": "fetch_related_object",
    "events.V1ChargeUpdatedEvent": "fetch_related_object",
    "events.V1CheckoutSessionAsyncPaymentFailedEvent": "fetch_related_object",
    "events.V1CheckoutSessionAsyncPaymentSucceededEvent": "fetch_related_object",
    "events.V1CheckoutSessionCompletedEvent": "fetch_related_object",
    "events.V1CheckoutSessionExpiredEvent": "fetch_related_object",
    "events.V1ClimateOrderCanceledEvent": "fetch_related_object",
    "events.V1ClimateOrderCreatedEvent": "fetch_related_object",
    "events.V1ClimateOrderDelayedEvent": "fetch_related_object",
    "events.V1ClimateOrderDeliveredEvent": "fetch_related_object",
    "events.V1ClimateOrderProductSubstitutedEvent": "fetch_related_object",
    "events.V1ClimateProductCreatedEvent": "fetch_related_object",
    "events.V1ClimateProductPricingUpdatedEvent": "fetch_related_object",
    "events.V1CouponCreatedEvent": "fetch_related_object",
    "events.V1CouponDeletedEvent": "fetch_related_object",
    "events.V1CouponUpdatedEvent": "fetch_related_object",
    "events.V1CreditNoteCreatedEvent": "fetch_related_object",
    "events.V1CreditNoteUpdatedEvent": "fetch_related_object",
    "events.V1CreditNoteVoidedEvent": "fetch_related_object",
    "events.V1CustomerCashBalanceTransactionCreatedEvent": "fetch_related_object",
    "events.V1CustomerCreatedEvent": "fetch_related_object",
    "events.V1CustomerDeletedEvent": "fetch_related_object",
    "events.V1CustomerDiscountCreatedEvent": "fetch_related_object",
    "events.V1CustomerDiscountDeletedEvent": "fetch_related_object",
    "events.V1CustomerDiscountUpdatedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionActiveEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionCancelAtChangedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionCreatedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionDefaultPaymentMethodChangedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionDeletedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionIncompleteEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionIncompleteExpiredEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionItemAddedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionItemPriceChangedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionItemQuantityChangedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionItemRemovedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionItemTaxRatesChangedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionPastDueEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionPausedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionPendingUpdateAppliedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionPendingUpdateExpiredEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionResumedEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionTrialWillEndEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionTrialingEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionUnpaidEvent": "fetch_related_object",
    "events.V1CustomerSubscriptionUpdatedEvent": "fetch_related_object",
    "events.V1CustomerTaxIdCreatedEvent": "fetch_related_object",
    "events.V1CustomerTaxIdDeletedEvent": "fetch_related_object",
    "events.V1CustomerTaxIdUpdatedEvent": "fetch_related_object",
    "events.V1CustomerUpdatedEvent": "fetch_related_object",
    "events.V1FileCreatedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountAccountNumbersUpdatedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountBalanceRefreshFailedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountBalanceRefreshSucceededEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountCreatedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountDeactivatedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountDisconnectedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountExpectedDeactivationDateUpdatedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountInferredBalancesRefreshFailedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountInferredBalancesRefreshSucceededEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountOwnershipRefreshFailedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountOwnershipRefreshSucceededEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountReactivatedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountRefreshedBalanceEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountRefreshedOwnershipEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountRefreshedTransactionsEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountRiskIntelligenceRefreshFailedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountRiskIntelligenceRefreshSucceededEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountSupportedPaymentMethodTypesUpdatedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountTransactionsRefreshFailedEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountTransactionsRefreshSucceededEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountUpcomingAccountNumberExpiryEvent": "fetch_related_object",
    "events.V1FinancialConnectionsAccountUpcomingDeactivationEvent": "fetch_related_object",
    "events.V1IdentityVerificationSessionCanceledEvent": "fetch_related_object",
    "events.V1IdentityVerificationSessionCreatedEvent": "fetch_related_object",
    "events.V1IdentityVerificationSessionProcessingEvent": "fetch_related_object",
    "events.V1IdentityVerificationSessionRedactedEvent": "fetch_related_object",
    "events.V1IdentityVerificationSessionRequiresInputEvent": "fetch_related_object",
    "events.V1IdentityVerificationSessionVerifiedEvent": "fetch_related_object",
    "events.V1InvoiceCreatedEvent": "fetch_related_object",
    "events.V1InvoiceDeletedEvent": "fetch_related_object",
    "events.V1InvoiceDiscountAddedEvent": "fetch_related_object",
    "events.V1InvoiceDiscountRemovedEvent": "fetch_related_object",
    "events.V1InvoiceFinalizationFailedEvent": "fetch_related_object",
    "events.V1InvoiceFinalizedEvent": "fetch_related_object",
    "events.V1InvoiceLineItemAddedEvent": "fetch_related_object",
    "events.V1InvoiceLineItemPricingChangedEvent": "fetch_related_object",
    "events.V1InvoiceLineItemQuantityChangedEvent": "fetch_related_object",
    "events.V1InvoiceLineItemRemovedEvent": "fetch_related_object",
    "events.V1InvoiceMarkedUncollectibleEvent": "fetch_related_object",
    "events.V1InvoiceOverdueEvent": "fetch_related_object",
    "events.V1InvoiceOverpaidEvent": "fetch_related_object",
    "events.V1InvoicePaidEvent": "fetch_related_object",
    "events.V1InvoicePaymentActionRequiredEvent": "fetch_related_object",
    "events.V1InvoicePaymentAttemptRequiredEvent": "fetch_related_object",
    "events.V1InvoicePaymentCanceledEvent": "fetch_related_object",
    "events.V1InvoicePaymentFailedEvent": "fetch_related_object",
    "events.V1InvoicePaymentOpenEvent": "fetch_related_object",
    "events.V1InvoicePaymentPaidEvent": "fetch_related_object",
    "events.V1InvoicePaymentSucceededEvent": "fetch_related_object",
    "events.V1InvoiceSentEvent": "fetch_related_object",
    "events.V1InvoiceUpdatedEvent": "fetch_related_object",
    "events.V1InvoiceVoidedEvent": "fetch_related_object",
    "events.V1InvoiceWillBeDueEvent": "fetch_related_object",
    "events.V1InvoiceitemAmountChangedEvent": "fetch_related_object",
    "events.V1InvoiceitemCreatedEvent": "fetch_related_object",
    "events.V1InvoiceitemDeletedEvent": "fetch_related_object",
    "events.V1InvoiceitemDiscountAddedEvent": "fetch_related_object",
    "events.V1InvoiceitemDiscountRemovedEvent": "fetch_related_object",
    "events.V1IssuingAuthorizationCreatedEvent": "fetch_related_object",
    "events.V1IssuingAuthorizationRequestEvent": "fetch_related_object",
    "events.V1IssuingAuthorizationUpdatedEvent": "fetch_related_object",
    "events.V1IssuingCardCreatedEvent": "fetch_related_object",
    "events.V1IssuingCardUpdatedEvent": "fetch_related_object",
    "events.V1IssuingCardholderCreatedEvent": "fetch_related_object",
    "events.V1IssuingCardholderUpdatedEvent": "fetch_related_object",
    "events.V1IssuingDisputeClosedEvent": "fetch_related_object",
    "events.V1IssuingDisputeCreatedEvent": "fetch_related_object",
    "events.V1IssuingDisputeFundsReinstatedEvent": "fetch_related_object",
    "events.V1IssuingDisputeFundsRescindedEvent": "fetch_related_object",
    "events.V1IssuingDisputeSubmittedEvent": "fetch_related_object",
    "events.V1IssuingDisputeUpdatedEvent": "fetch_related_object",
    "events.V1IssuingPersonalizationDesignActivatedEvent": "fetch_related_object",
    "events.V1IssuingPersonalizationDesignDeactivatedEvent": "fetch_related_object",
    "events.V1IssuingPersonalizationDesignRejectedEvent": "fetch_related_object",
    "events.V1IssuingPersonalizationDesignUpdatedEvent": "fetch_related_object",
    "events.V1IssuingTokenCreatedEvent": "fetch_related_object",
    "events.V1IssuingTokenUpdatedEvent": "fetch_related_object",
    "events.V1IssuingTransactionCreatedEvent": "fetch_related_object",
    "events.V1IssuingTransactionPurchaseDetailsReceiptUpdatedEvent": "fetch_related_object",
    "events.V1IssuingTransactionUpdatedEvent": "fetch_related_object",
    "events.V1MandateUpdatedEvent": "fetch_related_object",
    "events.V1PaymentIntentAmountCapturableUpdatedEvent": "fetch_related_object",
    "events.V1PaymentIntentCanceledEvent": "fetch_related_object",
    "events.V1PaymentIntentCreatedEvent": "fetch_related_object",
    "events.V1PaymentIntentPartiallyFundedEvent": "fetch_related_object",
    "events.V1PaymentIntentPaymentFailedEvent": "fetch_related_object",
    "events.V1PaymentIntentProcessingEvent": "fetch_related_object",
    "events.V1PaymentIntentRequiresActionEvent": "fetch_related_object",
    "events.V1PaymentIntentSucceededEvent": "fetch_related_object",
    "events.V1PaymentLinkCreatedEvent": "fetch_related_object",
    "events.V1PaymentLinkUpdatedEvent": "fetch_related_object",
    "events.V1PaymentMethodAttachedEvent": "fetch_related_object",
    "events.V1PaymentMethodAutomaticallyUpdatedEvent": "fetch_related_object",
    "events.V1PaymentMethodDetachedEvent": "fetch_related_object",
    "events.V1PaymentMethodUpdatedEvent": "fetch_related_object",
    "events.V1PayoutCanceledEvent": "fetch_related_object",
    "events.V1PayoutCreatedEvent": "fetch_related_object",
    "events.V1PayoutFailedEvent": "fetch_related_object",
    "events.V1PayoutPaidEvent": "fetch_related_object",
    "events.V1PayoutReconciliationCompletedEvent": "fetch_related_object",
    "events.V1PayoutUpdatedEvent": "fetch_related_object",
    "events.V1PersonCreatedEvent": "fetch_related_object",
    "events.V1PersonDeletedEvent": "fetch_related_object",
    "events.V1PersonUpdatedEvent": "fetch_related_object",
    "events.V1PlanCreatedEvent": "fetch_related_object",
    "events.V1PlanDeletedEvent": "fetch_related_object",
    "events.V1PlanUpdatedEvent": "fetch_related_object",
    "events.V1PriceActivatedEvent": "fetch_related_object",
    "events.V1PriceCreatedEvent": "fetch_related_object",
    "events.V1PriceDeactivatedEvent": "fetch_related_object",
    "events.V1PriceDeletedEvent": "fetch_related_object",
    "events.V1PriceLookupKeyChangedEvent": "fetch_related_object",
    "events.V1PriceTaxBehaviorChangedEvent": "fetch_related_object",
    "events.V1PriceUpdatedEvent": "fetch_related_object",
    "events.V1ProductActivatedEvent": "fetch_related_object",
    "events.V1ProductCreatedEvent": "fetch_related_object",
    "events.V1ProductDeactivatedEvent": "fetch_related_object",
    "events.V1ProductDefaultPriceChangedEvent": "fetch_related_object",
    "events.V1ProductDeletedEvent": "fetch_related_object",
    "events.V1ProductTaxCodeChangedEvent": "fetch_related_object",
    "events.V1ProductUpdatedEvent": "fetch_related_object",
    "events.V1PromotionCodeCreatedEvent": "fetch_related_object",
    "events.V1PromotionCodeFullyRedeemedEvent": "fetch_related_object",
    "events.V1PromotionCodeUpdatedEvent": "fetch_related_object",
    "events.V1QuoteAcceptedEvent": "fetch_related_object",
    "events.V1QuoteCanceledEvent": "fetch_related_object",
    "events.V1QuoteCreatedEvent": "fetch_related_object",
    "events.V1QuoteFinalizedEvent": "fetch_related_object",
    "events.V1RadarEarlyFraudWarningCreatedEvent": "fetch_related_object",
    "events.V1RadarEarlyFraudWarningUpdatedEvent": "fetch_related_object",
    "events.V1RefundCreatedEvent": "fetch_related_object",
    "events.V1RefundFailedEvent": "fetch_related_object",
    "events.V1RefundUpdatedEvent": "fetch_related_object",
    "events.V1ReviewClosedEvent": "fetch_related_object",
    "events.V1ReviewOpenedEvent": "fetch_related_object",
    "events.V1SetupIntentCanceledEvent": "fetch_related_object",
    "events.V1SetupIntentCreatedEvent": "fetch_related_object",
    "events.V1SetupIntentRequiresActionEvent": "fetch_related_object",
    "events.V1SetupIntentSetupFailedEvent": "fetch_related_object",
    "events.V1SetupIntentSucceededEvent": "fetch_related_object",
    "events.V1SigmaScheduledQueryRunCreatedEvent": "fetch_related_object",
    "events.V1SourceCanceledEvent": "fetch_related_object",
    "events.V1SourceChargeableEvent": "fetch_related_object",
    "events.V1SourceFailedEvent": "fetch_related_object",
    "events.V1SourceRefundAttributesRequiredEvent": "fetch_related_object",
    "events.V1SubscriptionScheduleAbortedEvent": "fetch_related_object",
    "events.V1SubscriptionScheduleCanceledEvent": "fetch_related_object",
    "events.V1SubscriptionScheduleCompletedEvent": "fetch_related_object",
    "events.V1SubscriptionScheduleCreatedEvent": "fetch_related_object",
    "events.V1SubscriptionScheduleExpiringEvent": "fetch_related_object",
    "events.V1SubscriptionSchedulePhaseAddedEvent": "fetch_related_object",
    "events.V1SubscriptionSchedulePhaseDefaultTaxRatesChangedEvent": "fetch_related_object",
    "events.V1SubscriptionSchedulePhaseEndDateChangedEvent": "fetch_related_object",
    "events.V1SubscriptionSchedulePhaseRemovedEvent": "fetch_related_object",
    "events.V1SubscriptionSchedulePhaseTrialEndChangedEvent": "fetch_related_object",
    "events.V1SubscriptionScheduleReleasedEvent": "fetch_related_object",
    "events.V1SubscriptionScheduleUpdatedEvent": "fetch_related_object",
    "events.V1TaxRateCreatedEvent": "fetch_related_object",
    "events.V1TaxRateUpdatedEvent": "fetch_related_object",
    "events.V1TaxSettingsUpdatedEvent": "fetch_related_object",
    "events.V1TerminalReaderActionFailedEvent": "fetch_related_object",
    "events.V1TerminalReaderActionSucceededEvent": "fetch_related_object",
    "events.V1TerminalReaderActionUpdatedEvent": "fetch_related_object",
    "events.V1TestHelpersTestClockAdvancingEvent": "fetch_related_object",
    "events.V1TestHelpersTestClockCreatedEvent": "fetch_related_object",
    "events.V1TestHelpersTestClockDeletedEvent": "fetch_related_object",
    "events.V1TestHelpersTestClockInternalFailureEvent": "fetch_related_object",
    "events.V1TestHelpersTestClockReadyEvent": "fetch_related_object",
    "events.V1TopupCanceledEvent": "fetch_related_object",
    "events.V1TopupCreatedEvent": "fetch_related_object",
    "events.V1TopupFailedEvent": "fetch_related_object",
    "events.V1TopupReversedEvent": "fetch_related_object",
    "events.V1TopupSucceededEvent": "fetch_related_object",
    "events.V1TransferCreatedEvent": "fetch_related_object",
    "events.V1TransferReversedEvent": "fetch_related_object",
    "events.V1TransferUpdatedEvent": "fetch_related_object",
    "events.V2CommerceProductCatalogImportsFailedEvent": "fetch_related_object",
    "events.V2CommerceProductCatalogImportsProcessingEvent": "fetch_related_object",
    "events.V2CommerceProductCatalogImportsSucceededEvent": "fetch_related_object",
    "events.V2CommerceProductCatalogImportsSucceededWithErrorsEvent": "fetch_related_object",
    "events.V2CoreAccountClosedEvent": "fetch_related_object",
    "events.V2CoreAccountCreatedEvent": "fetch_related_object",
    "events.V2CoreAccountIncludingConfigurationCustomerCapabilityStatusUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountIncludingConfigurationCustomerUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountIncludingConfigurationMerchantCapabilityStatusUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountIncludingConfigurationMerchantUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountIncludingConfigurationRecipientCapabilityStatusUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountIncludingConfigurationRecipientUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountIncludingDefaultsUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountIncludingFutureRequirementsUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountIncludingIdentityUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountIncludingRequirementsUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountPersonCreatedEvent": "fetch_related_object",
    "events.V2CoreAccountPersonDeletedEvent": "fetch_related_object",
    "events.V2CoreAccountPersonUpdatedEvent": "fetch_related_object",
    "events.V2CoreAccountUpdatedEvent": "fetch_related_object",
    "events.V2CoreEventDestinationPingEvent": "fetch_related_object",
    "events.V2MoneyManagementAdjustmentCreatedEvent": "fetch_related_object",
    "events.V2MoneyManagementFinancialAccountCreatedEvent": "fetch_related_object",
    "events.V2MoneyManagementFinancialAccountUpdatedEvent": "fetch_related_object",
    "events.V2MoneyManagementFinancialAddressActivatedEvent": "fetch_related_object",
    "events.V2MoneyManagementFinancialAddressFailedEvent": "fetch_related_object",
    "events.V2MoneyManagementInboundTransferAvailableEvent": "fetch_related_object",
    "events.V2MoneyManagementInboundTransferBankDebitFailedEvent": "fetch_related_object",
    "events.V2MoneyManagementInboundTransferBankDebitProcessingEvent": "fetch_related_object",
    "events.V2MoneyManagementInboundTransferBankDebitQueuedEvent": "fetch_related_object",
    "events.V2MoneyManagementInboundTransferBankDebitReturnedEvent": "fetch_related_object",
    "events.V2MoneyManagementInboundTransferBankDebitSucceededEvent": "fetch_related_object",
    "events.V2MoneyManagementOutboundPaymentCanceledEvent": "fetch_related_object",
    "events.V2MoneyManagementOutboundPaymentCreatedEvent": "fetch_related_object",
    "events.V2MoneyManagementOutboundPaymentFailedEvent": "fetch_related_object",
    "events.V2MoneyManagementOutboundPaymentPostedEvent": "fetch_related_object",
    "events.V2MoneyManagementOutboundPaymentReturnedEvent": "fetch_related_object",
    "events.V2MoneyManagementOutboundPaymentUnderReviewEvent": "fetch_related_object",
    "events.V2MoneyManagementOutboundPaymentUpdatedEvent": "fetch_related_object",
    "events.V2MoneyManagementPayoutIntentCanceledEvent": "fetch_related_object",
    "events.V2MoneyManagementPayoutIntentCreatedEvent": "fetch_related_object",
    "events.V2MoneyManagementPayoutIntentPendingEvent": "fetch_related_object",
    "events.V2MoneyManagementPayoutIntentPostedEvent": "fetch_related_object",
    "events.V2MoneyManagementPayoutIntentProcessingEvent": "fetch_related_object",
    "events.V2MoneyManagementPayoutIntentRequiresActionEvent": "fetch_related_object",
    "events.V2MoneyManagementPayoutIntentUpdatedEvent": "fetch_related_object",
    "events.V2MoneyManagementPayoutMethodCreatedEvent": "fetch_related_object",
    "events.V2MoneyManagementPayoutMethodUpdatedEvent": "fetch_related_object",
    "events.V2MoneyManagementReceivedCreditAvailableEvent": "fetch_related_object",
    "events.V2MoneyManagementReceivedCreditFailedEvent": "fetch_related_object",
    "events.V2MoneyManagementReceivedCreditReturnedEvent": "fetch_related_object",
    "events.V2MoneyManagementReceivedCreditSucceededEvent": "fetch_related_object",
    "events.V2MoneyManagementRecipientVerificationCreatedEvent": "fetch_related_object",
    "events.V2MoneyManagementRecipientVerificationUpdatedEvent": "fetch_related_object",
    "events.V2MoneyManagementTransactionCreatedEvent": "fetch_related_object",
    "events.V2MoneyManagementTransactionUpdatedEvent": "fetch_related_object",
    "financial_connections.Account": (
        "auto_paging_iter disconnect list list_owners refresh refresh_account retrieve subscribe "
        "unsubscribe"
    ),
    "financial_connections.Session": "create refresh retrieve",
    "financial_connections.Transaction": "auto_paging_iter list refresh retrieve",
    "forwarding.Request": "auto_paging_iter create list refresh retrieve",
    "identity.VerificationReport": "auto_paging_iter list refresh retrieve",
    "identity.VerificationSession": "auto_paging_iter cancel create list modify redact refresh retrieve save",
    "issuing.Authorization": "approve auto_paging_iter decline list modify refresh retrieve save",
    "issuing.Card": "auto_paging_iter create list modify refresh retrieve save",
    "issuing.Cardholder": "auto_paging_iter create list modify refresh retrieve save",
    "issuing.Dispute": "auto_paging_iter create list modify refresh retrieve save submit",
    "issuing.PersonalizationDesign": "auto_paging_iter create list modify refresh retrieve save",
    "issuing.PhysicalBundle": "auto_paging_iter list refresh retrieve",
    "issuing.Token": "auto_paging_iter list modify refresh retrieve save",
    "issuing.Transaction": "auto_paging_iter list modify refresh retrieve save",
    "product_catalog.TrialOffer": "auto_paging_iter create list modify refresh retrieve save",
    "radar.EarlyFraudWarning": "auto_paging_iter list refresh retrieve",
    "radar.PaymentEvaluation": "create refresh retrieve",
    "radar.ValueList": "auto_paging_iter create delete list modify refresh retrieve save",
    "radar.ValueListItem": "auto_paging_iter create delete list refresh retrieve",
    "reporting.ReportRun": "auto_paging_iter create list refresh retrieve",
    "reporting.ReportType": "auto_paging_iter list refresh retrieve",
    "sigma.ScheduledQueryRun": "auto_paging_iter list refresh retrieve",
    "tax.Association": "find refresh retrieve",
    "tax.Calculation": "create list_line_items refresh retrieve",
    "tax.Location": "auto_paging_iter create list refresh retrieve",
    "tax.Registration": "auto_paging_iter create list modify refresh retrieve save",
    "tax.Settings": "modify refresh retrieve save",
    "tax.Transaction": "create_from_calculation create_reversal list_line_items refresh retrieve",
    "terminal.Configuration": "auto_paging_iter create delete list modify refresh retrieve save",
    "terminal.ConnectionToken": "create refresh retrieve",
    "terminal.Location": "auto_paging_iter create delete list modify refresh retrieve save",
    "terminal.OnboardingLink": "create refresh retrieve",
    "terminal.Reader": (
        "auto_paging_iter cancel_action collect_inputs collect_payment_method "
        "confirm_payment_intent create delete list modify process_payment_intent "
        "process_setup_intent refresh refund_payment retrieve save set_reader_display"
    ),
    "test_helpers.TestClock": "advance auto_paging_iter create delete list refresh retrieve",
    "three_d_secure.Authentication": "auto_paging_iter cancel create list refresh retrieve submit",
    "treasury.CreditReversal": "auto_paging_iter create list refresh retrieve",
    "treasury.DebitReversal": "auto_paging_iter create list refresh retrieve",
    "treasury.FinancialAccount": (
        "auto_paging_iter close create list modify refresh retrieve retrieve_features save "
        "update_features"
    ),
    "treasury.InboundTransfer": "auto_paging_iter cancel create list refresh retrieve",
    "treasury.OutboundPayment": "auto_paging_iter cancel create list refresh retrieve",
    "treasury.OutboundTransfer": "auto_paging_iter cancel create list refresh retrieve",
    "treasury.ReceivedCredit": "auto_paging_iter list refresh retrieve",
    "treasury.ReceivedDebit": "auto_paging_iter list refresh retrieve",
    "treasury.Transaction": "auto_paging_iter list refresh retrieve",
    "treasury.TransactionEntry": "auto_paging_iter list refresh retrieve",
}

# where each resource class is defined -> its public name
STRIPE_RESOURCE_MODULES: dict[str, str] = {
    "_account.Account": "Account",
    "_account_link.AccountLink": "AccountLink",
    "_account_session.AccountSession": "AccountSession",
    "_api_resource.APIResource": "APIResource",
    "_apple_pay_domain.ApplePayDomain": "ApplePayDomain",
    "_application_fee.ApplicationFee": "ApplicationFee",
    "_application_fee_refund.ApplicationFeeRefund": "ApplicationFeeRefund",
    "_balance.Balance": "Balance",
    "_balance_settings.BalanceSettings": "BalanceSettings",
    "_balance_transaction.BalanceTransaction": "BalanceTransaction",
    "_bank_account.BankAccount": "BankAccount",
    "_capability.Capability": "Capability",
    "_card.Card": "Card",
    "_charge.Charge": "Charge",
    "_confirmation_token.ConfirmationToken": "ConfirmationToken",
    "_country_spec.CountrySpec": "CountrySpec",
    "_coupon.Coupon": "Coupon",
    "_createable_api_resource.CreateableAPIResource": "CreateableAPIResource",
    "_credit_note.CreditNote": "CreditNote",
    "_customer.Customer": "Customer",
    "_customer_balance_transaction.CustomerBalanceTransaction": "CustomerBalanceTransaction",
    "_customer_session.CustomerSession": "CustomerSession",
    "_deletable_api_resource.DeletableAPIResource": "DeletableAPIResource",
    "_dispute.Dispute": "Dispute",
    "_ephemeral_key.EphemeralKey": "EphemeralKey",
    "_event.Event": "Event",
    "_exchange_rate.ExchangeRate": "ExchangeRate",
    "_file.File": "File",
    "_file_link.FileLink": "FileLink",
    "_http_client.HTTPXClient": "HTTPXClient",
    "_invoice.Invoice": "Invoice",
    "_invoice_item.InvoiceItem": "InvoiceItem",
    "_invoice_line_item.InvoiceLineItem": "InvoiceLineItem",
    "_invoice_payment.InvoicePayment": "InvoicePayment",
    "_invoice_rendering_template.InvoiceRenderingTemplate": "InvoiceRenderingTemplate",
    "_list_object.ListObject": "ListObject",
    "_listable_api_resource.ListableAPIResource": "ListableAPIResource",
    "_mandate.Mandate": "Mandate",
    "_oauth.OAuth": "OAuth",
    "_payment_attempt_record.PaymentAttemptRecord": "PaymentAttemptRecord",
    "_payment_intent.PaymentIntent": "PaymentIntent",
    "_payment_link.PaymentLink": "PaymentLink",
    "_payment_method.PaymentMethod": "PaymentMethod",
    "_payment_method_configuration.PaymentMethodConfiguration": "PaymentMethodConfiguration",
    "_payment_method_domain.PaymentMethodDomain": "PaymentMethodDomain",
    "_payment_record.PaymentRecord": "PaymentRecord",
    "_payout.Payout": "Payout",
    "_person.Person": "Person",
    "_plan.Plan": "Plan",
    "_price.Price": "Price",
    "_product.Product": "Product",
    "_promotion_code.PromotionCode": "PromotionCode",
    "_quote.Quote": "Quote",
    "_refund.Refund": "Refund",
    "_review.Review": "Review",
    "_search_result_object.SearchResultObject": "SearchResultObject",
    "_searchable_api_resource.SearchableAPIResource": "SearchableAPIResource",
    "_setup_attempt.SetupAttempt": "SetupAttempt",
    "_setup_intent.SetupIntent": "SetupIntent",
    "_shipping_rate.ShippingRate": "ShippingRate",
    "_singleton_api_resource.SingletonAPIResource": "SingletonAPIResource",
    "_source.Source": "Source",
    "_subscription.Subscription": "Subscription",
    "_subscription_item.SubscriptionItem": "SubscriptionItem",
    "_subscription_schedule.SubscriptionSchedule": "SubscriptionSchedule",
    "_tax_code.TaxCode": "TaxCode",
    "_tax_id.TaxId": "TaxId",
    "_tax_rate.TaxRate": "TaxRate",
    "_token.Token": "Token",
    "_topup.Topup": "Topup",
    "_transfer.Transfer": "Transfer",
    "_transfer_reversal.TransferReversal": "TransferReversal",
    "_updateable_api_resource.UpdateableAPIResource": "UpdateableAPIResource",
    "_verify_mixin.VerifyMixin": "VerifyMixin",
    "_webhook_endpoint.WebhookEndpoint": "WebhookEndpoint",
    "apps._install.Install": "apps.Install",
    "apps._secret.Secret": "apps.Secret",
    "billing._alert.Alert": "billing.Alert",
    "billing._credit_balance_summary.CreditBalanceSummary": "billing.CreditBalanceSummary",
    "billing._credit_balance_transaction.CreditBalanceTransaction": "billing.CreditBalanceTransaction",
    "billing._credit_grant.CreditGrant": "billing.CreditGrant",
    "billing._feedback_option.FeedbackOption": "billing.FeedbackOption",
    "billing._meter.Meter": "billing.Meter",
    "billing._meter_event.MeterEvent": "billing.MeterEvent",
    "billing._meter_event_adjustment.MeterEventAdjustment": "billing.MeterEventAdjustment",
    "billing_portal._configuration.Configuration": "billing_portal.Configuration",
    "billing_portal._session.Session": "billing_portal.Session",
    "checkout._session.Session": "checkout.Session",
    "climate._order.Order": "climate.Order",
    "climate._product.Product": "climate.Product",
    "climate._supplier.Supplier": "climate.Supplier",
    "entitlements._active_entitlement.ActiveEntitlement": "entitlements.ActiveEntitlement",
    "entitlements._feature.Feature": "entitlements.Feature",
    "events._v1_account_updated_event.V1AccountUpdatedEvent": "events.V1AccountUpdatedEvent",
    "events._v1_application_fee_created_event.V1ApplicationFeeCreatedEvent": "events.V1ApplicationFeeCreatedEvent",
    "events._v1_application_fee_refund_updated_event.V1ApplicationFeeRefundUpdatedEvent": (
        "events.V1ApplicationFeeRefundUpdatedEvent"
    ),
    "events._v1_application_fee_refunded_event.V1ApplicationFeeRefundedEvent": "events.V1ApplicationFeeRefundedEvent",
    "events._v1_balance_available_event.V1BalanceAvailableEvent": "events.V1BalanceAvailableEvent",
    "events._v1_balance_settings_updated_event.V1BalanceSettingsUpdatedEvent": "events.V1BalanceSettingsUpdatedEvent",
    "events._v1_billing_alert_triggered_event.V1BillingAlertTriggeredEvent": "events.V1BillingAlertTriggeredEvent",
    "events._v1_billing_credit_balance_transaction_created_event.V1BillingCreditBalanceTransactionCreatedEvent": (
        "events.V1BillingCreditBalanceTransactionCreatedEvent"
    ),
    "events._v1_billing_credit_grant_created_event.V1BillingCreditGrantCreatedEvent": (
        "events.V1BillingCreditGrantCreatedEvent"
    ),
    "events._v1_billing_credit_grant_updated_event.V1BillingCreditGrantUpdatedEvent": (
        "events.V1BillingCreditGrantUpdatedEvent"
    ),
    "events._v1_billing_meter_created_event.V1BillingMeterCreatedEvent": "events.V1BillingMeterCreatedEvent",
    "events._v1_billing_meter_deactivated_event.V1BillingMeterDeactivatedEvent": (
        "events.V1BillingMeterDeactivatedEvent"
    ),
    "events._v1_billing_meter_error_report_triggered_event.V1BillingMeterErrorReportTriggeredEvent": (
        "events.V1BillingMeterErrorReportTriggeredEvent"
    ),
    "events._v1_billing_meter_reactivated_event.V1BillingMeterReactivatedEvent": (
        "events.V1BillingMeterReactivatedEvent"
    ),
    "events._v1_billing_meter_updated_event.V1BillingMeterUpdatedEvent": "events.V1BillingMeterUpdatedEvent",
    "events._v1_billing_portal_configuration_created_event.V1BillingPortalConfigurationCreatedEvent": (
        "events.V1BillingPortalConfigurationCreatedEvent"
    ),
    "events._v1_billing_portal_configuration_updated_event.V1BillingPortalConfigurationUpdatedEvent": (
        "events.V1BillingPortalConfigurationUpdatedEvent"
    ),
    "events._v1_capability_updated_event.V1CapabilityUpdatedEvent": "events.V1CapabilityUpdatedEvent",
    "events._v1_cash_balance_funds_available_event.V1CashBalanceFundsAvailableEvent": (
        "events.V1CashBalanceFundsAvailableEvent"
    ),
    "events._v1_charge_captured_event.V1ChargeCapturedEvent": "events.V1ChargeCapturedEvent",
    "events._v1_charge_dispute_closed_event.V1ChargeDisputeClosedEvent": "events.V1ChargeDisputeClosedEvent",
    "events._v1_charge_dispute_created_event.V1ChargeDisputeCreatedEvent": "events.V1ChargeDisputeCreatedEvent",
    "events._v1_charge_dispute_funds_reinstated_event.V1ChargeDisputeFundsReinstatedEvent": (
        "events.V1ChargeDisputeFundsReinstatedEvent"
    ),
    "events._v1_charge_dispute_funds_withdrawn_event.V1ChargeDisputeFundsWithdrawnEvent": (
        "events.V1ChargeDisputeFundsWithdrawnEvent"
    ),
    "events._v1_charge_dispute_updated_event.V1ChargeDisputeUpdatedEvent": "events.V1ChargeDisputeUpdatedEvent",
    "events._v1_charge_expired_event.V1ChargeExpiredEvent": "events.V1ChargeExpiredEvent",
    "events._v1_charge_failed_event.V1ChargeFailedEvent": "events.V1ChargeFailedEvent",
    "events._v1_charge_pending_event.V1ChargePendingEvent": "events.V1ChargePendingEvent",
    "events._v1_charge_refund_updated_event.V1ChargeRefundUpdatedEvent": "events.V1ChargeRefundUpdatedEvent",
    "events._v1_charge_refunded_event.V1ChargeRefundedEvent": "events.V1ChargeRefundedEvent",
    "events._v1_charge_succeeded_event.V1ChargeSucceededEvent": "events.V1ChargeSucceededEvent",
    "events._v1_charge_updated_event.V1ChargeUpdatedEvent": "events.V1ChargeUpdatedEvent",
    "events._v1_checkout_session_async_payment_failed_event.V1CheckoutSessionAsyncPaymentFailedEvent": (
        "events.V1CheckoutSessionAsyncPaymentFailedEvent"
    ),
    "events._v1_checkout_session_async_payment_succeeded_event.V1CheckoutSessionAsyncPaymentSucceededEvent": (
        "events.V1CheckoutSessionAsyncPaymentSucceededEvent"
    ),
    "events._v1_checkout_session_completed_event.V1CheckoutSessionCompletedEvent": (
        "events.V1CheckoutSessionCompletedEvent"
    ),
    "events._v1_checkout_session_expired_event.V1CheckoutSessionExpiredEvent": "events.V1CheckoutSessionExpiredEvent",
    "events._v1_climate_order_canceled_event.V1ClimateOrderCanceledEvent": "events.V1ClimateOrderCanceledEvent",
    "events._v1_climate_order_created_event.V1ClimateOrderCreatedEvent": "events.V1ClimateOrderCreatedEvent",
    "events._v1_climate_order_delayed_event.V1ClimateOrderDelayedEvent": "events.V1ClimateOrderDelayedEvent",
    "events._v1_climate_order_delivered_event.V1ClimateOrderDeliveredEvent": "events.V1ClimateOrderDeliveredEvent",
    "events._v1_climate_order_product_substituted_event.V1ClimateOrderProductSubstitutedEvent": (
        "events.V1ClimateOrderProductSubstitutedEvent"
    ),
    "events._v1_climate_product_created_event.V1ClimateProductCreatedEvent": "events.V1ClimateProductCreatedEvent",
    "events._v1_climate_product_pricing_updated_event.V1ClimateProductPricingUpdatedEvent": (
        "events.V1ClimateProductPricingUpdatedEvent"
    ),
    "events._v1_coupon_created_event.V1CouponCreatedEvent": "events.V1CouponCreatedEvent",
    "events._v1_coupon_deleted_event.V1CouponDeletedEvent": "events.V1CouponDeletedEvent",
    "events._v1_coupon_updated_event.V1CouponUpdatedEvent": "events.V1CouponUpdatedEvent",
    "events._v1_credit_note_created_event.V1CreditNoteCreatedEvent": "events.V1CreditNoteCreatedEvent",
    "events._v1_credit_note_updated_event.V1CreditNoteUpdatedEvent": "events.V1CreditNoteUpdatedEvent",
    "events._v1_credit_note_voided_event.V1CreditNoteVoidedEvent": "events.V1CreditNoteVoidedEvent",
    "events._v1_customer_cash_balance_transaction_created_event.V1CustomerCashBalanceTransactionCreatedEvent": (
        "events.V1CustomerCashBalanceTransactionCreatedEvent"
    ),
    "events._v1_customer_created_event.V1CustomerCreatedEvent": "events.V1CustomerCreatedEvent",
    "events._v1_customer_deleted_event.V1CustomerDeletedEvent": "events.V1CustomerDeletedEvent",
    "events._v1_customer_discount_created_event.V1CustomerDiscountCreatedEvent": (
        "events.V1CustomerDiscountCreatedEvent"
    ),
    "events._v1_customer_discount_deleted_event.V1CustomerDiscountDeletedEvent": (
        "events.V1CustomerDiscountDeletedEvent"
    ),
    "events._v1_customer_discount_updated_event.V1CustomerDiscountUpdatedEvent": (
        "events.V1CustomerDiscountUpdatedEvent"
    ),
    "events._v1_customer_subscription_active_event.V1CustomerSubscriptionActiveEvent": (
        "events.V1CustomerSubscriptionActiveEvent"
    ),
    "events._v1_customer_subscription_cancel_at_changed_event.V1CustomerSubscriptionCancelAtChangedEvent": (
        "events.V1CustomerSubscriptionCancelAtChangedEvent"
    ),
    "events._v1_customer_subscription_created_event.V1CustomerSubscriptionCreatedEvent": (
        "events.V1CustomerSubscriptionCreatedEvent"
    ),
    "events._v1_customer_subscription_default_payment_method_changed_event.V1CustomerSubscriptionDefaultPaymentMethodChangedEvent": (
        "events.V1CustomerSubscriptionDefaultPaymentMethodChangedEvent"
    ),
    "events._v1_customer_subscription_deleted_event.V1CustomerSubscriptionDeletedEvent": (
        "events.V1CustomerSubscriptionDeletedEvent"
    ),
    "events._v1_customer_subscription_incomplete_event.V1CustomerSubscriptionIncompleteEvent": (
        "events.V1CustomerSubscriptionIncompleteEvent"
    ),
    "events._v1_customer_subscription_incomplete_expired_event.V1CustomerSubscriptionIncompleteExpiredEvent": (
        "events.V1CustomerSubscriptionIncompleteExpiredEvent"
    ),
    "events._v1_customer_subscription_item_added_event.V1CustomerSubscriptionItemAddedEvent": (
        "events.V1CustomerSubscriptionItemAddedEvent"
    ),
    "events._v1_customer_subscription_item_price_changed_event.V1CustomerSubscriptionItemPriceChangedEvent": (
        "events.V1CustomerSubscriptionItemPriceChangedEvent"
    ),
    "events._v1_customer_subscription_item_quantity_changed_event.V1CustomerSubscriptionItemQuantityChangedEvent": (
        "events.V1CustomerSubscriptionItemQuantityChangedEvent"
    ),
    "events._v1_customer_subscription_item_removed_event.V1CustomerSubscriptionItemRemovedEvent": (
        "events.V1CustomerSubscriptionItemRemovedEvent"
    ),
    "events._v1_customer_subscription_item_tax_rates_changed_event.V1CustomerSubscriptionItemTaxRatesChangedEvent": (
        "events.V1CustomerSubscriptionItemTaxRatesChangedEvent"
    ),
    "events._v1_customer_subscription_past_due_event.V1CustomerSubscriptionPastDueEvent": (
        "events.V1CustomerSubscriptionPastDueEvent"
    ),
    "events._v1_customer_subscription_paused_event.V1CustomerSubscriptionPausedEvent": (
        "events.V1CustomerSubscriptionPausedEvent"
    ),
    "events._v1_customer_subscription_pending_update_applied_event.V1CustomerSubscriptionPendingUpdateAppliedEvent": (
        "events.V1CustomerSubscriptionPendingUpdateAppliedEvent"
    ),
    "events._v1_customer_subscription_pending_update_expired_event.V1CustomerSubscriptionPendingUpdateExpiredEvent": (
        "events.V1CustomerSubscriptionPendingUpdateExpiredEvent"
    ),
    "events._v1_customer_subscription_resumed_event.V1CustomerSubscriptionResumedEvent": (
        "events.V1CustomerSubscriptionResumedEvent"
    ),
    "events._v1_customer_subscription_trial_will_end_event.V1CustomerSubscriptionTrialWillEndEvent": (
        "events.V1CustomerSubscriptionTrialWillEndEvent"
    ),
    "events._v1_customer_subscription_trialing_event.V1CustomerSubscriptionTrialingEvent": (
        "events.V1CustomerSubscriptionTrialingEvent"
    ),
    "events._v1_customer_subscription_unpaid_event.V1CustomerSubscriptionUnpaidEvent": (
        "events.V1CustomerSubscriptionUnpaidEvent"
    ),
    "events._v1_customer_subscription_updated_event.V1CustomerSubscriptionUpdatedEvent": (
        "events.V1CustomerSubscriptionUpdatedEvent"
    ),
    "events._v1_customer_tax_id_created_event.V1CustomerTaxIdCreatedEvent": "events.V1CustomerTaxIdCreatedEvent",
    "events._v1_customer_tax_id_deleted_event.V1CustomerTaxIdDeletedEvent": "events.V1CustomerTaxIdDeletedEvent",
    "events._v1_customer_tax_id_updated_event.V1CustomerTaxIdUpdatedEvent": "events.V1CustomerTaxIdUpdatedEvent",
    "events._v1_customer_updated_event.V1CustomerUpdatedEvent": "events.V1CustomerUpdatedEvent",
    "events._v1_file_created_event.V1FileCreatedEvent": "events.V1FileCreatedEvent",
    "events._v1_financial_connections_account_account_numbers_updated_event.V1FinancialConnectionsAccountAccountNumbersUpdatedEvent": (
        "events.V1FinancialConnectionsAccountAccountNumbersUpdatedEvent"
    ),
    "events._v1_financial_connections_account_balance_refresh_failed_event.V1FinancialConnectionsAccountBalanceRefreshFailedEvent": (
        "events.V1FinancialConnectionsAccountBalanceRefreshFailedEvent"
    ),
    "events._v1_financial_connections_account_balance_refresh_succeeded_event.V1FinancialConnectionsAccountBalanceRefreshSucceededEvent": (
        "events.V1FinancialConnectionsAccountBalanceRefreshSucceededEvent"
    ),
    "events._v1_financial_connections_account_created_event.V1FinancialConnectionsAccountCreatedEvent": (
        "events.V1FinancialConnectionsAccountCreatedEvent"
    ),
    "events._v1_financial_connections_account_deactivated_event.V1FinancialConnectionsAccountDeactivatedEvent": (
        "events.V1FinancialConnectionsAccountDeactivatedEvent"
    ),
    "events._v1_financial_connections_account_disconnected_event.V1FinancialConnectionsAccountDisconnectedEvent": (
        "events.V1FinancialConnectionsAccountDisconnectedEvent"
    ),
    "events._v1_financial_connections_account_expected_deactivation_date_updated_event.V1FinancialConnectionsAccountExpectedDeactivationDateUpdatedEvent": (
        "events.V1FinancialConnectionsAccountExpectedDeactivationDateUpdatedEvent"
    ),
    "events._v1_financial_connections_account_inferred_balances_refresh_failed_event.V1FinancialConnectionsAccountInferredBalancesRefreshFailedEvent": (
        "events.V1FinancialConnectionsAccountInferredBalancesRefreshFailedEvent"
    ),
    "events._v1_financial_connections_account_inferred_balances_refresh_succeeded_event.V1FinancialConnectionsAccountInferredBalancesRefreshSucceededEvent": (
        "events.V1FinancialConnectionsAccountInferredBalancesRefreshSucceededEvent"
    ),
    "events._v1_financial_connections_account_ownership_refresh_failed_event.V1FinancialConnectionsAccountOwnershipRefreshFailedEvent": (
        "events.V1FinancialConnectionsAccountOwnershipRefreshFailedEvent"
    ),
    "events._v1_financial_connections_account_ownership_refresh_succeeded_event.V1FinancialConnectionsAccountOwnershipRefreshSucceededEvent": (
        "events.V1FinancialConnectionsAccountOwnershipRefreshSucceededEvent"
    ),
    "events._v1_financial_connections_account_reactivated_event.V1FinancialConnectionsAccountReactivatedEvent": (
        "events.V1FinancialConnectionsAccountReactivatedEvent"
    ),
    "events._v1_financial_connections_account_refreshed_balance_event.V1FinancialConnectionsAccountRefreshedBalanceEvent": (
        "events.V1FinancialConnectionsAccountRefreshedBalanceEvent"
    ),
    "events._v1_financial_connections_account_refreshed_ownership_event.V1FinancialConnectionsAccountRefreshedOwnershipEvent": (
        "events.V1FinancialConnectionsAccountRefreshedOwnershipEvent"
    ),
    "events._v1_financial_connections_account_refreshed_transactions_event.V1FinancialConnectionsAccountRefreshedTransactionsEvent": (
        "events.V1FinancialConnectionsAccountRefreshedTransactionsEvent"
    ),
    "events._v1_financial_connections_account_risk_intelligence_refresh_failed_event.V1FinancialConnectionsAccountRiskIntelligenceRefreshFailedEvent": (
        "events.V1FinancialConnectionsAccountRiskIntelligenceRefreshFailedEvent"
    ),
    "events._v1_financial_connections_account_risk_intelligence_refresh_succeeded_event.V1FinancialConnectionsAccountRiskIntelligenceRefreshSucceededEvent": (
        "events.V1FinancialConnectionsAccountRiskIntelligenceRefreshSucceededEvent"
    ),
    "events._v1_financial_connections_account_supported_payment_method_types_updated_event.V1FinancialConnectionsAccountSupportedPaymentMethodTypesUpdatedEvent": (
        "events.V1FinancialConnectionsAccountSupportedPaymentMethodTypesUpdatedEvent"
    ),
    "events._v1_financial_connections_account_transactions_refresh_failed_event.V1FinancialConnectionsAccountTransactionsRefreshFailedEvent": (
        "events.V1FinancialConnectionsAccountTransactionsRefreshFailedEvent"
    ),
    "events._v1_financial_connections_account_transactions_refresh_succeeded_event.V1FinancialConnectionsAccountTransactionsRefreshSucceededEvent": (
        "events.V1FinancialConnectionsAccountTransactionsRefreshSucceededEvent"
    ),
    "events._v1_financial_connections_account_upcoming_account_number_expiry_event.V1FinancialConnectionsAccountUpcomingAccountNumberExpiryEvent": (
        "events.V1FinancialConnectionsAccountUpcomingAccountNumberExpiryEvent"
    ),
    "events._v1_financial_connections_account_upcoming_deactivation_event.V1FinancialConnectionsAccountUpcomingDeactivationEvent": (
        "events.V1FinancialConnectionsAccountUpcomingDeactivationEvent"
    ),
    "events._v1_identity_verification_session_canceled_event.V1IdentityVerificationSessionCanceledEvent": (
        "events.V1IdentityVerificationSessionCanceledEvent"
    ),
    "events._v1_identity_verification_session_created_event.V1IdentityVerificationSessionCreatedEvent": (
        "events.V1IdentityVerificationSessionCreatedEvent"
    ),
    "events._v1_identity_verification_session_processing_event.V1IdentityVerificationSessionProcessingEvent": (
        "events.V1IdentityVerificationSessionProcessingEvent"
    ),
    "events._v1_identity_verification_session_redacted_event.V1IdentityVerificationSessionRedactedEvent": (
        "events.V1IdentityVerificationSessionRedactedEvent"
    ),
    "events._v1_identity_verification_session_requires_input_event.V1IdentityVerificationSessionRequiresInputEvent": (
        "events.V1IdentityVerificationSessionRequiresInputEvent"
    ),
    "events._v1_identity_verification_session_verified_event.V1IdentityVerificationSessionVerifiedEvent": (
        "events.V1IdentityVerificationSessionVerifiedEvent"
    ),
    "events._v1_invoice_created_event.V1InvoiceCreatedEvent": "events.V1InvoiceCreatedEvent",
    "events._v1_invoice_deleted_event.V1InvoiceDeletedEvent": "events.V1InvoiceDeletedEvent",
    "events._v1_invoice_discount_added_event.V1InvoiceDiscountAddedEvent": "events.V1InvoiceDiscountAddedEvent",
    "events._v1_invoice_discount_removed_event.V1InvoiceDiscountRemovedEvent": "events.V1InvoiceDiscountRemovedEvent",
    "events._v1_invoice_finalization_failed_event.V1InvoiceFinalizationFailedEvent": (
        "events.V1InvoiceFinalizationFailedEvent"
    ),
    "events._v1_invoice_finalized_event.V1InvoiceFinalizedEvent": "events.V1InvoiceFinalizedEvent",
    "events._v1_invoice_line_item_added_event.V1InvoiceLineItemAddedEvent": "events.V1InvoiceLineItemAddedEvent",
    "events._v1_invoice_line_item_pricing_changed_event.V1InvoiceLineItemPricingChangedEvent": (
        "events.V1InvoiceLineItemPricingChangedEvent"
    ),
    "events._v1_invoice_line_item_quantity_changed_event.V1InvoiceLineItemQuantityChangedEvent": (
        "events.V1InvoiceLineItemQuantityChangedEvent"
    ),
    "events._v1_invoice_line_item_removed_event.V1InvoiceLineItemRemovedEvent": (
        "events.V1InvoiceLineItemRemovedEvent"
    ),
    "events._v1_invoice_marked_uncollectible_event.V1InvoiceMarkedUncollectibleEvent": (
        "events.V1InvoiceMarkedUncollectibleEvent"
    ),
    "events._v1_invoice_overdue_event.V1InvoiceOverdueEvent": "events.V1InvoiceOverdueEvent",
    "events._v1_invoice_overpaid_event.V1InvoiceOverpaidEvent": "events.V1InvoiceOverpaidEvent",
    "events._v1_invoice_paid_event.V1InvoicePaidEvent": "events.V1InvoicePaidEvent",
    "events._v1_invoice_payment_action_required_event.V1InvoicePaymentActionRequiredEvent": (
        "events.V1InvoicePaymentActionRequiredEvent"
    ),
    "events._v1_invoice_payment_attempt_required_event.V1InvoicePaymentAttemptRequiredEvent": (
        "events.V1InvoicePaymentAttemptRequiredEvent"
    ),
    "events._v1_invoice_payment_canceled_event.V1InvoicePaymentCanceledEvent": "events.V1InvoicePaymentCanceledEvent",
    "events._v1_invoice_payment_failed_event.V1InvoicePaymentFailedEvent": "events.V1InvoicePaymentFailedEvent",
    "events._v1_invoice_payment_open_event.V1InvoicePaymentOpenEvent": "events.V1InvoicePaymentOpenEvent",
    "events._v1_invoice_payment_paid_event.V1InvoicePaymentPaidEvent": "events.V1InvoicePaymentPaidEvent",
    "events._v1_invoice_payment_succeeded_event.V1InvoicePaymentSucceededEvent": (
        "events.V1InvoicePaymentSucceededEvent"
    ),
    "events._v1_invoice_sent_event.V1InvoiceSentEvent": "events.V1InvoiceSentEvent",
    "events._v1_invoice_updated_event.V1InvoiceUpdatedEvent": "events.V1InvoiceUpdatedEvent",
    "events._v1_invoice_voided_event.V1InvoiceVoidedEvent": "events.V1InvoiceVoidedEvent",
    "events._v1_invoice_will_be_due_event.V1InvoiceWillBeDueEvent": "events.V1InvoiceWillBeDueEvent",
    "events._v1_invoiceitem_amount_changed_event.V1InvoiceitemAmountChangedEvent": (
        "events.V1InvoiceitemAmountChangedEvent"
    ),
    "events._v1_invoiceitem_created_event.V1InvoiceitemCreatedEvent": "events.V1InvoiceitemCreatedEvent",
    "events._v1_invoiceitem_deleted_event.V1InvoiceitemDeletedEvent": "events.V1InvoiceitemDeletedEvent",
    "events._v1_invoiceitem_discount_added_event.V1InvoiceitemDiscountAddedEvent": (
        "events.V1InvoiceitemDiscountAddedEvent"
    ),
    "events._v1_invoiceitem_discount_removed_event.V1InvoiceitemDiscountRemovedEvent": (
        "events.V1InvoiceitemDiscountRemovedEvent"
    ),
    "events._v1_issuing_authorization_created_event.V1IssuingAuthorizationCreatedEvent": (
        "events.V1IssuingAuthorizationCreatedEvent"
    ),
    "events._v1_issuing_authorization_request_event.V1IssuingAuthorizationRequestEvent": (
        "events.V1IssuingAuthorizationRequestEvent"
    ),
    "events._v1_issuing_authorization_updated_event.V1IssuingAuthorizationUpdatedEvent": (
        "events.V1IssuingAuthorizationUpdatedEvent"
    ),
    "events._v1_issuing_card_created_event.V1IssuingCardCreatedEvent": "events.V1IssuingCardCreatedEvent",
    "events._v1_issuing_card_updated_event.V1IssuingCardUpdatedEvent": "events.V1IssuingCardUpdatedEvent",
    "events._v1_issuing_cardholder_created_event.V1IssuingCardholderCreatedEvent": (
        "events.V1IssuingCardholderCreatedEvent"
    ),
    "events._v1_issuing_cardholder_updated_event.V1IssuingCardholderUpdatedEvent": (
        "events.V1IssuingCardholderUpdatedEvent"
    ),
    "events._v1_issuing_dispute_closed_event.V1IssuingDisputeClosedEvent": "events.V1IssuingDisputeClosedEvent",
    "events._v1_issuing_dispute_created_event.V1IssuingDisputeCreatedEvent": "events.V1IssuingDisputeCreatedEvent",
    "events._v1_issuing_dispute_funds_reinstated_event.V1IssuingDisputeFundsReinstatedEvent": (
        "events.V1IssuingDisputeFundsReinstatedEvent"
    ),
    "events._v1_issuing_dispute_funds_rescinded_event.V1IssuingDisputeFundsRescindedEvent": (
        "events.V1IssuingDisputeFundsRescindedEvent"
    ),
    "events._v1_issuing_dispute_submitted_event.V1IssuingDisputeSubmittedEvent": (
        "events.V1IssuingDisputeSubmittedEvent"
    ),
    "events._v1_issuing_dispute_updated_event.V1IssuingDisputeUpdatedEvent": "events.V1IssuingDisputeUpdatedEvent",
    "events._v1_issuing_personalization_design_activated_event.V1IssuingPersonalizationDesignActivatedEvent": (
        "events.V1IssuingPersonalizationDesignActivatedEvent"
    ),
    "events._v1_issuing_personalization_design_deactivated_event.V1IssuingPersonalizationDesignDeactivatedEvent": (
        "events.V1IssuingPersonalizationDesignDeactivatedEvent"
    ),
    "events._v1_issuing_personalization_design_rejected_event.V1IssuingPersonalizationDesignRejectedEvent": (
        "events.V1IssuingPersonalizationDesignRejectedEvent"
    ),
    "events._v1_issuing_personalization_design_updated_event.V1IssuingPersonalizationDesignUpdatedEvent": (
        "events.V1IssuingPersonalizationDesignUpdatedEvent"
    ),
    "events._v1_issuing_token_created_event.V1IssuingTokenCreatedEvent": "events.V1IssuingTokenCreatedEvent",
    "events._v1_issuing_token_updated_event.V1IssuingTokenUpdatedEvent": "events.V1IssuingTokenUpdatedEvent",
    "events._v1_issuing_transaction_created_event.V1IssuingTransactionCreatedEvent": (
        "events.V1IssuingTransactionCreatedEvent"
    ),
    "events._v1_issuing_transaction_purchase_details_receipt_updated_event.V1IssuingTransactionPurchaseDetailsReceiptUpdatedEvent": (
        "events.V1IssuingTransactionPurchaseDetailsReceiptUpdatedEvent"
    ),
    "events._v1_issuing_transaction_updated_event.V1IssuingTransactionUpdatedEvent": (
        "events.V1IssuingTransactionUpdatedEvent"
    ),
    "events._v1_mandate_updated_event.V1MandateUpdatedEvent": "events.V1MandateUpdatedEvent",
    "events._v1_payment_intent_amount_capturable_updated_event.V1PaymentIntentAmountCapturableUpdatedEvent": (
        "events.V1PaymentIntentAmountCapturableUpdatedEvent"
    ),
    "events._v1_payment_intent_canceled_event.V1PaymentIntentCanceledEvent": "events.V1PaymentIntentCanceledEvent",
    "events._v1_payment_intent_created_event.V1PaymentIntentCreatedEvent": "events.V1PaymentIntentCreatedEvent",
    "events._v1_payment_intent_partially_funded_event.V1PaymentIntentPartiallyFundedEvent": (
        "events.V1PaymentIntentPartiallyFundedEvent"
    ),
    "events._v1_payment_intent_payment_failed_event.V1PaymentIntentPaymentFailedEvent": (
        "events.V1PaymentIntentPaymentFailedEvent"
    ),
    "events._v1_payment_intent_processing_event.V1PaymentIntentProcessingEvent": (
        "events.V1PaymentIntentProcessingEvent"
    ),
    "events._v1_payment_intent_requires_action_event.V1PaymentIntentRequiresActionEvent": (
        "events.V1PaymentIntentRequiresActionEvent"
    ),
    "events._v1_payment_intent_succeeded_event.V1PaymentIntentSucceededEvent": "events.V1PaymentIntentSucceededEvent",
    "events._v1_payment_link_created_event.V1PaymentLinkCreatedEvent": "events.V1PaymentLinkCreatedEvent",
    "events._v1_payment_link_updated_event.V1PaymentLinkUpdatedEvent": "events.V1PaymentLinkUpdatedEvent",
    "events._v1_payment_method_attached_event.V1PaymentMethodAttachedEvent": "events.V1PaymentMethodAttachedEvent",
    "events._v1_payment_method_automatically_updated_event.V1PaymentMethodAutomaticallyUpdatedEvent": (
        "events.V1PaymentMethodAutomaticallyUpdatedEvent"
    ),
    "events._v1_payment_method_detached_event.V1PaymentMethodDetachedEvent": "events.V1PaymentMethodDetachedEvent",
    "events._v1_payment_method_updated_event.V1PaymentMethodUpdatedEvent": "events.V1PaymentMethodUpdatedEvent",
    "events._v1_payout_canceled_event.V1PayoutCanceledEvent": "events.V1PayoutCanceledEvent",
    "events._v1_payout_created_event.V1PayoutCreatedEvent": "events.V1PayoutCreatedEvent",
    "events._v1_payout_failed_event.V1PayoutFailedEvent": "events.V1PayoutFailedEvent",
    "events._v1_payout_paid_event.V1PayoutPaidEvent": "events.V1PayoutPaidEvent",
    "events._v1_payout_reconciliation_completed_event.V1PayoutReconciliationCompletedEvent": (
        "events.V1PayoutReconciliationCompletedEvent"
    ),
    "events._v1_payout_updated_event.V1PayoutUpdatedEvent": "events.V1PayoutUpdatedEvent",
    "events._v1_person_created_event.V1PersonCreatedEvent": "events.V1PersonCreatedEvent",
    "events._v1_person_deleted_event.V1PersonDeletedEvent": "events.V1PersonDeletedEvent",
    "events._v1_person_updated_event.V1PersonUpdatedEvent": "events.V1PersonUpdatedEvent",
    "events._v1_plan_created_event.V1PlanCreatedEvent": "events.V1PlanCreatedEvent",
    "events._v1_plan_deleted_event.V1PlanDeletedEvent": "events.V1PlanDeletedEvent",
    "events._v1_plan_updated_event.V1PlanUpdatedEvent": "events.V1PlanUpdatedEvent",
    "events._v1_price_activated_event.V1PriceActivatedEvent": "events.V1PriceActivatedEvent",
    "events._v1_price_created_event.V1PriceCreatedEvent": "events.V1PriceCreatedEvent",
    "events._v1_price_deactivated_event.V1PriceDeactivatedEvent": "events.V1PriceDeactivatedEvent",
    "events._v1_price_deleted_event.V1PriceDeletedEvent": "events.V1PriceDeletedEvent",
    "events._v1_price_lookup_key_changed_event.V1PriceLookupKeyChangedEvent": "events.V1PriceLookupKeyChangedEvent",
    "events._v1_price_tax_behavior_changed_event.V1PriceTaxBehaviorChangedEvent": (
        "events.V1PriceTaxBehaviorChangedEvent"
    ),
    "events._v1_price_updated_event.V1PriceUpdatedEvent": "events.V1PriceUpdatedEvent",
    "events._v1_product_activated_event.V1ProductActivatedEvent": "events.V1ProductActivatedEvent",
    "events._v1_product_created_event.V1ProductCreatedEvent": "events.V1ProductCreatedEvent",
    "events._v1_product_deactivated_event.V1ProductDeactivatedEvent": "events.V1ProductDeactivatedEvent",
    "events._v1_product_default_price_changed_event.V1ProductDefaultPriceChangedEvent": (
        "events.V1ProductDefaultPriceChangedEvent"
    ),
    "events._v1_product_deleted_event.V1ProductDeletedEvent": "events.V1ProductDeletedEvent",
    "events._v1_product_tax_code_changed_event.V1ProductTaxCodeChangedEvent": "events.V1ProductTaxCodeChangedEvent",
    "events._v1_product_updated_event.V1ProductUpdatedEvent": "events.V1ProductUpdatedEvent",
    "events._v1_promotion_code_created_event.V1PromotionCodeCreatedEvent": "events.V1PromotionCodeCreatedEvent",
    "events._v1_promotion_code_fully_redeemed_event.V1PromotionCodeFullyRedeemedEvent": (
        "events.V1PromotionCodeFullyRedeemedEvent"
    ),
    "events._v1_promotion_code_updated_event.V1PromotionCodeUpdatedEvent": "events.V1PromotionCodeUpdatedEvent",
    "events._v1_quote_accepted_event.V1QuoteAcceptedEvent": "events.V1QuoteAcceptedEvent",
    "events._v1_quote_canceled_event.V1QuoteCanceledEvent": "events.V1QuoteCanceledEvent",
    "events._v1_quote_created_event.V1QuoteCreatedEvent": "events.V1QuoteCreatedEvent",
    "events._v1_quote_finalized_event.V1QuoteFinalizedEvent": "events.V1QuoteFinalizedEvent",
    "events._v1_radar_early_fraud_warning_created_event.V1RadarEarlyFraudWarningCreatedEvent": (
        "events.V1RadarEarlyFraudWarningCreatedEvent"
    ),
    "events._v1_radar_early_fraud_warning_updated_event.V1RadarEarlyFraudWarningUpdatedEvent": (
        "events.V1RadarEarlyFraudWarningUpdatedEvent"
    ),
    "events._v1_refund_created_event.V1RefundCreatedEvent": "events.V1RefundCreatedEvent",
    "events._v1_refund_failed_event.V1RefundFailedEvent": "events.V1RefundFailedEvent",
    "events._v1_refund_updated_event.V1RefundUpdatedEvent": "events.V1RefundUpdatedEvent",
    "events._v1_review_closed_event.V1ReviewClosedEvent": "events.V1ReviewClosedEvent",
    "events._v1_review_opened_event.V1ReviewOpenedEvent": "events.V1ReviewOpenedEvent",
    "events._v1_setup_intent_canceled_event.V1SetupIntentCanceledEvent": "events.V1SetupIntentCanceledEvent",
    "events._v1_setup_intent_created_event.V1SetupIntentCreatedEvent": "events.V1SetupIntentCreatedEvent",
    "events._v1_setup_intent_requires_action_event.V1SetupIntentRequiresActionEvent": (
        "events.V1SetupIntentRequiresActionEvent"
    ),
    "events._v1_setup_intent_setup_failed_event.V1SetupIntentSetupFailedEvent": (
        "events.V1SetupIntentSetupFailedEvent"
    ),
    "events._v1_setup_intent_succeeded_event.V1SetupIntentSucceededEvent": "events.V1SetupIntentSucceededEvent",
    "events._v1_sigma_scheduled_query_run_created_event.V1SigmaScheduledQueryRunCreatedEvent": (
        "events.V1SigmaScheduledQueryRunCreatedEvent"
    ),
    "events._v1_source_canceled_event.V1SourceCanceledEvent": "events.V1SourceCanceledEvent",
    "events._v1_source_chargeable_event.V1SourceChargeableEvent": "events.V1SourceChargeableEvent",
    "events._v1_source_failed_event.V1SourceFailedEvent": "events.V1SourceFailedEvent",
    "events._v1_source_refund_attributes_required_event.V1SourceRefundAttributesRequiredEvent": (
        "events.V1SourceRefundAttributesRequiredEvent"
    ),
    "events._v1_subscription_schedule_aborted_event.V1SubscriptionScheduleAbortedEvent": (
        "events.V1SubscriptionScheduleAbortedEvent"
    ),
    "events._v1_subscription_schedule_canceled_event.V1SubscriptionScheduleCanceledEvent": (
        "events.V1SubscriptionScheduleCanceledEvent"
    ),
    "events._v1_subscription_schedule_completed_event.V1SubscriptionScheduleCompletedEvent": (
        "events.V1SubscriptionScheduleCompletedEvent"
    ),
    "events._v1_subscription_schedule_created_event.V1SubscriptionScheduleCreatedEvent": (
        "events.V1SubscriptionScheduleCreatedEvent"
    ),
    "events._v1_subscription_schedule_expiring_event.V1SubscriptionScheduleExpiringEvent": (
        "events.V1SubscriptionScheduleExpiringEvent"
    ),
    "events._v1_subscription_schedule_phase_added_event.V1SubscriptionSchedulePhaseAddedEvent": (
        "events.V1SubscriptionSchedulePhaseAddedEvent"
    ),
    "events._v1_subscription_schedule_phase_default_tax_rates_changed_event.V1SubscriptionSchedulePhaseDefaultTaxRatesChangedEvent": (
        "events.V1SubscriptionSchedulePhaseDefaultTaxRatesChangedEvent"
    ),
    "events._v1_subscription_schedule_phase_end_date_changed_event.V1SubscriptionSchedulePhaseEndDateChangedEvent": (
        "events.V1SubscriptionSchedulePhaseEndDateChangedEvent"
    ),
    "events._v1_subscription_schedule_phase_removed_event.V1SubscriptionSchedulePhaseRemovedEvent": (
        "events.V1SubscriptionSchedulePhaseRemovedEvent"
    ),
    "events._v1_subscription_schedule_phase_trial_end_changed_event.V1SubscriptionSchedulePhaseTrialEndChangedEvent": (
        "events.V1SubscriptionSchedulePhaseTrialEndChangedEvent"
    ),
    "events._v1_subscription_schedule_released_event.V1SubscriptionScheduleReleasedEvent": (
        "events.V1SubscriptionScheduleReleasedEvent"
    ),
    "events._v1_subscription_schedule_updated_event.V1SubscriptionScheduleUpdatedEvent": (
        "events.V1SubscriptionScheduleUpdatedEvent"
    ),
    "events._v1_tax_rate_created_event.V1TaxRateCreatedEvent": "events.V1TaxRateCreatedEvent",
    "events._v1_tax_rate_updated_event.V1TaxRateUpdatedEvent": "events.V1TaxRateUpdatedEvent",
    "events._v1_tax_settings_updated_event.V1TaxSettingsUpdatedEvent": "events.V1TaxSettingsUpdatedEvent",
    "events._v1_terminal_reader_action_failed_event.V1TerminalReaderActionFailedEvent": (
        "events.V1TerminalReaderActionFailedEvent"
    ),
    "events._v1_terminal_reader_action_succeeded_event.V1TerminalReaderActionSucceededEvent": (
        "events.V1TerminalReaderActionSucceededEvent"
    ),
    "events._v1_terminal_reader_action_updated_event.V1TerminalReaderActionUpdatedEvent": (
        "events.V1TerminalReaderActionUpdatedEvent"
    ),
    "events._v1_test_helpers_test_clock_advancing_event.V1TestHelpersTestClockAdvancingEvent": (
        "events.V1TestHelpersTestClockAdvancingEvent"
    ),
    "events._v1_test_helpers_test_clock_created_event.V1TestHelpersTestClockCreatedEvent": (
        "events.V1TestHelpersTestClockCreatedEvent"
    ),
    "events._v1_test_helpers_test_clock_deleted_event.V1TestHelpersTestClockDeletedEvent": (
        "events.V1TestHelpersTestClockDeletedEvent"
    ),
    "events._v1_test_helpers_test_clock_internal_failure_event.V1TestHelpersTestClockInternalFailureEvent": (
        "events.V1TestHelpersTestClockInternalFailureEvent"
    ),
    "events._v1_test_helpers_test_clock_ready_event.V1TestHelpersTestClockReadyEvent": (
        "events.V1TestHelpersTestClockReadyEvent"
    ),
    "events._v1_topup_canceled_event.V1TopupCanceledEvent": "events.V1TopupCanceledEvent",
    "events._v1_topup_created_event.V1TopupCreatedEvent": "events.V1TopupCreatedEvent",
    "events._v1_topup_failed_event.V1TopupFailedEvent": "events.V1TopupFailedEvent",
    "events._v1_topup_reversed_event.V1TopupReversedEvent": "events.V1TopupReversedEvent",
    "events._v1_topup_succeeded_event.V1TopupSucceededEvent": "events.V1TopupSucceededEvent",
    "events._v1_transfer_created_event.V1TransferCreatedEvent": "events.V1TransferCreatedEvent",
    "events._v1_transfer_reversed_event.V1TransferReversedEvent": "events.V1TransferReversedEvent",
    "events._v1_transfer_updated_event.V1TransferUpdatedEvent": "events.V1TransferUpdatedEvent",
    "events._v2_commerce_product_catalog_imports_failed_event.V2CommerceProductCatalogImportsFailedEvent": (
        "events.V2CommerceProductCatalogImportsFailedEvent"
    ),
    "events._v2_commerce_product_catalog_imports_processing_event.V2CommerceProductCatalogImportsProcessingEvent": (
        "events.V2CommerceProductCatalogImportsProcessingEvent"
    ),
    "events._v2_commerce_product_catalog_imports_succeeded_event.V2CommerceProductCatalogImportsSucceededEvent": (
        "events.V2CommerceProductCatalogImportsSucceededEvent"
    ),
    "events._v2_commerce_product_catalog_imports_succeeded_with_errors_event.V2CommerceProductCatalogImportsSucceededWithErrorsEvent": (
        "events.V2CommerceProductCatalogImportsSucceededWithErrorsEvent"
    ),
    "events._v2_core_account_closed_event.V2CoreAccountClosedEvent": "events.V2CoreAccountClosedEvent",
    "events._v2_core_account_created_event.V2CoreAccountCreatedEvent": "events.V2CoreAccountCreatedEvent",
    "events._v2_core_account_including_configuration_customer_capability_status_updated_event.V2CoreAccountIncludingConfigurationCustomerCapabilityStatusUpdatedEvent": (
        "events.V2CoreAccountIncludingConfigurationCustomerCapabilityStatusUpdatedEvent"
    ),
    "events._v2_core_account_including_configuration_customer_updated_event.V2CoreAccountIncludingConfigurationCustomerUpdatedEvent": (
        "events.V2CoreAccountIncludingConfigurationCustomerUpdatedEvent"
    ),
    "events._v2_core_account_including_configuration_merchant_capability_status_updated_event.V2CoreAccountIncludingConfigurationMerchantCapabilityStatusUpdatedEvent": (
        "events.V2CoreAccountIncludingConfigurationMerchantCapabilityStatusUpdatedEvent"
    ),
    "events._v2_core_account_including_configuration_merchant_updated_event.V2CoreAccountIncludingConfigurationMerchantUpdatedEvent": (
        "events.V2CoreAccountIncludingConfigurationMerchantUpdatedEvent"
    ),
    "events._v2_core_account_including_configuration_recipient_capability_status_updated_event.V2CoreAccountIncludingConfigurationRecipientCapabilityStatusUpdatedEvent": (
        "events.V2CoreAccountIncludingConfigurationRecipientCapabilityStatusUpdatedEvent"
    ),
    "events._v2_core_account_including_configuration_recipient_updated_event.V2CoreAccountIncludingConfigurationRecipientUpdatedEvent": (
        "events.V2CoreAccountIncludingConfigurationRecipientUpdatedEvent"
    ),
    "events._v2_core_account_including_defaults_updated_event.V2CoreAccountIncludingDefaultsUpdatedEvent": (
        "events.V2CoreAccountIncludingDefaultsUpdatedEvent"
    ),
    "events._v2_core_account_including_future_requirements_updated_event.V2CoreAccountIncludingFutureRequirementsUpdatedEvent": (
        "events.V2CoreAccountIncludingFutureRequirementsUpdatedEvent"
    ),
    "events._v2_core_account_including_identity_updated_event.V2CoreAccountIncludingIdentityUpdatedEvent": (
        "events.V2CoreAccountIncludingIdentityUpdatedEvent"
    ),
    "events._v2_core_account_including_requirements_updated_event.V2CoreAccountIncludingRequirementsUpdatedEvent": (
        "events.V2CoreAccountIncludingRequirementsUpdatedEvent"
    ),
    "events._v2_core_account_person_created_event.V2CoreAccountPersonCreatedEvent": (
        "events.V2CoreAccountPersonCreatedEvent"
    ),
    "events._v2_core_account_person_deleted_event.V2CoreAccountPersonDeletedEvent": (
        "events.V2CoreAccountPersonDeletedEvent"
    ),
    "events._v2_core_account_person_updated_event.V2CoreAccountPersonUpdatedEvent": (
        "events.V2CoreAccountPersonUpdatedEvent"
    ),
    "events._v2_core_account_updated_event.V2CoreAccountUpdatedEvent": "events.V2CoreAccountUpdatedEvent",
    "events._v2_core_event_destination_ping_event.V2CoreEventDestinationPingEvent": (
        "events.V2CoreEventDestinationPingEvent"
    ),
    "events._v2_money_management_adjustment_created_event.V2MoneyManagementAdjustmentCreatedEvent": (
        "events.V2MoneyManagementAdjustmentCreatedEvent"
    ),
    "events._v2_money_management_financial_account_created_event.V2MoneyManagementFinancialAccountCreatedEvent": (
        "events.V2MoneyManagementFinancialAccountCreatedEvent"
    ),
    "events._v2_money_management_financial_account_updated_event.V2MoneyManagementFinancialAccountUpdatedEvent": (
        "events.V2MoneyManagementFinancialAccountUpdatedEvent"
    ),
    "events._v2_money_management_financial_address_activated_event.V2MoneyManagementFinancialAddressActivatedEvent": (
        "events.V2MoneyManagementFinancialAddressActivatedEvent"
    ),
    "events._v2_money_management_financial_address_failed_event.V2MoneyManagementFinancialAddressFailedEvent": (
        "events.V2MoneyManagementFinancialAddressFailedEvent"
    ),
    "events._v2_money_management_inbound_transfer_available_event.V2MoneyManagementInboundTransferAvailableEvent": (
        "events.V2MoneyManagementInboundTransferAvailableEvent"
    ),
    "events._v2_money_management_inbound_transfer_bank_debit_failed_event.V2MoneyManagementInboundTransferBankDebitFailedEvent": (
        "events.V2MoneyManagementInboundTransferBankDebitFailedEvent"
    ),
    "events._v2_money_management_inbound_transfer_bank_debit_processing_event.V2MoneyManagementInboundTransferBankDebitProcessingEvent": (
        "events.V2MoneyManagementInboundTransferBankDebitProcessingEvent"
    ),
    "events._v2_money_management_inbound_transfer_bank_debit_queued_event.V2MoneyManagementInboundTransferBankDebitQueuedEvent": (
        "events.V2MoneyManagementInboundTransferBankDebitQueuedEvent"
    ),
    "events._v2_money_management_inbound_transfer_bank_debit_returned_event.V2MoneyManagementInboundTransferBankDebitReturnedEvent": (
        "events.V2MoneyManagementInboundTransferBankDebitReturnedEvent"
    ),
    "events._v2_money_management_inbound_transfer_bank_debit_succeeded_event.V2MoneyManagementInboundTransferBankDebitSucceededEvent": (
        "events.V2MoneyManagementInboundTransferBankDebitSucceededEvent"
    ),
    "events._v2_money_management_outbound_payment_canceled_event.V2MoneyManagementOutboundPaymentCanceledEvent": (
        "events.V2MoneyManagementOutboundPaymentCanceledEvent"
    ),
    "events._v2_money_management_outbound_payment_created_event.V2MoneyManagementOutboundPaymentCreatedEvent": (
        "events.V2MoneyManagementOutboundPaymentCreatedEvent"
    ),
    "events._v2_money_management_outbound_payment_failed_event.V2MoneyManagementOutboundPaymentFailedEvent": (
        "events.V2MoneyManagementOutboundPaymentFailedEvent"
    ),
    "events._v2_money_management_outbound_payment_posted_event.V2MoneyManagementOutboundPaymentPostedEvent": (
        "events.V2MoneyManagementOutboundPaymentPostedEvent"
    ),
    "events._v2_money_management_outbound_payment_returned_event.V2MoneyManagementOutboundPaymentReturnedEvent": (
        "events.V2MoneyManagementOutboundPaymentReturnedEvent"
    ),
    "events._v2_money_management_outbound_payment_under_review_event.V2MoneyManagementOutboundPaymentUnderReviewEvent": (
        "events.V2MoneyManagementOutboundPaymentUnderReviewEvent"
    ),
    "events._v2_money_management_outbound_payment_updated_event.V2MoneyManagementOutboundPaymentUpdatedEvent": (
        "events.V2MoneyManagementOutboundPaymentUpdatedEvent"
    ),
    "events._v2_money_management_payout_intent_canceled_event.V2MoneyManagementPayoutIntentCanceledEvent": (
        "events.V2MoneyManagementPayoutIntentCanceledEvent"
    ),
    "events._v2_money_management_payout_intent_created_event.V2MoneyManagementPayoutIntentCreatedEvent": (
        "events.V2MoneyManagementPayoutIntentCreatedEvent"
    ),
    "events._v2_money_management_payout_intent_pending_event.V2MoneyManagementPayoutIntentPendingEvent": (
        "events.V2MoneyManagementPayoutIntentPendingEvent"
    ),
    "events._v2_money_management_payout_intent_posted_event.V2MoneyManagementPayoutIntentPostedEvent": (
        "events.V2MoneyManagementPayoutIntentPostedEvent"
    ),
    "events._v2_money_management_payout_intent_processing_event.V2MoneyManagementPayoutIntentProcessingEvent": (
        "events.V2MoneyManagementPayoutIntentProcessingEvent"
    ),
    "events._v2_money_management_payout_intent_requires_action_event.V2MoneyManagementPayoutIntentRequiresActionEvent": (
        "events.V2MoneyManagementPayoutIntentRequiresActionEvent"
    ),
    "events._v2_money_management_payout_intent_updated_event.V2MoneyManagementPayoutIntentUpdatedEvent": (
        "events.V2MoneyManagementPayoutIntentUpdatedEvent"
    ),
    "events._v2_money_management_payout_method_created_event.V2MoneyManagementPayoutMethodCreatedEvent": (
        "events.V2MoneyManagementPayoutMethodCreatedEvent"
    ),
    "events._v2_money_management_payout_method_updated_event.V2MoneyManagementPayoutMethodUpdatedEvent": (
        "events.V2MoneyManagementPayoutMethodUpdatedEvent"
    ),
    "events._v2_money_management_received_credit_available_event.V2MoneyManagementReceivedCreditAvailableEvent": (
        "events.V2MoneyManagementReceivedCreditAvailableEvent"
    ),
    "events._v2_money_management_received_credit_failed_event.V2MoneyManagementReceivedCreditFailedEvent": (
        "events.V2MoneyManagementReceivedCreditFailedEvent"
    ),
    "events._v2_money_management_received_credit_returned_event.V2MoneyManagementReceivedCreditReturnedEvent": (
        "events.V2MoneyManagementReceivedCreditReturnedEvent"
    ),
    "events._v2_money_management_received_credit_succeeded_event.V2MoneyManagementReceivedCreditSucceededEvent": (
        "events.V2MoneyManagementReceivedCreditSucceededEvent"
    ),
    "events._v2_money_management_recipient_verification_created_event.V2MoneyManagementRecipientVerificationCreatedEvent": (
        "events.V2MoneyManagementRecipientVerificationCreatedEvent"
    ),
    "events._v2_money_management_recipient_verification_updated_event.V2MoneyManagementRecipientVerificationUpdatedEvent": (
        "events.V2MoneyManagementRecipientVerificationUpdatedEvent"
    ),
    "events._v2_money_management_transaction_created_event.V2MoneyManagementTransactionCreatedEvent": (
        "events.V2MoneyManagementTransactionCreatedEvent"
    ),
    "events._v2_money_management_transaction_updated_event.V2MoneyManagementTransactionUpdatedEvent": (
        "events.V2MoneyManagementTransactionUpdatedEvent"
    ),
    "financial_connections._account.Account": "financial_connections.Account",
    "financial_connections._session.Session": "financial_connections.Session",
    "financial_connections._transaction.Transaction": "financial_connections.Transaction",
    "forwarding._request.Request": "forwarding.Request",
    "identity._verification_report.VerificationReport": "identity.VerificationReport",
    "identity._verification_session.VerificationSession": "identity.VerificationSession",
    "issuing._authorization.Authorization": "issuing.Authorization",
    "issuing._card.Card": "issuing.Card",
    "issuing._cardholder.Cardholder": "issuing.Cardholder",
    "issuing._dispute.Dispute": "issuing.Dispute",
    "issuing._personalization_design.PersonalizationDesign": "issuing.PersonalizationDesign",
    "issuing._physical_bundle.PhysicalBundle": "issuing.PhysicalBundle",
    "issuing._token.Token": "issuing.Token",
    "issuing._transaction.Transaction": "issuing.Transaction",
    "product_catalog._trial_offer.TrialOffer": "product_catalog.TrialOffer",
    "radar._early_fraud_warning.EarlyFraudWarning": "radar.EarlyFraudWarning",
    "radar._payment_evaluation.PaymentEvaluation": "radar.PaymentEvaluation",
    "radar._value_list.ValueList": "radar.ValueList",
    "radar._value_list_item.ValueListItem": "radar.ValueListItem",
    "reporting._report_run.ReportRun": "reporting.ReportRun",
    "reporting._report_type.ReportType": "reporting.ReportType",
    "sigma._scheduled_query_run.ScheduledQueryRun": "sigma.ScheduledQueryRun",
    "tax._association.Association": "tax.Association",
    "tax._calculation.Calculation": "tax.Calculation",
    "tax._location.Location": "tax.Location",
    "tax._registration.Registration": "tax.Registration",
    "tax._settings.Settings": "tax.Settings",
    "tax._transaction.Transaction": "tax.Transaction",
    "terminal._configuration.Configuration": "terminal.Configuration",
    "terminal._connection_token.ConnectionToken": "terminal.ConnectionToken",
    "terminal._location.Location": "terminal.Location",
    "terminal._onboarding_link.OnboardingLink": "terminal.OnboardingLink",
    "terminal._reader.Reader": "terminal.Reader",
    "test_helpers._test_clock.TestClock": "test_helpers.TestClock",
    "three_d_secure._authentication.Authentication": "three_d_secure.Authentication",
    "treasury._credit_reversal.CreditReversal": "treasury.CreditReversal",
    "treasury._debit_reversal.DebitReversal": "treasury.DebitReversal",
    "treasury._financial_account.FinancialAccount": "treasury.FinancialAccount",
    "treasury._inbound_transfer.InboundTransfer": "treasury.InboundTransfer",
    "treasury._outbound_payment.OutboundPayment": "treasury.OutboundPayment",
    "treasury._outbound_transfer.OutboundTransfer": "treasury.OutboundTransfer",
    "treasury._received_credit.ReceivedCredit": "treasury.ReceivedCredit",
    "treasury._received_debit.ReceivedDebit": "treasury.ReceivedDebit",
    "treasury._transaction.Transaction": "treasury.Transaction",
    "treasury._transaction_entry.TransactionEntry": "treasury.TransactionEntry",
}
