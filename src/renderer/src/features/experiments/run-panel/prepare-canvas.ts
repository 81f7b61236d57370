/**
 * Sizes a canvas to its box in device pixels and returns its context scaled to CSS px, cleared;
 * null before the canvas is mounted.
 */
export function prepareCanvas(
  canvas: HTMLCanvasElement | null,
  height: number,
): { ctx: CanvasRenderingContext2D; width: number } | null {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return null;
  const width = Math.max(1, canvas.clientWidth);
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width };
}
