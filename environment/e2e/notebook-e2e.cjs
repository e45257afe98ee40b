// End-to-end test of the live notebook, as a user meets it: Debian's Chromium (headless, driven by
// playwright-core) opens a notebook on a running Jupyter Notebook server, runs every cell through the
// menu (Cell > Run All), waits for the kernel to go idle and checks what the page shows.
// Started by notebook-e2e.sh, which starts and stops the server; settings come from the environment:
//   E2E_BASE_URL   http://127.0.0.1:<port>        E2E_TOKEN       the server's token
//   E2E_NOTEBOOK   path of the notebook under the server's folder (e.g. 00-quickstart.ipynb)
//   E2E_SCREENSHOT PNG to write                    E2E_REPORT      JSON summary to write
//   E2E_MARKER     value of -Duhop.e2e.marker in UHOP_JAVA_OPTS (the kernel must have read it at start)
//   E2E_EXPECT     optional JSON {"figures": n, "tables": n} from the headless run of the same notebook
//   E2E_KERNEL_DISPLAY  the kernel's display name   E2E_TIMEOUT_S   limit for Run All (default 300)
//   E2E_CHROMIUM   the browser binary (default /usr/bin/chromium)
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const env = (name, dflt) => {
  const v = process.env[name];
  if (v === undefined || v === '') {
    if (dflt === undefined) throw new Error(`environment variable ${name} is required`);
    return dflt;
  }
  return v;
};
const base = env('E2E_BASE_URL');
const token = env('E2E_TOKEN');
const notebook = env('E2E_NOTEBOOK');
const screenshot = env('E2E_SCREENSHOT');
const reportPath = env('E2E_REPORT');
const marker = env('E2E_MARKER', '');
const expect = JSON.parse(env('E2E_EXPECT', '{}'));
const kernelDisplay = env('E2E_KERNEL_DISPLAY', 'Java (uhop-kit)');
const timeoutMs = 1000 * Number(env('E2E_TIMEOUT_S', '300'));
const chromiumBin = env('E2E_CHROMIUM', '/usr/bin/chromium');

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (msg) => console.error(`[notebook-e2e] ${secs()}s ${msg}`);
const failures = [];
const fail = (msg) => { failures.push(msg); log(`FAIL: ${msg}`); };

