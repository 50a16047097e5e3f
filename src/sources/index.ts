/**
 * The registry: every kind of named source and every form of variable value, each behind one
 * interface. The resolver looks kinds up here and never names one; a new kind is added here.
 */
import type { VariableValue } from '../config/types.generated.ts';
import { envKind } from './kinds/env.ts';
import { fileKind } from './kinds/file.ts';
import { fromKind } from './kinds/from.ts';
import { literalKind } from './kinds/literal.ts';
import { templateKind } from './kinds/template.ts';
import { terraform } from './terraform.ts';
import type { SourceKind, VariableKind } from './types.ts';

const SOURCE_KINDS: ReadonlyArray<SourceKind<unknown>> = [terraform];

const VARIABLE_KINDS: ReadonlyArray<VariableKind> = [literalKind, fromKind, templateKind, envKind, fileKind];

/** The kind of a named source's declaration (`{ terraform: {...} }`) and its spec. */
export function sourceKindOf(decl: object): { kind: SourceKind<unknown>; spec: unknown } | undefined {
  const kind = SOURCE_KINDS.find((k) => Object.hasOwn(decl, k.key));
  return kind && { kind, spec: (decl as Record<string, unknown>)[kind.key] };
}

/** The form of a variable's value. */
export function variableKindOf(value: VariableValue): VariableKind | undefined {
  return VARIABLE_KINDS.find((k) => k.matches(value));
}
