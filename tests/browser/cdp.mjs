// cdp.mjs — a headless Chromium driven over the DevTools protocol on a
// pipe (--remote-debugging-pipe): no network port, no npm package, no
// downloaded browser. Used by tests/browser/report-test.mjs.
//
//   const b = await launch('/usr/bin/chromium');
//   const page = await b.newPage(1366, 900);
//   await page.goto('file:///tmp/report.html');
//   const n = await page.eval('document.querySelectorAll("tr").length');
//   await page.screenshot('out.png');
//   await b.close();
//
// Every console message of level error, every uncaught exception and every
// failed load is collected in page.errors.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-extensions', '--hide-scrollbars', '--mute-audio', '--remote-debugging-pipe',
];

export async function launch(executable, timeoutMs = 60000) {
  const profile = mkdtempSync(join(tmpdir(), 'docket-chromium-'));
  const proc = spawn(executable, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const out = proc.stdio[3], inp = proc.stdio[4];
  let nextId = 1, buf = Buffer.alloc(0);
  const waiting = new Map(), listeners = [];
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  inp.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    let z;
    while ((z = buf.indexOf(0)) >= 0) {
      const msg = JSON.parse(buf.subarray(0, z).toString('utf8'));
      buf = buf.subarray(z + 1);
      if (msg.id && waiting.has(msg.id)) {
        const w = waiting.get(msg.id);
        waiting.delete(msg.id);
        if (msg.error) w.reject(new Error(`${w.method}: ${msg.error.message}`));
        else w.resolve(msg.result);
      } else if (msg.method) {
        for (const l of listeners) l(msg);
      }
    }
  });
  const timer = setTimeout(() => {
    for (const w of waiting.values()) w.reject(new Error(`${w.method}: no answer in ${timeoutMs} ms\n${stderr}`));
    proc.kill('SIGKILL');
  }, timeoutMs);

  function send(method, params = {}, sessionId) {
    const id = nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject, method });
      out.write(JSON.stringify(msg) + '\0');
    });
  }
  function once(method, sessionId) {
    return new Promise((resolve) => {
      const l = (msg) => {
        if (msg.method === method && msg.sessionId === sessionId) {
          listeners.splice(listeners.indexOf(l), 1);
          resolve(msg.params);
        }
      };
      listeners.push(l);
    });
  }

  return {
    async newPage(width, height) {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
      const s = (m, p) => send(m, p, sessionId);
      const errors = [];
      listeners.push((msg) => {
        if (msg.sessionId !== sessionId) return;
        const p = msg.params;
        if (msg.method === 'Runtime.exceptionThrown')
          errors.push(`exception: ${p.exceptionDetails.exception?.description ?? p.exceptionDetails.text}`);
        else if (msg.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
          errors.push(`console.${p.type}: ${p.args.map((a) => a.value ?? a.description).join(' ')}`);
        else if (msg.method === 'Log.entryAdded' && p.entry.level === 'error')
          errors.push(`log: ${p.entry.text} ${p.entry.url ?? ''}`);
        else if (msg.method === 'Network.loadingFailed')
          errors.push(`load failed: ${p.errorText}`);
        else if (msg.method === 'Network.requestWillBeSent' && !/^(file|data|about):/.test(p.request.url))
          errors.push(`the page asked for ${p.request.url}`);
      });
      await s('Page.enable');
      await s('Runtime.enable');
      await s('Log.enable');
      await s('Network.enable');
      await s('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
      return {
        errors,
        async goto(url) {
          const loaded = once('Page.loadEventFired', sessionId);
          const r = await s('Page.navigate', { url });
          if (r.errorText) throw new Error(`cannot load ${url}: ${r.errorText}`);
          await loaded;
        },
        // The value of EXPR (awaited when it is a promise), JSON-serialisable.
        async eval(expr) {
          const r = await s('Runtime.evaluate', { expression: expr, returnByValue: true, awaitPromise: true });
          if (r.exceptionDetails)
            throw new Error(`${expr}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
          return r.result.value;
        },
        // A PNG of the viewport, or of the whole page (FULL) up to MAXHEIGHT.
        async screenshot(path, { full = false, maxHeight = 4000 } = {}) {
          const params = { format: 'png' };
          if (full) {
            const { cssContentSize } = await s('Page.getLayoutMetrics');
            params.clip = { x: 0, y: 0, width: width, height: Math.min(cssContentSize.height, maxHeight), scale: 1 };
            params.captureBeyondViewport = true;
          }
          const { data } = await s('Page.captureScreenshot', params);
          writeFileSync(path, Buffer.from(data, 'base64'));
        },
        async printPdf(path) {
          const { data } = await s('Page.printToPDF', { printBackground: true });
          writeFileSync(path, Buffer.from(data, 'base64'));
        },
      };
    },
    async close() {
      try {
        await send('Browser.close');
      } catch {
        proc.kill('SIGKILL');
      }
      await exited;
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
