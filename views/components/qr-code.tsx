import type { QrMatrix } from '../../src/lib/qr';

/** Renders a QR matrix as inline SVG: crisp at any size, prints well, readable by phone cameras. */
export function QrCode({ matrix, label, class: cls }: { matrix: QrMatrix; label: string; class?: string }) {
  const s = matrix.size;
  return (
    <svg class={cls ?? 'qr'} viewBox={`0 0 ${s} ${s}`} role="img" aria-label={label} shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={s} height={s} fill="#fff" />
      <path d={matrix.path} fill="#000" />
    </svg>
  );
}
