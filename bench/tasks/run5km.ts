/** A 5 km run at 3 m/s, both legs, every stride simulated: wall and CPU time, median of repetitions. */
import { parseRunParams } from '../../src/model/params.ts';
import { simulateRun } from '../../src/sim/run.ts';
import { log, repeat, round, rounded } from '../lib/stats.ts';
import type { TaskOptions, TaskResult } from './types.ts';

export async function run(o: TaskOptions): Promise<TaskResult> {
  const params = parseRunParams({ gait: 'run', speedMps: 3.0, distanceM: 5000 });
  let swings = 0;
  const t = repeat(
    () => {
      const r = simulateRun(params);
      swings = r.legs.left.length + r.legs.right.length;
    },
    { runs: o.quick ? 2 : 7, warmup: 1 },
  );
  log(`run5km: ${t.wallS.median.toFixed(3)} s wall, ${t.cpuS.median.toFixed(3)} s CPU, ${swings} swings`);
  return {
    run5kmBothLegsS: round(t.wallS.median, 4),
    run5kmBothLegsCpuS: round(t.cpuS.median, 4),
    swings,
    stepS: params.numerics.stepS,
    wallS: rounded(t.wallS),
    cpuS: rounded(t.cpuS),
  };
}
