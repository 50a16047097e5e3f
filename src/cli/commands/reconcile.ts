import { UserError } from '../../errors.ts';
import type { CliIO } from '../io.ts';

export async function run(_argv: string[], _io: CliIO): Promise<number> {
  throw new UserError("'reconcile' is not implemented yet.");
}
