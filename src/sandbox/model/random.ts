// Deterministic pseudo-randomness: the same seed gives the same estate, job ids and durations.
// mulberry32 is tiny, fast and good enough for simulation (not for security).

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A GUID-shaped id (version-4 layout) drawn from this generator. */
  guid(): string {
    const a = this.word();
    const b = this.word();
    const c = this.word();
    const d = this.word();
    return (
      hex8(a) +
      '-' +
      hex8(b).slice(0, 4) +
      '-4' +
      hex8(b).slice(5, 8) +
      '-' +
      (((c >>> 28) & 0x3) | 0x8).toString(16) +
      hex8(c).slice(1, 4) +
      '-' +
      hex8(c).slice(4, 8) +
      hex8(d)
    );
  }

  /** Uniform unsigned 32-bit integer. */
  private word(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** Stable 32-bit hash of a string (FNV-1a), used to derive per-entity seeds. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