async function main() {
  const browser = await chromium.launch({
    executablePath: chromiumBin,
    headless: true,
    // as root, and offline: no sandbox, no background traffic (STACK.md)
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps',
      '--disable-extensions', '--no-default-browser-check', '--mute-audio'],
  });
  const report = { notebook, timings: {} };
  const consoleErrors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    // Never touch the stored copy: refuse saves (the notebook's autosave among them).
    await page.route('**/api/contents/**', (route) =>
      route.request().method() === 'PUT' ? route.abort() : route.continue());

    // ---- open the notebook; the kernel must start and go idle
    const url = `${base}/notebooks/${encodeURI(notebook)}?token=${encodeURIComponent(token)}`;
    log(`opening ${base}/notebooks/${notebook}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded,
      null, { timeout: 60000 });
    const kernelState = await waitForKernel(page, 120000);
    report.timings.kernelStart = Number(secs());
    if (kernelState !== 'idle') {
      fail(`the kernel did not start: ${kernelState}`);
      await page.screenshot({ path: screenshot });
      return report;
    }
    const shownKernel = (await page.textContent('#kernel_indicator .kernel_indicator_name')).trim();
    log(`kernel "${shownKernel}" is idle`);
    if (shownKernel !== kernelDisplay) fail(`the notebook runs kernel "${shownKernel}", expected "${kernelDisplay}"`);

    // ---- Cell > Run All, through the menu
    const nCode = await page.evaluate(() => Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code').length);
    const tRun = Date.now();
    await page.click('#celllink');
    await page.click('#run_all_cells > a');
    log(`Cell > Run All clicked (${nCode} code cells)`);
    const done = await waitForRunAll(page, timeoutMs);
    report.timings.runAll = Number(((Date.now() - tRun) / 1000).toFixed(1));
    if (done !== 'idle') fail(`Run All did not finish: ${done}`);
    else log(`all cells ran in ${report.timings.runAll}s`);

    // ---- what the page shows
    // figures draw right after their cell; give plotly a moment for the last one
    await page.waitForFunction(() => [...document.querySelectorAll('.uhop-figure')]
      .every((d) => d.querySelector('svg.main-svg')), null, { timeout: 20000 }).catch(() => {});
    const state = await page.evaluate(() => {
      const cells = Jupyter.notebook.get_cells();
      const code = cells.map((c, i) => ({ c, i })).filter((x) => x.c.cell_type === 'code');
      const notRun = code.filter((x) => x.c.get_text().trim() !== '' && typeof x.c.input_prompt_number !== 'number')
        .map((x) => x.i + 1);
      const modelErrors = [];
      for (const { c, i } of code) {
        for (const o of c.output_area.outputs) {
          if (o.output_type === 'error') modelErrors.push(`cell ${i + 1}: ${o.ename}: ${o.evalue}`);
        }
      }
      const domErrors = [...document.querySelectorAll('.output_error')].map((e) => e.textContent.slice(0, 300));
      const stderr = [...document.querySelectorAll('.output_stderr')].map((e) => e.textContent.slice(0, 300));
      const figures = [...document.querySelectorAll('.uhop-figure')].map((d) => ({
        id: d.id,
        svg: !!d.querySelector('svg.main-svg'),
        traces: d.querySelectorAll('.scatterlayer .trace, .barlayer .trace').length,
      }));
      const tables = [...document.querySelectorAll('.output_html table')].map((t) => ({
        rows: t.querySelectorAll('tbody tr').length,
        cells: t.querySelectorAll('td').length,
      }));
      const textTables = [...document.querySelectorAll('.output_text pre')]
        .filter((p) => /^\s*[-+|=]{10,}/m.test(p.textContent)).length;
      const mdWithMath = cells.filter((c) => c.cell_type === 'markdown' && /\$[^$]+\$/.test(c.get_text())).length;
      const math = document.querySelectorAll('.text_cell_render .MathJax, .text_cell_render .MathJax_Display, .text_cell_render mjx-container').length;
      const rawMath = [...document.querySelectorAll('.text_cell_render')].filter((e) => /\$[^$\s][^$]*\$/.test(e.textContent)).length;
      return { notRun, modelErrors, domErrors, stderr, figures, tables, textTables, mdWithMath, math, rawMath };
    });
    report.figures = state.figures;
    report.tables = state.tables;
    if (state.notRun.length) fail(`cells not executed: ${state.notRun.join(', ')}`);
    for (const e of state.modelErrors) fail(`error output in ${e}`);
    if (state.domErrors.length && !state.modelErrors.length) fail(`error output shown: ${state.domErrors[0]}`);
    if (state.stderr.length) log(`note: ${state.stderr.length} stderr output(s), first: ${state.stderr[0].slice(0, 200)}`);
    const unrendered = state.figures.filter((f) => !f.svg);
    if (!state.figures.length) fail('no Plotly figure on the page (the notebook shows at least one)');
    if (unrendered.length) fail(`figures not rendered (no svg.main-svg): ${unrendered.map((f) => f.id || '?').join(', ')}`);
    const empty = state.figures.filter((f) => f.svg && f.traces === 0);
    if (empty.length) fail(`figures drawn without any trace: ${empty.map((f) => f.id).join(', ')}`);
    if (!state.tables.length) fail('no HTML table on the page (the notebook shows at least one)');
    const hollow = state.tables.filter((t) => t.cells === 0);
    if (hollow.length) fail(`${hollow.length} HTML table(s) without data cells`);
    if (state.textTables) fail(`${state.textTables} table(s) printed as plain text instead of HTML`);
    if (expect.figures !== undefined && state.figures.length !== expect.figures) {
      fail(`${state.figures.length} figures in the live notebook, ${expect.figures} in its headless run`);
    }
    if (expect.tables !== undefined && state.tables.length !== expect.tables) {
      fail(`${state.tables.length} HTML tables in the live notebook, ${expect.tables} in its headless run`);
    }
    if (state.mdWithMath && (!state.math || state.rawMath)) {
      fail(`formulas not typeset by MathJax (${state.math} typeset, ${state.rawMath} cells still show raw $...$)`);
    }
    log(`${state.figures.length - unrendered.length}/${state.figures.length} figures rendered, `
      + `${state.tables.length} HTML tables, ${state.math} formulas typeset`);

    // ---- the kernel read UHOP_JAVA_OPTS when it started (not when setup wrote kernel.json)
    if (marker) {
      const got = await page.evaluate(() => new Promise((resolve) => {
        let text = null;
        const timer = setTimeout(() => resolve(text === null ? '<no reply in 30 s>' : text), 30000);
        Jupyter.notebook.kernel.execute('System.getProperty("uhop.e2e.marker")', {
          iopub: {
            output: (msg) => {
              const d = msg.content && msg.content.data;
              if (d) text = d['text/plain'] || d['text/html'] || JSON.stringify(d);
              else if (msg.content && msg.content.ename) text = `${msg.content.ename}: ${msg.content.evalue}`;
            },
          },
          shell: { reply: () => { clearTimeout(timer); setTimeout(() => resolve(text === null ? '<no output>' : text), 200); } },
        }, { silent: false, store_history: false });
      }));
      if (!String(got).includes(marker)) fail(`the kernel did not get UHOP_JAVA_OPTS: -Duhop.e2e.marker is ${got}`);
      else log('the kernel read UHOP_JAVA_OPTS at start');
    }

    // ---- full-page screenshot (the notebook scrolls inside #site; let the page grow instead)
    await page.evaluate(() => {
      for (const sel of ['html', 'body', '#site']) {
        const e = document.querySelector(sel);
        if (e) { e.style.height = 'auto'; e.style.overflow = 'visible'; }
      }
    });
    await page.screenshot({ path: screenshot, fullPage: true });
    log(`screenshot ${screenshot}`);
  } finally {
    report.ok = failures.length === 0;
    report.failures = failures;
    report.consoleErrors = consoleErrors.slice(0, 20);
    report.seconds = Number(secs());
    fs.mkdirSync(path.dirname(reportPath), { recursive: true });
    fs.writeFileSync(reportPath, JSON.stringify(report, null, 2) + '\n');
    await browser.close();
  }
  return report;
}

// 'idle' once the kernel is connected and idle; a description of the problem otherwise.
async function waitForKernel(page, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const s = await page.evaluate(() => {
      const icon = document.querySelector('#kernel_indicator_icon');
      const cls = icon ? icon.className : '';
      const dialog = [...document.querySelectorAll('.modal-dialog')].find((d) => d.offsetParent !== null);
      const k = Jupyter.notebook.kernel;
      return {
        cls,
        dialog: dialog ? dialog.textContent.replace(/\s+/g, ' ').trim().slice(0, 300) : '',
        connected: !!(k && k.is_connected()),
        note: (document.querySelector('#notification_kernel') || {}).textContent || '',
      };
    });
    if (s.dialog) return `dialog: ${s.dialog}`;
    if (s.cls === 'kernel_dead_icon') return `kernel dead (${s.note.trim() || 'no message'})`;
    if (s.connected && s.cls === 'kernel_idle_icon') return 'idle';
    await page.waitForTimeout(250);
  }
  return `no idle kernel after ${ms / 1000}s`;
}

// 'idle' when no cell waits or runs ("In [*]") and the kernel has stayed idle for a second.
async function waitForRunAll(page, ms) {
  const end = Date.now() + ms;
  let idleSince = 0;
  while (Date.now() < end) {
    const s = await page.evaluate(() => {
      const icon = document.querySelector('#kernel_indicator_icon');
      const prompts = [...document.querySelectorAll('.code_cell .input_prompt')].map((p) => p.textContent);
      const dialog = [...document.querySelectorAll('.modal-dialog')].find((d) => d.offsetParent !== null);
      return {
        cls: icon ? icon.className : '',
        pending: prompts.filter((t) => t.includes('*')).length,
        dialog: dialog ? dialog.textContent.replace(/\s+/g, ' ').trim().slice(0, 300) : '',
      };
    });
    if (s.dialog) return `dialog: ${s.dialog}`;
    if (s.cls === 'kernel_dead_icon') return 'the kernel died';
    if (s.pending === 0 && s.cls === 'kernel_idle_icon') {
      if (!idleSince) idleSince = Date.now();
      if (Date.now() - idleSince >= 1000) return 'idle';
    } else {
      idleSince = 0;
    }
    await page.waitForTimeout(250);
  }
  return `still running after ${ms / 1000}s`;
}

main().then((report) => {
  if (!report.ok) {
    if (report.consoleErrors.length) log(`browser console errors: ${report.consoleErrors.slice(0, 5).join(' | ')}`);
    log(`FAILED (${report.failures.length} problem(s))`);
    process.exit(1);
  }
  log('passed');
}).catch((e) => {
  log(`FAILED: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
