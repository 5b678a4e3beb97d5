// report-test.mjs — the HTML caseload report in a real browser.
//
//   node tests/browser/report-test.mjs DOCKET CHROMIUM OUTDIR
//
// For each shipped caseload: `docket eval --format html` and `--format json`
// on it; headless Chromium loads the page from a file (no server) and the
// test checks, against the JSON report,
//   - the page asks for nothing outside itself and logs no error;
//   - every case has its section, and its table has every obligation;
//   - "needs attention" lists exactly the overdue obligations and the pending
//     ones due within 14 days, each once;
//   - the status filter and the role filter change what is shown, to the
//     counts the JSON gives, and showing everything again restores it all;
// then saves screenshots in OUTDIR (NAME-report.png: the top of the page at
// 1366x900, a laptop; NAME-case.png: the first case with an overdue
// obligation). Prints one line per check and exits 1 when any failed.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch } from './cdp.mjs';

const [docket, chromium, outdir] = process.argv.slice(2);
if (!docket || !chromium || !outdir) {
  console.error('usage: node tests/browser/report-test.mjs DOCKET CHROMIUM OUTDIR');
  process.exit(2);
}
const AS_OF = '2025-11-03';
const HORIZON = 14;
const CASELOADS = [
  { name: 'sample', policy: 'policies/examples/sample.docket', events: 'policies/examples/sample-caseload.csv' },
  { name: 'islington', policy: 'policies/islington/supervision_orders.docket', events: 'policies/islington/examples/caseload.csv' },
  { name: 'lincolnshire', policy: 'policies/lincolnshire/cp_plans_and_isos.docket', events: 'policies/lincolnshire/examples/caseload.csv' },
];

