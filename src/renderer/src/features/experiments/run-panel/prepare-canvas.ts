/**
 * Sizes a canvas to `boxWidth` × `height` CSS px in device pixels and returns its context scaled
 * to CSS px, cleared; null before the canvas is mounted or its width is known. The width is the
 * one the canvas's ResizeObserver reported (`useObservedWidth`), not a layout read here.
 */
export function prepareCanvas(
  canvas: HTMLCanvasElement | null,
  height: number,
  boxWidth: number | null,
): { ctx: CanvasRenderingContext2D; width: number } | null {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx || boxWidth === null) return null;
  const width = Math.max(1, boxWidth);
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width };
}
