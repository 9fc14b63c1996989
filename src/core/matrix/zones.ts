import type { Zones } from "../time/when";
import type { Matrix } from "./model";

/** The client's zone (its business hours), and the MSP's when the matrix names one. */
export function zonesOf(matrix: Matrix | null | undefined, fallback: { timezone: string }): Zones {
  return { zone: matrix?.businessHours.timezone ?? fallback.timezone, other: matrix?.parties.msp.timezone ?? null };
}
