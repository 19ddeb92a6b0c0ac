/**
 * Gait events from a vertical ground reaction force: initial contact (IC) where the force rises
 * through a threshold, toe-off (TO) where it falls through it, located by linear interpolation
 * between samples. Threshold 50 N as used for the Hamner events in the reference sheet
 * (reference/biomechanics.md §5). Short dips (force-plate noise around TO) are bridged and
 * spikes shorter than a minimum contact are dropped, so one foot contact gives one IC and one TO.
 */
import { InputError } from '../errors.ts';

export interface ContactOptions {
  /** Threshold on the vertical force, N. Default 50 N (reference sheet §5). */
  readonly thresholdN?: number;
  /** Contacts shorter than this are noise, s. Default 0.05 s (running contact ≥ ~0.15 s). */
  readonly minContactS?: number;
  /** Gaps shorter than this inside a contact are bridged, s. Default 0.03 s (running flight ≥ ~0.05 s). */
  readonly minGapS?: number;
}

/** One foot contact; `startS`/`endS` are NaN where the recording starts or ends inside the contact. */
export interface Contact {
  readonly startS: number;
  readonly endS: number;
}

export interface GaitEvents {
  readonly contacts: readonly Contact[];
  /** Times of initial contact, s, increasing (contacts cut by the recording start are omitted). */
  readonly initialContactS: readonly number[];
  /** Times of toe-off, s, increasing (contacts cut by the recording end are omitted). */
  readonly toeOffS: readonly number[];
}

/**
 * Detects foot contacts of one foot (or one force plate) from its vertical force.
 * @param timeS sample times, s, increasing (nSample)
 * @param verticalForceN vertical force, N (nSample)
 * @throws InputError when the arrays differ in length, are shorter than 2 samples, or an option is invalid.
 */
export function detectContacts(timeS: ArrayLike<number>, verticalForceN: ArrayLike<number>, options: ContactOptions = {}): GaitEvents {
  const thresholdN = options.thresholdN ?? 50;
  const minContactS = options.minContactS ?? 0.05;
  const minGapS = options.minGapS ?? 0.03;
  if (timeS.length !== verticalForceN.length) {
    throw new InputError(`time (${timeS.length}) and force (${verticalForceN.length}) lengths differ`);
  }
  if (timeS.length < 2) throw new InputError('need at least 2 samples to detect contacts');
  if (!Number.isFinite(thresholdN) || !(minContactS >= 0) || !(minGapS >= 0)) {
    throw new InputError('thresholdN must be finite and minContactS, minGapS ≥ 0');
  }
  const crossing = (k: number): number => {
    const f0 = verticalForceN[k - 1];
    const f1 = verticalForceN[k];
    return timeS[k - 1] + ((thresholdN - f0) / (f1 - f0)) * (timeS[k] - timeS[k - 1]);
  };
  const raw: { startS: number; endS: number }[] = [];
  let inContact = verticalForceN[0] > thresholdN;
  let start = inContact ? Number.NaN : 0;
  for (let k = 1; k < timeS.length; k++) {
    const now = verticalForceN[k] > thresholdN;
    if (now && !inContact) start = crossing(k);
    else if (!now && inContact) raw.push({ startS: start, endS: crossing(k) });
    inContact = now;
  }
  if (inContact) raw.push({ startS: start, endS: Number.NaN });

  const merged: { startS: number; endS: number }[] = [];
  for (const c of raw) {
    const last = merged[merged.length - 1];
    if (last && c.startS - last.endS < minGapS) last.endS = c.endS;
    else merged.push({ ...c });
  }
  // Truncated contacts (NaN ends) are kept: their length is unknown, not short.
  const contacts = merged.filter((c) => !(c.endS - c.startS < minContactS));
  return {
    contacts,
    initialContactS: contacts.map((c) => c.startS).filter((t) => Number.isFinite(t)),
    toeOffS: contacts.map((c) => c.endS).filter((t) => Number.isFinite(t)),
  };
}

/**
 * Stance fraction of each complete stride: (TO − IC) / (next IC − IC).
 * @returns one value per stride whose IC, TO and next IC are all known
 */
export function stanceFractions(events: GaitEvents): number[] {
  const out: number[] = [];
  const c = events.contacts;
  for (let i = 0; i + 1 < c.length; i++) {
    const { startS, endS } = c[i];
    const next = c[i + 1].startS;
    if (Number.isFinite(startS) && Number.isFinite(endS) && Number.isFinite(next)) out.push((endS - startS) / (next - startS));
  }
  return out;
}
