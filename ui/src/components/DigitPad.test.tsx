import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { DigitPad, inputsOf } from "./DigitPad";

function Harness({ onCells }: { onCells: (c: number[]) => void }) {
  const [cells, setCells] = useState<number[]>(new Array(64).fill(0));
  return (
    <DigitPad
      cells={cells}
      onChange={(c) => {
        setCells(c);
        onCells(c);
      }}
    />
  );
}

test("pressing a cell inks it fully and its neighbours a little", () => {
  let cells: number[] = [];
  render(<Harness onCells={(c) => (cells = c)} />);
  fireEvent.pointerDown(screen.getByRole("gridcell", { name: "row 2 column 2, blank" }));
  expect(cells[9]).toBe(16);
  expect(cells[0]).toBe(4);
  expect(cells[18]).toBe(4);
  expect(cells[27]).toBe(0);
  expect(screen.getByRole("gridcell", { name: "row 2 column 2, ink 16 of 16" })).toBeInTheDocument();
});

test("the grid is drawn with the keyboard: arrows move, Space paints", async () => {
  let cells: number[] = [];
  render(<Harness onCells={(c) => (cells = c)} />);
  await userEvent.tab();
  expect(screen.getByRole("gridcell", { name: "row 1 column 1, blank" })).toHaveFocus();
  await userEvent.keyboard("{ArrowRight}{ArrowDown}[Space]");
  expect(screen.getByRole("gridcell", { name: /row 2 column 2/ })).toHaveFocus();
  expect(cells[9]).toBe(16);
});

test("the model sees intensities scaled to 0..1 as in training", () => {
  expect(inputsOf([0, 8, 16])).toEqual([0, 0.5, 1]);
});
