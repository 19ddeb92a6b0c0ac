/**
 * ODE integrators over Float64Array state, allocation-free per step.
 *
 * - {@link Rk4}: classical fixed-step 4th-order Runge–Kutta.
 * - {@link DormandPrince}: adaptive Dormand–Prince 5(4) with FSAL and PI step-size control
 *   (Dormand & Prince 1980, J Comput Appl Math 6:19; controller as in Hairer, Nørsett & Wanner,
 *   Solving ODEs I, §II.4). Dense output is left to the caller: events in this project are
 *   located with cubic Hermite interpolation of event functions whose time derivative is known
 *   from the state (see `sim/events.ts`), which is 4th-order accurate and integrator-agnostic.
 *
 * Derivative functions write into `dydt` and must not keep references to `y`.
 */

/** dy/dt = f(t, y), written into dydt. */
export type DerivativeFn = (tS: number, y: Float64Array, dydt: Float64Array) => void;

/** Called after every accepted step with the new time and state (and its derivative). */
export type StepObserver = (tS: number, y: Float64Array, dydt: Float64Array) => boolean | void;

/** Fixed-step classical RK4. */
export class Rk4 {
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly tmp: Float64Array;

  constructor(readonly dimension: number) {
    this.k1 = new Float64Array(dimension);
    this.k2 = new Float64Array(dimension);
    this.k3 = new Float64Array(dimension);
    this.k4 = new Float64Array(dimension);
    this.tmp = new Float64Array(dimension);
  }

  /** Advance y in place from t to t + h. If `dydtAtStart` is given it is used as k1. */
  step(f: DerivativeFn, tS: number, y: Float64Array, h: number, dydtAtStart?: Float64Array): void {
    const n = this.dimension;
    const { k1, k2, k3, k4, tmp } = this;
    if (dydtAtStart) k1.set(dydtAtStart);
    else f(tS, y, k1);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
    f(tS + 0.5 * h, tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
    f(tS + 0.5 * h, tmp, k3);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * k3[i];
    f(tS + h, tmp, k4);
    for (let i = 0; i < n; i++) y[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }

  /**
   * Integrate from t0 to t1 with `nSteps` equal steps; `observe` is called after each step
   * with the state and its derivative (evaluated once per step and reused as the next k1).
   * Returning `true` from the observer stops early. Returns the final time.
   */
  integrate(
    f: DerivativeFn,
    t0: number,
    y: Float64Array,
    t1: number,
    nSteps: number,
    observe?: StepObserver,
    dydtScratch?: Float64Array,
  ): number {
    const h = (t1 - t0) / nSteps;
    const dydt = dydtScratch ?? this.tmp2();
    f(t0, y, dydt);
    let t = t0;
    for (let s = 0; s < nSteps; s++) {
      this.step(f, t, y, h, dydt);
      t = s === nSteps - 1 ? t1 : t0 + (s + 1) * h;
      f(t, y, dydt);
      if (observe && observe(t, y, dydt) === true) break;
    }
    return t;
  }

  private scratch?: Float64Array;
  private tmp2(): Float64Array {
    if (!this.scratch) this.scratch = new Float64Array(this.dimension);
    return this.scratch;
  }
}

export interface DormandPrinceOptions {
  /** Relative tolerance (default 1e-8). */
  rtol?: number;
  /** Absolute tolerance (default 1e-10). */
  atol?: number;
  /** Largest step, s (default: the whole interval). */
  maxStepS?: number;
  /** Initial step, s (default: 1e-4 of the interval). */
  initialStepS?: number;
  /** Give up below this step, s (default 1e-12). */
  minStepS?: number;
  /** Give up after this many steps (default 1e6). */
  maxSteps?: number;
}

// Dormand–Prince 5(4) tableau (Dormand & Prince 1980, Table 2).
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;
// Error coefficients: b (5th order) − b* (4th order).
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

/** Adaptive Dormand–Prince 5(4). */
export class DormandPrince {
  private readonly k: Float64Array[];
  private readonly yTmp: Float64Array;
  private readonly yNew: Float64Array;
  /** Accepted and rejected step counts of the last `integrate` call. */
  accepted = 0;
  rejected = 0;

  constructor(
    readonly dimension: number,
    private readonly options: DormandPrinceOptions = {},
  ) {
    this.k = Array.from({ length: 7 }, () => new Float64Array(dimension));
    this.yTmp = new Float64Array(dimension);
    this.yNew = new Float64Array(dimension);
  }

  /**
   * Integrate y in place from t0 to t1. `observe(t, y, dydt)` runs after each accepted step
   * (returning true stops early). Returns the time reached.
   * @throws Error if the step size falls below minStepS or maxSteps is exceeded
   */
  integrate(f: DerivativeFn, t0: number, y: Float64Array, t1: number, observe?: StepObserver): number {
    const n = this.dimension;
    const rtol = this.options.rtol ?? 1e-8;
    const atol = this.options.atol ?? 1e-10;
    const span = t1 - t0;
    const hMax = this.options.maxStepS ?? Math.abs(span);
    const hMin = this.options.minStepS ?? 1e-12;
    const maxSteps = this.options.maxSteps ?? 1_000_000;
    let h = Math.min(this.options.initialStepS ?? Math.abs(span) * 1e-4, hMax);
    const [k1, k2, k3, k4, k5, k6, k7] = this.k;
    const yt = this.yTmp;
    const yn = this.yNew;
    let t = t0;
    let errPrev = 1e-4;
    this.accepted = 0;
    this.rejected = 0;
    f(t, y, k1);
    while (t < t1) {
      if (this.accepted + this.rejected > maxSteps) throw new Error(`DormandPrince: more than ${maxSteps} steps`);
      let last = false;
      if (t + h >= t1) {
        h = t1 - t;
        last = true;
      }
      for (let i = 0; i < n; i++) yt[i] = y[i] + h * A21 * k1[i];
      f(t + C2 * h, yt, k2);
      for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
      f(t + C3 * h, yt, k3);
      for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
      f(t + C4 * h, yt, k4);
      for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
      f(t + C5 * h, yt, k5);
      for (let i = 0; i < n; i++) {
        yt[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
      }
      f(t + h, yt, k6);
      for (let i = 0; i < n; i++) {
        yn[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
      }
      f(t + h, yn, k7);
      let err = 0;
      for (let i = 0; i < n; i++) {
        const e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
        const sc = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yn[i]));
        err += (e / sc) * (e / sc);
      }
      err = Math.sqrt(err / n);
      if (err <= 1 || h <= hMin) {
        if (!(err <= 1)) throw new Error(`DormandPrince: step size ${h} below minimum at t=${t}`);
        t = last ? t1 : t + h;
        y.set(yn);
        k1.set(k7); // FSAL
        this.accepted++;
        // PI controller (Hairer et al. §II.4, β = 0.04).
        const fac = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(err, -0.7 / 5) * Math.pow(errPrev, 0.04)));
        errPrev = Math.max(err, 1e-4);
        if (observe && observe(t, y, k1) === true) return t;
        h = Math.min(hMax, h * fac);
      } else {
        this.rejected++;
        h *= Math.max(0.2, 0.9 * Math.pow(err, -1 / 5));
      }
    }
    return t;
  }
}
