/**
 * Peer 2: SciPy solve_ivp (RK45) on the same swing: bench/peers/scipy_swing.py, fed the swing
 * exported as JSON (bench/peers/swing-export.ts). The script tunes rtol to the same accuracy and
 * times repeated solves; this task reports its figures. Needs python3 with NumPy and SciPy
 * (Debian: python3-scipy); reports `available: false` without them.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSwing } from '../peers/swing-export.ts';
import { log, round } from '../lib/stats.ts';
import { peerSwing, oursOnPeerSwing } from './peer-swing.ts';
import type { TaskOptions, TaskResult } from './types.ts';

export async function run(o: TaskOptions): Promise<TaskResult> {
  const s = peerSwing();
  const file = join(o.tmpDir, 'swing.json');
  writeFileSync(file, JSON.stringify({ swing: exportSwing(s.leg, s.drivers), referenceMtcM: s.referenceMtcM }));
  const python = String(o.python ?? 'python3');
  const r = spawnSync(python, ['bench/peers/scipy_swing.py', file, '--repeats', o.quick ? '2' : '10', ...(o.quick ? ['--quick'] : [])], { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  if (r.status !== 0) {
    const reason = r.error ? r.error.message : r.stderr.trim().split('\n').slice(-1)[0];
    log(`scipy: not available (${reason})`);
    return { available: false, reason };
  }
  const doc = JSON.parse(r.stdout) as Record<string, unknown> & { swingsPerSecond: number; mtcErrorMm: number };
  const ours = oursOnPeerSwing(s, Number(o.stepS ?? 0.005), o.quick);
  log(`scipy: ${doc.swingsPerSecond.toFixed(1)} swings/s at rtol ${doc.rtol} (MTC error ${doc.mtcErrorMm.toFixed(4)} mm)`);
  return {
    available: true,
    ...doc,
    swingsPerSecond: round(doc.swingsPerSecond, 2),
    swing: s.description,
    oursOnThisSwing: { swingsPerSecond: ours.swingsPerSecond, mtcErrorMm: round((ours.mtcM - s.referenceMtcM) * 1000, 5) },
  };
}
