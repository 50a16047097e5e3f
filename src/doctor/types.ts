/** The result of `bb-vars doctor`: a checklist. */

/**
 * One line of the checklist. `ok: false` fails the run (exit 1); a `warning` passes but names
 * something to look at (a scope only one flag needs, something that could not be verified).
 */
export interface Check {
  name: string;
  ok: boolean;
  message: string;
  warning?: boolean;
}

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}
