import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ankleMuscleSet, ankleMuscleTorqueNm, tibialisForceN } from '../../src/model/ankle-muscles.ts';
import { compileAnkleMuscleTable, tableAnkleTorqueNm, tableTibialisComponents } from '../../src/model/ankle-muscle-table.ts';

describe('tabulated ankle muscles agree with the exact kernels', () => {
  for (const opts of [{}, { soleusStiffness: 3, passiveCurve: 'degroote2016' as const }, { tibialisStrength: 0.5 }]) {
    const set = ankleMuscleSet(opts);
    const table = compileAnkleMuscleTable(set);
    it(`torque and TA force within 1e-5 relative (${JSON.stringify(opts)})`, () => {
      const comp = new Float64Array(2);
      fc.assert(
        fc.property(
          fc.double({ min: -1.4, max: 0.9, noNaN: true }),
          fc.double({ min: -15, max: 15, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (theta, vel, a, c) => {
            const exact = ankleMuscleTorqueNm(set, a, 0.01, theta, vel, c);
            const tab = tableAnkleTorqueNm(table, a, 0.01, theta, vel, c);
            expect(Math.abs(tab - exact)).toBeLessThan(1e-5 * Math.max(1, Math.abs(exact)));
            tableTibialisComponents(table, theta, vel, comp);
            const f = tibialisForceN(set, a, theta, vel, c);
            expect(Math.abs(comp[0] * a * c + comp[1] - f)).toBeLessThan(1e-5 * Math.max(1, f));
          },
        ),
        { numRuns: 2000 },
      );
    });
  }
  it('falls back to the exact kernels outside the table', () => {
    const set = ankleMuscleSet();
    const table = compileAnkleMuscleTable(set);
    expect(tableAnkleTorqueNm(table, 0.5, 0.01, 1.3, 1, 1)).toBe(ankleMuscleTorqueNm(set, 0.5, 0.01, 1.3, 1, 1));
  });
});
