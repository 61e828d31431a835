import { editDistance } from '../backup/closestNames';

/** The closest known name, or undefined when nothing is reasonably close. */
export function closestName(input: string, names: string[]): string | undefined {
  const word = input.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = name.startsWith(word) && word.length >= 2 ? 0.5 : editDistance(word, name);
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  if (best === undefined) return undefined;
  return best.distance <= Math.max(2, Math.floor(best.name.length / 2)) ? best.name : undefined;
}
