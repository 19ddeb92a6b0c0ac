/**
 * Event location inside an integration step by cubic Hermite interpolation of an event
 * function z(t) whose derivative v(t) = dz/dt is known at both step ends (e.g. toe height and
 * toe vertical velocity). 4th-order accurate in the step, independent of the grid, and
 * allocation-free.
 */

/** Hermite cubic value at θ ∈ [0,1] of a step of length h. */
export function hermiteValue(z0: number, v0: number, z1: number, v1: number, h: number, theta: number): number {
  const t2 = theta * theta;
  const t3 = t2 * theta;
  return (
    (2 * t3 - 3 * t2 + 1) * z0 + (t3 - 2 * t2 + theta) * h * v0 + (-2 * t3 + 3 * t2) * z1 + (t3 - t2) * h * v1
  );
}

/** Derivative dz/dt of the Hermite cubic at θ. */
export function hermiteSlope(z0: number, v0: number, z1: number, v1: number, h: number, theta: number): number {
  const t2 = theta * theta;
  return (
    ((6 * t2 - 6 * theta) * z0 + (3 * t2 - 4 * theta + 1) * h * v0 + (-6 * t2 + 6 * theta) * z1 + (3 * t2 - 2 * theta) * h * v1) /
    h
  );
}

/**
 * θ ∈ [0,1] where the Hermite slope changes sign from negative to positive (a local minimum),
 * given v0 < 0 ≤ v1. The slope is a quadratic in θ; its root in [0,1] is returned (bisection
 * fallback keeps it robust when the quadratic is nearly degenerate).
 */
export function hermiteMinimumTheta(z0: number, v0: number, z1: number, v1: number, h: number): number {
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 60; it++) {
    const mid = 0.5 * (lo + hi);
    if (hermiteSlope(z0, v0, z1, v1, h, mid) < 0) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-12) break;
  }
  return 0.5 * (lo + hi);
}

/** θ ∈ [0,1] where the Hermite cubic crosses zero, given z0 > 0 ≥ z1 (or the reverse). */
export function hermiteZeroTheta(z0: number, v0: number, z1: number, v1: number, h: number): number {
  let lo = 0;
  let hi = 1;
  const sign0 = z0 > 0;
  for (let it = 0; it < 60; it++) {
    const mid = 0.5 * (lo + hi);
    if (hermiteValue(z0, v0, z1, v1, h, mid) > 0 === sign0) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-12) break;
  }
  return 0.5 * (lo + hi);
}
