import { useState } from "react";

/** scikit-learn's digits are 8×8 with intensities 0–16; the models see them divided by 16. */
export const SIZE = 8;
const FULL = 16;

export function inputsOf(cells: readonly number[]): number[] {
  return cells.map((c) => c / FULL);
}

/**
 * An 8×8 grid to draw a digit: drag with the mouse or a finger, or move with the arrow keys and
 * press Space to paint. A painted cell also darkens its neighbours a little, as pen strokes do in
 * the scanned originals.
 */
export function DigitPad({ cells, onChange }: { cells: number[]; onChange: (cells: number[]) => void }) {
  const [drawing, setDrawing] = useState(false);
  const [focus, setFocus] = useState(0);

  const paint = (index: number) => {
    const next = [...cells];
    const r = Math.floor(index / SIZE);
    const c = index % SIZE;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr;
        const cc = c + dc;
        if (rr < 0 || rr >= SIZE || cc < 0 || cc >= SIZE) continue;
        const i = rr * SIZE + cc;
        const add = dr === 0 && dc === 0 ? FULL : 4;
        next[i] = Math.min(FULL, (next[i] ?? 0) + add);
      }
    }
    onChange(next);
  };

  const move = (to: number) => {
    setFocus(to);
    const button = document.getElementById(`digit-cell-${to}`);
    button?.focus();
  };

  return (
    <div
      className="digit-pad"
      role="grid"
      aria-label="Digit to recognise, 8 by 8 cells"
      onPointerDown={() => setDrawing(true)}
      onPointerUp={() => setDrawing(false)}
      onPointerLeave={() => setDrawing(false)}
    >
      {Array.from({ length: SIZE }, (_, r) => (
        <div role="row" key={r} className="digit-row">
          {Array.from({ length: SIZE }, (_, c) => {
            const i = r * SIZE + c;
            const v = cells[i] ?? 0;
            return (
              <button
                type="button"
                role="gridcell"
                key={c}
                id={`digit-cell-${i}`}
                data-cell={i}
                tabIndex={i === focus ? 0 : -1}
                aria-label={`row ${r + 1} column ${c + 1}, ${v === 0 ? "blank" : `ink ${v} of 16`}`}
                className="digit-cell"
                style={{ background: `rgb(${255 - v * 15} ${255 - v * 15} ${255 - v * 15})` }}
                onPointerDown={(e) => {
                  (e.target as HTMLElement).releasePointerCapture?.(e.pointerId);
                  paint(i);
                }}
                onPointerEnter={() => drawing && paint(i)}
                onKeyDown={(e) => {
                  const moves: Record<string, number> = {
                    ArrowRight: c < SIZE - 1 ? i + 1 : i,
                    ArrowLeft: c > 0 ? i - 1 : i,
                    ArrowDown: r < SIZE - 1 ? i + SIZE : i,
                    ArrowUp: r > 0 ? i - SIZE : i,
                  };
                  const to = moves[e.key];
                  if (to !== undefined) {
                    e.preventDefault();
                    move(to);
                  }
                }}
                onClick={(e) => {
                  // Pointer presses paint on pointerdown; a click with no pointer is the keyboard.
                  if (e.detail === 0) paint(i);
                }}
              />
            );
          })}
        </div>
      ))}
    </div>
  );
}