let failed = 0, passed = 0;
function check(ok, what, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `: ${detail}`}`);
}
function run(args) {
  return execFileSync(docket, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
}
const dayMs = 86400000;
const addDays = (iso, n) => new Date(Date.parse(iso + 'T00:00:00Z') + n * dayMs).toISOString().slice(0, 10);

mkdirSync(outdir, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'docket-report-'));
const browser = await launch(chromium);
try {
  for (const c of CASELOADS) {
    const html = join(tmp, `${c.name}.html`);
    writeFileSync(html, run(['eval', c.policy, c.events, '--as-of', AS_OF, '--format', 'html']));
    const json = JSON.parse(run(['eval', c.policy, c.events, '--as-of', AS_OF, '--format', 'json']));
    const obs = json.obligations;
    const cases = [...new Set(obs.map((o) => o.case))];
    const limit = addDays(AS_OF, HORIZON);
    const attention = obs.filter((o) => o.status === 'overdue' ||
      (o.status === 'pending' && o.due !== null && o.due >= AS_OF && o.due <= limit));

    const page = await browser.newPage(1366, 900);
    await page.goto('file://' + resolve(html));
    const t = `${c.name}:`;

    const got = await page.eval(`(() => {
      const cases = [...document.querySelectorAll('article.case')].map((a) => ({
        id: a.dataset.case, rows: a.querySelectorAll('tbody tr').length,
        svg: !!a.querySelector('figure.timeline svg') }));
      const att = [...document.querySelectorAll('.attention li')].map((li) =>
        li.dataset.case + ' ' + li.dataset.rule + ' ' + li.querySelector('time').getAttribute('datetime'));
      return { cases, att, filters: !document.getElementById('filters').hidden,
               shown: document.getElementById('shown').textContent,
               h1: document.querySelector('h1').textContent };
    })()`);
    check(page.errors.length === 0, `${t} no console errors, nothing fetched`, page.errors.join('; '));
    check(got.h1.length > 0, `${t} the page has a title heading`, JSON.stringify(got.h1));
    const shownIds = got.cases.map((x) => x.id);
    const missing = cases.filter((id) => !shownIds.includes(id));
    check(missing.length === 0 && shownIds.length === cases.length, `${t} every case has its section (${cases.length})`,
      `missing ${missing.join(', ')}; page has ${shownIds.length}`);
    const wrongRows = got.cases.filter((x) => x.rows !== obs.filter((o) => o.case === x.id).length);
    check(wrongRows.length === 0, `${t} every obligation is in its case's table (${obs.length})`,
      wrongRows.map((x) => x.id).join(', '));
    check(got.cases.every((x) => x.svg), `${t} every case has a timeline`);
    const wantAtt = attention.map((o) => `${o.case} ${o.rule} ${o.due}`).sort();
    const gotAtt = [...got.att].sort();
    check(JSON.stringify(wantAtt) === JSON.stringify(gotAtt),
      `${t} every item needing attention is listed once (${wantAtt.length})`,
      `want ${wantAtt.filter((x) => !gotAtt.includes(x)).slice(0, 5).join('; ')} ` +
      `extra ${gotAtt.filter((x) => !wantAtt.includes(x)).slice(0, 5).join('; ')}`);
    check(got.filters && got.shown === `${obs.length} of ${obs.length} obligations shown; ${attention.length} need attention.`,
      `${t} the filters are shown and count everything`, got.shown);

    // Status filter: only overdue.
    const visible = `[...document.querySelectorAll('table.obligations tbody tr')].filter((r) => r.offsetParent !== null).length`;
    const setStatuses = (keep) => page.eval(`(() => {
      for (const b of document.querySelectorAll('input[name=status]'))
        if (b.checked !== ${JSON.stringify(keep)}.includes(b.value)) b.click();
      return ${visible};
    })()`);
    const overdue = obs.filter((o) => o.status === 'overdue');
    let n = await setStatuses(['overdue']);
    check(n === overdue.length, `${t} status filter: only overdue shows ${overdue.length} rows`, `shows ${n}`);
    const casesShown = await page.eval(`[...document.querySelectorAll('article.case')].filter((a) =>
      a.querySelector('.nomatch').hidden).length`);
    const overdueCases = new Set(overdue.map((o) => o.case)).size;
    check(casesShown === overdueCases, `${t} only the ${overdueCases} cases with overdue obligations keep their table`,
      `${casesShown}`);

    // Role filter, with the status filter back to all.
    const all = ['met', 'late', 'overdue', 'pending', 'breached', 'cancelled'];
    await setStatuses(all);
    const roleCount = {};
    // An obligation of `x or y must` counts for each of its roles.
    for (const o of obs) for (const r of o.roles) roleCount[r] = (roleCount[r] ?? 0) + 1;
    const role = Object.keys(roleCount).sort((a, b) => roleCount[a] - roleCount[b])[0];
    n = await page.eval(`(() => {
      const s = document.getElementById('role');
      s.value = ${JSON.stringify(role)};
      s.dispatchEvent(new Event('change'));
      return ${visible};
    })()`);
    check(n === roleCount[role], `${t} role filter: ${role} shows ${roleCount[role]} rows`, `shows ${n}`);
    const attRole = attention.filter((o) => o.roles.includes(role)).length;
    const liShown = await page.eval(`[...document.querySelectorAll('.attention li')].filter((l) =>
      l.offsetParent !== null).length`);
    check(liShown === attRole, `${t} role filter: ${attRole} items need attention for ${role}`, `shows ${liShown}`);
    n = await page.eval(`(() => {
      const s = document.getElementById('role');
      s.value = '';
      s.dispatchEvent(new Event('change'));
      return ${visible};
    })()`);
    check(n === obs.length, `${t} every role again shows all ${obs.length} rows`, `shows ${n}`);
    check(page.errors.length === 0, `${t} no console errors after filtering`, page.errors.join('; '));

    await page.screenshot(join(outdir, `${c.name}-report.png`));
    const scrolled = await page.eval(`(() => {
      const li = document.querySelector('.attention li[data-status=overdue]');
      const a = li ? document.getElementById(li.querySelector('a').getAttribute('href').slice(1))
                   : document.querySelector('article.case');
      a.scrollIntoView();
      return !!a;
    })()`);
    check(scrolled, `${t} a case to show`);
    await page.screenshot(join(outdir, `${c.name}-case.png`));
  }
  // The quick guides: Markdown in quotations rendered, contents that lead
  // somewhere, no errors; a screenshot of the top of each.
  for (const g of [{ name: 'islington', policy: 'policies/islington/supervision_orders.docket' },
                   { name: 'lincolnshire', policy: 'policies/lincolnshire/cp_plans_and_isos.docket' }]) {
    const html = join(tmp, `${g.name}-guide.html`);
    writeFileSync(html, run(['doc', g.policy, '--format', 'html']));
    const page = await browser.newPage(1366, 900);
    await page.goto('file://' + resolve(html));
    const t = `${g.name} quick guide:`;
    const got = await page.eval(`(() => {
      const links = [...document.querySelectorAll('nav a')].map((a) => a.getAttribute('href'));
      return { links: links.length, dead: links.filter((h) => !document.getElementById(h.slice(1))).length,
               raw: [...document.querySelectorAll('blockquote')].filter((q) => q.textContent.includes('**') || q.textContent.includes('](')).length,
               strong: document.querySelectorAll('blockquote strong, td strong').length,
               steps: document.querySelectorAll('section.rule').length };
    })()`);
    check(page.errors.length === 0, `${t} no console errors, nothing fetched`, page.errors.join('; '));
    check(got.links > 3 && got.dead === 0, `${t} every contents entry leads to its section (${got.links})`,
      `${got.dead} of ${got.links} lead nowhere`);
    check(got.raw === 0, `${t} no raw Markdown in the quotations`, `${got.raw} quotations show ** or ](`);
    check(got.steps > 0, `${t} the steps are there (${got.steps})`);
    await page.screenshot(join(outdir, `${g.name}-quick-guide.png`));
  }
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
