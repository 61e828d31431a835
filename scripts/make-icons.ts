/**
 * Draws the Teams app icons (a shield with a check mark) and writes them to manifest/:
 * color.png 192x192 (white symbol on full-bleed Azure blue) and outline.png 32x32
 * (white on transparent, as Teams requires). Run with `npx tsx scripts/make-icons.ts`;
 * the PNGs are committed, so this only runs when the design changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodePng, type RgbaImage } from './png';

type Point = [number, number];
type Rgba = [number, number, number, number];

const AZURE_BLUE: Rgba = [0x00, 0x78, 0xd4, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const TRANSPARENT: Rgba = [255, 255, 255, 0];
const SUBSAMPLES = 4;

/** The shield outline in unit coordinates (0..1), curves flattened into short segments. */
const SHIELD: Point[] = (() => {
  const right: Point[] = [[0.5, 0.12], [0.8, 0.22], [0.8, 0.48], ...quadratic([0.8, 0.48], [0.8, 0.76], [0.5, 0.9], 12)];
  const left = right.slice(1, -1).reverse().map(([x, y]): Point => [1 - x, y]);
  return [...right, ...left];
})();

const CHECK: Point[] = [[0.36, 0.51], [0.47, 0.62], [0.66, 0.4]];

function quadratic(from: Point, control: Point, to: Point, steps: number): Point[] {
  const points: Point[] = [];
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    const a = (1 - t) * (1 - t);
    const b = 2 * (1 - t) * t;
    const c = t * t;
    points.push([a * from[0] + b * control[0] + c * to[0], a * from[1] + b * control[1] + c * to[1]]);
  }
  return points;
}

function insidePolygon([x, y]: Point, polygon: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function distanceToPath(point: Point, path: Point[], closed: boolean): number {
  let best = Infinity;
  const count = closed ? path.length : path.length - 1;
  for (let i = 0; i < count; i++) best = Math.min(best, distanceToSegment(point, path[i], path[(i + 1) % path.length]));
  return best;
}

/** Renders `colourAt` with SUBSAMPLES x SUBSAMPLES anti-aliasing. */
function draw(size: number, colourAt: (p: Point) => Rgba): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUBSAMPLES; sy++) {
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          const c = colourAt([(x + (sx + 0.5) / SUBSAMPLES) / size, (y + (sy + 0.5) / SUBSAMPLES) / size]);
          // Premultiplied sums keep transparent samples from darkening edges.
          sum[0] += c[0] * c[3];
          sum[1] += c[1] * c[3];
          sum[2] += c[2] * c[3];
          sum[3] += c[3];
        }
      }
      const offset = (y * size + x) * 4;
      const alpha = sum[3] / (SUBSAMPLES * SUBSAMPLES);
      for (let i = 0; i < 3; i++) pixels[offset + i] = sum[3] === 0 ? 255 : Math.round(sum[i] / sum[3]);
      pixels[offset + 3] = Math.round(alpha);
    }
  }
  return { width: size, height: size, pixels };
}

export function colorIcon(): RgbaImage {
  return draw(192, (p) => {
    if (distanceToPath(p, CHECK, false) < 0.045) return AZURE_BLUE;
    return insidePolygon(p, SHIELD) ? WHITE : AZURE_BLUE;
  });
}

export function outlineIcon(): RgbaImage {
  return draw(32, (p) => {
    if (distanceToPath(p, CHECK, false) < 0.05) return WHITE;
    return insidePolygon(p, SHIELD) && distanceToPath(p, SHIELD, true) < 0.07 ? WHITE : TRANSPARENT;
  });
}

export function writeIcons(dir: string): void {
  fs.writeFileSync(path.join(dir, 'color.png'), encodePng(colorIcon()));
  fs.writeFileSync(path.join(dir, 'outline.png'), encodePng(outlineIcon()));
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'manifest');
  writeIcons(dir);
  console.log(`wrote ${path.join(dir, 'color.png')} and outline.png`);
}
