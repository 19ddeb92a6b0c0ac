/**
 * A representative sample of swings for the convergence check and the throughput loop: for each
 * gait and speed, strides with the run's stride-to-stride variability draws (VARIABILITY_SD at
 * scale 1), TA capacity uniform in [0.3, 1] and, for one stride in four, a neural drive uniform in
 * [0, 1] (down to a conduction failure), as whole runs with fatigue and nerve mechanisms produce them.
 */
import { parseRunParams, type RunParams } from '../../src/model/params.ts';
import { compileLegModel, type LegModel } from '../../src/model/leg.ts';
import { nominalDrivers, type SwingDrivers } from '../../src/model/swing.ts';
import { VARIABILITY_SD } from '../../src/sim/run.ts';
import { createRng } from '../../src/random.ts';

export interface SwingCase {
  gait: 'run' | 'walk';
  speedMps: number;
  params: RunParams;
  leg: LegModel;
  drivers: SwingDrivers[];
}

/** Gaits and speeds of the sample (the ends and middle of the supported running range, and walking). */
export const SAMPLE_SPEEDS: ReadonlyArray<readonly ['run' | 'walk', number]> = [
  ['run', 2.5],
  ['run', 3.5],
  ['run', 4.5],
  ['walk', 1.3],
];

export function swingSample(stridesPerSpeed: number, seed = 20261130): SwingCase[] {
  const rng = createRng(seed, 'bench-swing-sample');
  return SAMPLE_SPEEDS.map(([gait, speedMps]) => {
    const params = parseRunParams({ gait, speedMps });
    const leg = compileLegModel(params, 'left');
    const drivers: SwingDrivers[] = [];
    for (let i = 0; i < stridesPerSpeed; i++) {
      drivers.push({
        ...nominalDrivers(),
        taCapacity: 0.3 + 0.7 * rng.uniform(),
        neuralDrive: i % 4 === 3 ? rng.uniform() : 1,
        strideTimeScale: 1 + VARIABILITY_SD.strideTime * rng.normal(),
        hipAmplitudeScale: 1 + VARIABILITY_SD.hipAmplitude * rng.normal(),
        kneeAmplitudeScale: 1 + VARIABILITY_SD.kneeAmplitude * rng.normal(),
        excitationOffset: VARIABILITY_SD.excitation * rng.normal(),
      });
    }
    return { gait, speedMps, params, leg, drivers };
  });
}
