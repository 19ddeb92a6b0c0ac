/**
 * The demo report: one self-contained HTML page (figures are the interactive pages in
 * figures/, embedded as iframes, with the static PNGs linked), telling the story of the forum
 * hypotheses in plain language. Text is derived from the numbers, never written in advance.
 */
import type { LegSummary } from '../sim/outputs.ts';
import type { Provenance } from '../io/provenance.ts';
import { mmToCssPx } from '../plots/style.ts';
import type { FigureSpec } from '../plots/spec.ts';

export interface ScenarioRow {
  name: string;
  description: string;
  left: LegSummary;
  right: LegSummary;
  durationS: number;
  /** Classifier verdict on the left foot's synthetic IMU trace, when available. */
  verdict?: { mechanism: string; probabilities: Record<string, number>; outOfDomain: boolean };
}

export interface ReportInput {
  rows: ScenarioRow[];
  figures: { name: string; widthMm: number; heightMm: number; spec: FigureSpec }[];
  staticPng: boolean;
  rules: { name: string; endCapacity: number; recoveryS: number | null }[];
  provenance: Provenance;
  chromium: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const mm = (m: number) => (Number.isFinite(m) ? (m * 1000).toFixed(1) : '–');
const minutes = (s: number | null) => (s === null ? 'not within 30 min' : s < 60 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);

/** Whether a scenario reproduces the complaint: toe catches that start after 10 min, gone within 40 min of rest. */
export function matchesComplaint(r: ScenarioRow): boolean {
  const s = r.left;
  return s.toeCatches > 0 && s.firstToeCatchS !== null && s.firstToeCatchS > 600 && s.recoveryTo90PctS !== null && s.recoveryTo90PctS <= 2400;
}

function story(input: ReportInput): string {
  const rows = input.rows;
  const matching = rows.filter(matchesComplaint);
  const catching = rows.filter((r) => r.left.toeCatches > 0);
  const fromStart = catching.filter((r) => r.left.firstToeCatchS !== null && r.left.firstToeCatchS < 600);
  const never = rows.filter((r) => r.left.toeCatches === 0);
  const parts: string[] = [];
  parts.push(
    `<p>A runner's left foot stops lifting a few miles into a run and recovers after about 30 minutes of rest. We simulated the reference runner's ${(rows[0].durationS / 60).toFixed(0)}-minute run once for each explanation that has been suggested, with every stride of both legs, and asked which explanations produce that pattern.</p>`,
  );
  parts.push(
    `<p><strong>${matching.length === 0 ? 'No scenario' : matching.map((r) => esc(r.name)).join(', ')}</strong> ${matching.length === 1 ? 'reproduces' : 'reproduce'} the whole complaint: toe catches that begin more than 10 minutes into the run and a foot that recovers within 40 minutes of stopping.</p>`,
  );
  if (fromStart.length) {
    parts.push(`<p>${fromStart.map((r) => esc(r.name)).join(', ')} catch the toe from the first minutes of the run — a constant deficit, not one that develops over miles.</p>`);
  }
  if (never.length) {
    parts.push(
      `<p>${never.map((r) => esc(r.name)).join(', ')} never catch the toe in this run: the swing needs only a small fraction of the tibialis anterior's strength, so the nervous system compensates until most of it is gone.</p>`,
    );
  }
  return parts.join('\n');
}

function table(rows: ScenarioRow[]): string {
  const hasVerdict = rows.some((r) => r.verdict);
  const head = `<tr><th>scenario</th><th>what changes</th><th>left MTC first → last 10 % (mm)</th><th>right MTC (mm)</th><th>left toe catches</th><th>first catch</th><th>lowest TA capacity</th><th>lowest drive</th><th>recovery to 90 %</th>${hasVerdict ? '<th>classifier (left foot IMU)</th>' : ''}</tr>`;
  const body = rows
    .map((r) => {
      const l = r.left;
      const verdict = r.verdict
        ? `<td>${esc(r.verdict.mechanism)}${r.verdict.outOfDomain ? ' (out of domain)' : ''}<br><small>${Object.entries(r.verdict.probabilities)
            .map(([k, v]) => `${esc(k)}&nbsp;${(v * 100).toFixed(0)}&nbsp;%`)
            .join(', ')}</small></td>`
        : '';
      return `<tr${matchesComplaint(r) ? ' class="match"' : ''}><td>${esc(r.name)}</td><td>${esc(r.description)}</td><td>${mm(l.mtcEarlyMedianM)} → ${mm(l.mtcLateMedianM)}</td><td>${mm(r.right.mtcMedianM)}</td><td>${l.toeCatches}</td><td>${l.firstToeCatchS === null ? '–' : `${(l.firstToeCatchS / 60).toFixed(1)} min`}</td><td>${(l.minTibialisCapacity * 100).toFixed(0)} %</td><td>${(l.minNeuralDrive * 100).toFixed(0)} %</td><td>${minutes(l.recoveryTo90PctS)}</td>${hasVerdict ? verdict : ''}</tr>`;
    })
    .join('\n');
  return `<table>${head}\n${body}</table>`;
}

/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

/** A figure drawn in the page itself (plotly.js from figures/plotly.js, offline). */
function figure(f: ReportInput['figures'][number], staticPng: boolean, caption: string): string {
  const id = `fig-${f.name}`;
  const layout = { ...f.spec.layout, width: Math.round(mmToCssPx(f.widthMm)), height: Math.round(mmToCssPx(f.heightMm)) };
  const links = staticPng
    ? ` (<a href="figures/${esc(f.name)}.png">PNG</a>, <a href="figures/${esc(f.name)}.svg">SVG</a>, <a href="figures/${esc(f.name)}.pdf">PDF</a>, <a href="figures/${esc(f.name)}.html">interactive</a>)`
    : ` (<a href="figures/${esc(f.name)}.html">interactive</a>)`;
  return `<figure><div id="${esc(id)}" class="plot" role="img" aria-label="${esc(caption)}"></div><figcaption>${esc(caption)}${links}</figcaption>
<script>Plotly.newPlot(${scriptJson(id)}, ${scriptJson(f.spec.data)}, ${scriptJson(layout)}, {displaylogo:false,responsive:false});</script></figure>`;
}

const CAPTIONS: Record<string, string> = {
  'mtc-over-run': 'Minimum toe clearance of every stride over the run, left (blue) and right (vermillion); toe catches marked.',
  'fatigue-recovery-rules': 'Left TA capacity over the healthy run and at rest afterwards under the three recovery rules of the fatigue model.',
  'capacity-drive-taFatigue': 'TA fatigue scenario: capacity and drive over the run and the recovery after it.',
  'capacity-drive-exertionalCompartment': 'Exertional compartment scenario: capacity and drive over the run and the recovery after it.',
  'capacity-drive-peronealNeuropathy': 'Peroneal neuropathy scenario: capacity and drive over the run and the recovery after it.',
  'imu-trace': 'What the classifier sees: the sagittal angular rate and acceleration norm of the synthetic left-foot IMU trace, with the strides, initial contacts and toe-offs the analysis pipeline detected.',
};

/** The report page. */
export function renderReport(input: ReportInput): string {
  const rules = input.rules
    .map((r) => `<li>${esc(r.name)}: lowest capacity ${(r.endCapacity * 100).toFixed(0)} %; back to 90 % ${r.recoveryS === null ? 'not within 30 min of rest' : `after ${minutes(r.recoveryS)}`}</li>`)
    .join('\n');
  const p = input.provenance;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dropfoot demo report</title>
<script src="figures/plotly.js"></script>
<style>
body{font-family:Arial,"Liberation Sans",Helvetica,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#111;line-height:1.45}
table{border-collapse:collapse;font-size:13px;margin:12px 0}th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f0f0f0}tr.match td{background:#e8f4ea}figure{margin:16px 0}iframe{border:0}figcaption{font-size:13px;color:#333}
.note{font-size:12px;color:#555}
</style></head><body>
<h1>Foot drop in a runner: which explanation fits?</h1>
<p class="note">dropfoot ${esc(p.version)}${p.gitCommit ? ` (${esc(p.gitCommit.slice(0, 12))})` : ''}, experiment <code>forum-hypotheses</code>, seed ${p.seed}, ${esc(p.createdAt)}. A research instrument, not a diagnosis.</p>
${story(input)}
<h2>Every scenario</h2>
${table(input.rows)}
<p class="note">MTC: minimum toe clearance of the shoe's toe in swing. Rows in green reproduce the complaint. Each scenario's per-stride data are in <code>scenarios/NAME/strides.csv</code> and <code>.parquet</code>.${
  input.rows.some((r) => r.verdict)
    ? ' Classifier: the verdict of the committed mechanism classifier (models/mechanism-classifier, MODEL_CARD.md) on a synthetic 200 Hz left-foot IMU trace of the scenario, analysed exactly as a recording would be; it sees only the IMU trace, never the simulator. Expected: none for the healthy runs, muscular for TA fatigue, neurological for the nerve scenarios.'
    : ''
}</p>
${input.figures.filter((f) => f.name === 'mtc-over-run').map((f) => figure(f, input.staticPng, CAPTIONS[f.name] ?? f.name)).join('\n')}
<h2>Can tibialis anterior fatigue alone explain it?</h2>
<p>The fatigue model (three compartments with rest recovery, Xia &amp; Frey-Law 2008; Looft et al. 2018) needs a rule for when muscle units recover faster. The choice changes the answer more than any parameter:</p>
<ul>${rules}</ul>
${input.figures.filter((f) => f.name === 'fatigue-recovery-rules').map((f) => figure(f, input.staticPng, CAPTIONS[f.name] ?? f.name)).join('\n')}
<h2>Time courses</h2>
${input.figures.filter((f) => f.name.startsWith('capacity-drive')).map((f) => figure(f, input.staticPng, CAPTIONS[f.name] ?? f.name)).join('\n')}
${input.figures.some((f) => f.name === 'imu-trace') ? '<h2>The sensor trace behind the verdicts</h2>' : ''}
${input.figures.filter((f) => f.name === 'imu-trace').map((f) => figure(f, input.staticPng, CAPTIONS[f.name] ?? f.name)).join('\n')}
${input.chromium ? '' : '<p class="note">Static PNG/SVG/PDF figures were skipped: Chromium is not installed (<code>apt-get install chromium</code> enables them).</p>'}
</body></html>
`;
}
