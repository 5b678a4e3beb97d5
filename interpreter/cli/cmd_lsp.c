/*
 * cmd_lsp.c — `docket lsp [--stdio]`: the language server on standard input
 * and output (interpreter/lsp/server.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "interpreter/lsp/server.h"

static const char lsp_usage[] =
    "usage: docket lsp [--stdio]\n\n"
    "Run the Docket language server: the Language Server Protocol (JSON-RPC\n"
    "with Content-Length frames) on standard input and output, for editors.\n"
    "It gives diagnostics as you type, formatting, hover, go to definition,\n"
    "find references, completion and the outline of rules by section.\n"
    "--stdio (what editors pass) is the default and only transport.\n\n"
    "Exit status: 0 after the client's shutdown and exit, 1 when the input\n"
    "ends without them, 2 usage.\n";

int cmd_lsp(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(lsp_usage, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--stdio") != 0)
            return cli_usage_error("lsp", "unknown option '%s'", argv[i]);
    }
    return lsp_serve(stdin, stdout);
}
