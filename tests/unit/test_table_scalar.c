/*
 * test_table_scalar.c — every case of test_table.c again, against the
 * CSV splitter's byte-at-a-time path (the one a compiler without SSE2
 * builds): table.c is compiled into this test with DOCKET_NO_SIMD.
 */
#define DOCKET_NO_SIMD 1
#include "interpreter/table.c"

#include "test_table.c"
