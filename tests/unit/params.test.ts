import { describe, expect, it } from 'vitest';
import { defaultRunParams, parseRunParams } from '../../src/model/params.ts';
import { InputError } from '../../src/errors.ts';

const bad = (input: unknown, pattern: RegExp) => {
  let err: unknown;
  try {
    parseRunParams(input);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as Error).message).toMatch(pattern);
};

describe('run parameters', () => {
  it('defaults: the reference runner, 3 miles at 3 m/s, healthy, frozen', () => {
    const p = defaultRunParams();
    expect(p.gait).toBe('run');
    expect(p.distanceM).toBeCloseTo(3 * 1609.344, 6);
    expect(p.left.nerve.mechanism).toBe('none');
    expect(p.left.tibialisFatigue.preset).toBe('frey-law-2012-ankle');
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.left.tibialisFatigue)).toBe(true);
  });

  it('fills mechanism-specific defaults', () => {
    const p = parseRunParams({ left: { nerve: { mechanism: 'exertionalCompartment' } } });
    expect(p.left.nerve.mechanism).toBe('exertionalCompartment');
    if (p.left.nerve.mechanism === 'exertionalCompartment') expect(p.left.nerve.thresholdMmHg).toBeGreaterThan(0);
  });

  it.each([
    [{ runner: { massKg: 0 } }, /runner\.massKg: must be a number between 30 and 200 kg \(found 0\)/],
    [{ runner: { massKg: -5 } }, /runner\.massKg/],
    [{ runner: { heightM: -1.7 } }, /runner\.heightM: must be a number between 1.2 and 2.3 m/],
    [{ speedMps: 0 }, /speedMps/],
    [{ speedMps: -3 }, /speedMps/],
    [{ speedMps: NaN }, /speedMps: must be a number/],
    [{ left: { soleusStiffness: NaN } }, /left\.soleusStiffness: must be a number between 0\.25 and 10/],
    [{ legLengthDiscrepancyM: Infinity }, /legLengthDiscrepancyM/],
    [{ gait: 'walk', speedMps: 2 }, /speedMps: must be between 1 and 1\.6 m\/s for gait=walk/],
    [{ speedMps: 5 }, /speedMps: must be between 2\.5 and 4\.5 m\/s for gait=run/],
    [{ left: { nerve: { mechanism: 'bogus' } } }, /left\.nerve\.mechanism/],
    [{ right: { tibialisFatigue: { preset: 'x' } } }, /right\.tibialisFatigue\.preset/],
    [{ speed: 3 }, /unknown parameter speed/],
  ])('rejects %j with a message naming the key', (input, pattern) => bad(input, pattern));

  it('reports every bad key at once', () => {
    bad({ runner: { massKg: 0, heightM: 9 } }, /(?=[\s\S]*runner\.massKg)(?=[\s\S]*runner\.heightM)/);
  });
});
