/*
 * server.h — `docket lsp`: a Language Server Protocol server for Docket
 * policies, over a byte stream (standard input and output).
 *
 * It analyses a document with the same front end as `docket check` (parse,
 * load imports, check) each time it changes, and answers from the checked
 * tree: diagnostics (textDocument/publishDiagnostics, with the hints),
 * formatting (the `docket fmt` text as one edit), hover (a role's or
 * event's description, a rule's citation, `says` quotation and deadline in
 * words with its due date for a sample trigger date), go to definition and
 * find references (rules, events, states, roles, enum values, imports),
 * completion (keywords and declared names) and document symbols (rules by
 * section). Documents are synchronised whole (TextDocumentSyncKind.Full;
 * ranged changes are applied too). Positions are UTF-16 code units, as the
 * protocol's default encoding.
 *
 * Malformed input never stops the server: a bad frame is skipped, a body
 * that is not JSON gets a Parse error (-32700), a request of the wrong shape
 * an Invalid request (-32600) or Invalid params (-32602).
 */
#ifndef DOCKET_LSP_SERVER_H
#define DOCKET_LSP_SERVER_H

#include <stdio.h>

/* Serve requests from IN, writing responses and notifications to OUT, until
 * the client sends `exit` or IN ends. Returns the process exit status the
 * protocol asks for: 0 after shutdown then exit, 1 otherwise. */
int lsp_serve(FILE *in, FILE *out);

#endif
