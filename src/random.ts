/**
 * The one seeded random generator used everywhere (no Math.random in the library).
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, PractRand-clean at 2^40+ bytes)
 * seeded through splitmix32 so that nearby integer seeds give unrelated streams. Pure 32-bit
 * integer arithmetic: the same seed gives bit-identical numbers on every platform and worker.
 */

/** splitmix32 step: a well-mixed 32-bit hash of a 32-bit state (used for seeding and hashing). */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Derive a child seed from a parent seed and a path of keys (numbers or strings), e.g.
 * `deriveSeed(experimentSeed, 'point', 17)` or `deriveSeed(runSeed, 'left', 'variability')`.
 * Deterministic and independent of call order, so parallel workers agree.
 */
export function deriveSeed(seed: number, ...keys: Array<number | string>): number {
  let h = splitmix32(seed >>> 0);
  for (const key of keys) {
    if (typeof key === 'number') {
      h = splitmix32(h ^ splitmix32(key >>> 0) ^ splitmix32(Math.floor(key / 4294967296) >>> 0));
    } else {
      for (let i = 0; i < key.length; i++) h = splitmix32(h ^ key.charCodeAt(i));
      h = splitmix32(h ^ key.length);
    }
  }
  return h;
}

/** A seeded random stream. Not thread-safe by design: give each worker/leg its own. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = NaN;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Rng seed must be a finite number, got ${seed}`);
    const s = seed >>> 0;
    this.a = splitmix32(s);
    this.b = splitmix32(this.a ^ 0x1b873593);
    this.c = splitmix32(this.b ^ 0xcc9e2d51);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32(); // discard warm-up outputs
  }

  /** Next raw 32-bit unsigned integer (sfc32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal draw (Marsaglia polar method; caches the second value). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const v = this.spareNormal;
      this.spareNormal = NaN;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}

/** Convenience: a generator for a seed and a key path (see {@link deriveSeed}). */
export function createRng(seed: number, ...keys: Array<number | string>): Rng {
  return new Rng(keys.length ? deriveSeed(seed, ...keys) : seed);
}
