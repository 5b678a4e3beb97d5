/*
 * rpc.h — JSON-RPC 2.0 messages framed as the Language Server Protocol
 * frames them on a byte stream: header lines ("Content-Length: N"), an
 * empty line, then N bytes of JSON.
 *
 * The reader trusts nothing: a header line longer than 1 KiB, a missing or
 * malformed Content-Length, a body over RPC_MAX_BODY bytes, or a stream
 * that ends inside a message, are reported as RPC_BAD (the frame is
 * skipped) or RPC_EOF, never by crashing or by reading without bound.
 *
 * Ownership: rpc_read hands the caller a malloc'd body (free it); rpc_write
 * takes nothing over.
 */
#ifndef DOCKET_RPC_H
#define DOCKET_RPC_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/* The largest message body accepted (a policy file is far smaller). */
#define RPC_MAX_BODY (16u * 1024u * 1024u)

typedef enum {
    RPC_OK,   /* *BODY holds *LEN bytes, NUL-terminated */
    RPC_BAD,  /* a malformed frame was skipped; *WHY says what was wrong */
    RPC_EOF,  /* the stream ended (cleanly, or inside a frame) */
} rpc_status;

/* Read the next frame from IN. */
rpc_status rpc_read(FILE *in, char **body, size_t *len, const char **why);

/* Write MSG (compact, keys in insertion order) as one frame to OUT and
 * flush. Returns 0, or -1 when OUT fails. */
int rpc_write(FILE *out, const json_t *msg);

#endif
