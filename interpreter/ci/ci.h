/*
 * ci.h — diagnostics in the formats CI systems read: SARIF 2.1.0 (GitHub
 * code scanning and most static-analysis dashboards) and GitHub Actions
 * workflow commands (annotations on a pull request's diff).
 *
 * Both take the diagnostics a buffering sink collected; nothing is kept or
 * returned that needs freeing.
 */
#ifndef DOCKET_CI_H
#define DOCKET_CI_H

#include <stdio.h>

#include "lang/diag.h"

/* S's diagnostics as one SARIF 2.1.0 log to OUT: one run of the tool
 * "docket" whose rules are every diagnostic code (lang/diag_codes.h), one
 * result per diagnostic with its file and region. Returns false when OUT
 * could not be written. */
bool ci_write_sarif(FILE *out, const diag_sink *s);

/* S's diagnostics as GitHub workflow commands, one a line:
 * ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=docket CODE::MESSAGE
 * (::warning for warnings; the hint after the message on a second line). */
void ci_write_github(FILE *out, const diag_sink *s);

#endif
