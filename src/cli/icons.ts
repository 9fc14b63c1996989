import { encodePng, type Rgba } from "./png";

// Tandem's Teams icons: two linked rings (internal IT and the MSP), drawn at build time so no binary tool is needed.
const ACCENT = [0x0f, 0x76, 0x6e] as const; // also the manifest's accentColor

type Shape = (x: number, y: number) => boolean;

const ring = (cx: number, cy: number, r: number, width: number): Shape => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r + width / 2 && d >= r - width / 2;
};

/** Fraction of a pixel covered by the shape (4x4 samples), for smooth edges. */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (shape((px + (i + 0.5) / 4) / size, (py + (j + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

function draw(size: number, shape: Shape, paint: (cover: number) => [number, number, number, number]): Rgba {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) pixels.set(paint(coverage(shape, x, y, size)), (y * size + x) * 4);
  return { width: size, height: size, pixels };
}

const rings = (spread: number, r: number, width: number): Shape => {
  const left = ring(0.5 - spread, 0.5, r, width);
  const right = ring(0.5 + spread, 0.5, r, width);
  return (x, y) => left(x, y) || right(x, y);
};

/** color.png: 192x192, white rings on the accent colour. */
export function colorIcon(): Buffer {
  const mix = (a: number, cover: number) => Math.round(a + (255 - a) * cover);
  return encodePng(draw(192, rings(0.13, 0.22, 0.07), (c) => [mix(ACCENT[0], c), mix(ACCENT[1], c), mix(ACCENT[2], c), 255]));
}

/** outline.png: 32x32, white rings on a transparent background (Teams' rule for outline icons). */
export function outlineIcon(): Buffer {
  return encodePng(draw(32, rings(0.15, 0.27, 0.09), (c) => [255, 255, 255, Math.round(255 * c)]));
}

export const ACCENT_COLOR = `#${ACCENT.map((v) => v.toString(16).padStart(2, "0")).join("").toUpperCase()}`;
