import { describe, expect, it } from 'vitest';
import { DormandPrince, Rk4 } from '../../src/sim/integrate.ts';
import { hermiteMinimumTheta, hermiteValue, hermiteZeroTheta } from '../../src/sim/events.ts';

// Harmonic oscillator y'' = −ω²y: exact solution y = cos ωt.
const omega = 2 * Math.PI;
const oscillator = (_t: number, y: Float64Array, d: Float64Array) => {
  d[0] = y[1];
  d[1] = -omega * omega * y[0];
};

describe('Rk4', () => {
  it('is 4th-order accurate on a harmonic oscillator', () => {
    const errorAt = (nSteps: number) => {
      const y = Float64Array.of(1, 0);
      // end at 1.25 periods, where the phase error shows (at whole periods it cancels to 5th order)
      new Rk4(2).integrate(oscillator, 0, y, 1.25, nSteps);
      return Math.abs(y[0] - Math.cos(1.25 * omega));
    };
    const e1 = errorAt(100);
    const e2 = errorAt(200);
    const order = Math.log2(e1 / e2);
    expect(order).toBeGreaterThan(3.8);
    expect(order).toBeLessThan(4.2);
  });

  it('stops early when the observer returns true', () => {
    const y = Float64Array.of(1, 0);
    let calls = 0;
    const t = new Rk4(2).integrate(oscillator, 0, y, 1, 100, () => ++calls === 10);
    expect(calls).toBe(10);
    expect(t).toBeCloseTo(0.1, 12);
  });
});

describe('DormandPrince', () => {
  it('meets its tolerance on a harmonic oscillator and on exponential decay', () => {
    const y = Float64Array.of(1, 0);
    const dp = new DormandPrince(2, { rtol: 1e-10, atol: 1e-12 });
    dp.integrate(oscillator, 0, y, 3, undefined);
    expect(Math.abs(y[0] - Math.cos(3 * omega))).toBeLessThan(1e-8);
    expect(dp.rejected).toBeLessThan(dp.accepted);
    const z = Float64Array.of(1);
    new DormandPrince(1, { rtol: 1e-9, atol: 1e-12 }).integrate((_t, u, d) => void (d[0] = -5 * u[0]), 0, z, 2);
    expect(Math.abs(z[0] - Math.exp(-10)) / Math.exp(-10)).toBeLessThan(1e-7);
  });

  it('uses fewer steps for looser tolerance', () => {
    const loose = new DormandPrince(2, { rtol: 1e-4, atol: 1e-6 });
    const tight = new DormandPrince(2, { rtol: 1e-10, atol: 1e-12 });
    loose.integrate(oscillator, 0, Float64Array.of(1, 0), 2);
    tight.integrate(oscillator, 0, Float64Array.of(1, 0), 2);
    expect(loose.accepted).toBeLessThan(tight.accepted);
  });
});

describe('Hermite event location', () => {
  it('finds the minimum of a parabola and the root of a cubic exactly', () => {
    // z(t) = (t − 0.3)² − 0.01 on [0, 1]: min at 0.3, roots at 0.2 and 0.4.
    const z = (t: number) => (t - 0.3) ** 2 - 0.01;
    const v = (t: number) => 2 * (t - 0.3);
    const th = hermiteMinimumTheta(z(0), v(0), z(1), v(1), 1);
    expect(th).toBeCloseTo(0.3, 10);
    expect(hermiteValue(z(0), v(0), z(1), v(1), 1, th)).toBeCloseTo(-0.01, 12);
    // Root in a step [0.1, 0.25] of length 0.15.
    const r = hermiteZeroTheta(z(0.1), v(0.1), z(0.25), v(0.25), 0.15);
    expect(0.1 + r * 0.15).toBeCloseTo(0.2, 10);
  });
});
