"""``asyncio-lint server``: a language server (LSP over stdio, on pygls) for editors.

It lints each open Python document as the user types (the editor's text, saved or not, with the
``[tool.asyncio-lint]`` settings found from the file's folder), publishes the findings as
diagnostics (with a link to the rule's page), and offers each finding's fix as a quick fix code
action, plus ``source.fixAll.asyncio-lint`` for every safe fix of the document at once. Like the
flake8 plugin it sees one file at a time: helper chains are followed within the file.

Positions are converted to the encoding the client negotiated (UTF-16 by default), so columns
stay right on lines with non-ASCII text.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote, urlparse

from asyncio_lint import __version__
from asyncio_lint.api import lint_source
from asyncio_lint.config import Config, ConfigError, discover
from asyncio_lint.types import SAFE, FileResult, Finding, Fix
from asyncio_lint.urls import rule_url

SOURCE = "asyncio-lint"
FIX_ALL = "source.fixAll.asyncio-lint"


def uri_path(uri: str) -> str:
    """The file path of a ``file:`` URI (an untitled buffer keeps its URI as its name)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return uri
    return unquote(parsed.path)


def build_server() -> Any:
    """The pygls server with asyncio-lint's features registered."""
    try:
        from lsprotocol import types
        from pygls.lsp.server import LanguageServer
    except ImportError:  # pragma: no cover - depends on the environment
        raise SystemExit("asyncio-lint server needs pygls: pip install 'asyncio-lint[lsp]'") from None

    server = LanguageServer("asyncio-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
    configs: dict[str, Config] = {}
    findings: dict[str, tuple[int | None, list[Finding]]] = {}  # uri -> (document version, findings)

    def config_for(path: str) -> Config:
        folder = os.path.dirname(os.path.abspath(path)) if os.path.isabs(path) else os.getcwd()
        if folder not in configs:
            try:
                configs[folder] = discover(folder)
            except ConfigError as exc:
                server.window_show_message(types.ShowMessageParams(types.MessageType.Error, str(exc)))
                configs[folder] = Config()
        return configs[folder]

    def severity(finding: Finding) -> Any:
        return {"certain": types.DiagnosticSeverity.Error, "style": types.DiagnosticSeverity.Information}.get(
            finding.confidence, types.DiagnosticSeverity.Warning)

    def client_range(document: Any, line: int, column: int, end_line: int, end_column: int) -> Any:
        """A range in the client's units from 1-based lines and code-point columns."""
        return document.range_to_client_units(types.Range(
            types.Position(line - 1, column), types.Position(end_line - 1, end_column)))

    def lint(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        path = uri_path(uri)
        if not path.endswith((".py", ".pyi")) and document.language_id not in (None, "python"):
            return
        result: FileResult = lint_source(document.source, path, config_for(path), installed=True)
        diagnostics = []
        if result.error is not None:
            diagnostics.append(types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)), message=result.error.message,
                severity=types.DiagnosticSeverity.Error, code="AIO000", source=SOURCE))
        for index, finding in enumerate(result.findings):
            diagnostics.append(types.Diagnostic(
                range=client_range(document, finding.line, finding.column, finding.end_line, finding.end_column),
                message=finding.message, severity=severity(finding), code=finding.code,
                code_description=types.CodeDescription(href=rule_url(finding.code)), source=SOURCE,
                data={"index": index, "version": document.version}))
        findings[uri] = (document.version, list(result.findings))
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=diagnostics, version=document.version))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: Any) -> None:
        lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: Any) -> None:
        lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: Any) -> None:
        configs.clear()  # (a saved pyproject.toml may have changed the settings)
        lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: Any) -> None:
        findings.pop(params.text_document.uri, None)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=params.text_document.uri, diagnostics=[]))

    def match(document: Any, known: list[Finding], diagnostic: Any) -> Finding | None:
        """The finding a diagnostic of ours stands for, in the document as it is now: the one it
        was published for, if it is still at the same place (a diagnostic sent before the last
        change may point at code that moved), else one of its code at its range."""
        if diagnostic.source != SOURCE:
            return None
        data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        index = data.get("index")
        candidates = [known[index]] if isinstance(index, int) and 0 <= index < len(known) else []
        candidates += known
        for finding in candidates:
            if finding.code == diagnostic.code and client_range(
                    document, finding.line, finding.column, finding.end_line, finding.end_column) == diagnostic.range:
                return finding
        return None

    def edits(document: Any, fix: Fix) -> list[Any]:
        return [types.TextEdit(range=client_range(document, e.line, e.column, e.end_line, e.end_column),
                               new_text=e.content) for e in fix.edits]

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=False))
    def code_action(params: Any) -> list[Any]:
        uri = params.text_document.uri
        document = server.workspace.get_text_document(uri)
        if findings.get(uri, (None, None))[0] != document.version:
            lint(uri)
        known = findings.get(uri, (None, []))[1]
        only = params.context.only
        actions = []
        if not only or any(k == types.CodeActionKind.QuickFix or str(k) == "quickfix" for k in only):
            for diagnostic in params.context.diagnostics:
                finding = match(document, known, diagnostic)
                if finding is None or finding.fix is None:
                    continue
                fix = finding.fix
                title = fix.description + ("" if fix.applicability == SAFE else " (unsafe)")
                actions.append(types.CodeAction(
                    title=f"{finding.code}: {title}", kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    is_preferred=fix.applicability == SAFE,
                    edit=types.WorkspaceEdit(changes={uri: edits(document, fix)})))
        if not only or any(str(k).startswith("source") for k in only):
            if any(f.fix is not None and f.fix.applicability == SAFE for f in known):
                from asyncio_lint.fixing import fix_text

                path = uri_path(uri)
                outcome = fix_text(document.source, path, config_for(path), unsafe=False)
                if outcome.changed:
                    lines = document.lines
                    end = types.Position(len(lines), 0)
                    actions.append(types.CodeAction(
                        title="asyncio-lint: fix all safe fixes", kind=FIX_ALL,
                        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(
                            range=types.Range(types.Position(0, 0), end), new_text=outcome.after)]})))
        return actions

    return server


def serve() -> None:
    """Run the server on stdin/stdout until the client says ``exit``."""
    build_server().start_io()
