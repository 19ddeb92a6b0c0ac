/**
 * The swing the peers reproduce: the reference runner's left leg at 3.5 m/s, nominal drivers, and
 * its MTC at converged accuracy from dropfoot (DOPRI5, rtol 1e-11, the general chain solver), the
 * value each peer must match within 0.05 mm.
 */
import { parseRunParams } from '../../src/model/params.ts';
import { compileLegModel, type LegModel } from '../../src/model/leg.ts';
import { SwingSimulator, emptySwingResult, nominalDrivers, simulateSwing, type SwingDrivers } from '../../src/model/swing.ts';
import { repeat } from '../lib/stats.ts';

export interface PeerSwing {
  leg: LegModel;
  drivers: SwingDrivers;
  referenceMtcM: number;
  description: string;
}

export function peerSwing(): PeerSwing {
  const params = parseRunParams({ gait: 'run', speedMps: 3.5 });
  const leg = compileLegModel(params, 'left');
  const drivers = nominalDrivers();
  const referenceMtcM = simulateSwing(leg, drivers, { integrator: 'dopri5', stepS: 1e-3, rtol: 1e-11 }, undefined).mtcM;
  return { leg, drivers, referenceMtcM, description: 'left leg of the reference runner (1.75 m, 70 kg) running at 3.5 m/s, nominal stride' };
}

/** dropfoot on the same swing: swings per CPU second at a step (fast kernel), and its MTC. */
export function oursOnPeerSwing(s: PeerSwing, stepS: number, quick: boolean): { swingsPerSecond: number; mtcM: number } {
  const sim = new SwingSimulator(s.leg, { integrator: 'rk4', stepS, rtol: 1e-8 });
  const out = emptySwingResult();
  const n = quick ? 200 : 2000;
  const t = repeat(() => {
    for (let i = 0; i < n; i++) sim.simulate(s.drivers, out);
  }, { runs: quick ? 3 : 7, warmup: 2 });
  return { swingsPerSecond: Math.round(n / t.cpuS.median), mtcM: sim.simulate(s.drivers, out).mtcM };
}
