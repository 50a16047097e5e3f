/**
 * The source interfaces. Two kinds of kinds, each registered once in index.ts:
 * - a SourceKind reads a named source (`sources.<name>.terraform`) once and yields named outputs;
 * - a VariableKind is one form of variable value (`from`, `template`, `env`, `file`, `value`):
 *   it says what it must read, then turns what was read into a string (pure).
 * Values are JSON as parsed losslessly: numbers are LosslessNumber, so their digits survive.
 */
import type { LosslessNumber } from 'lossless-json';
import type { Problem } from '../config/locate.ts';
import type { VariableValue } from '../config/types.generated.ts';
import type { PathSegment } from '../config/yaml-data.ts';

/** A JSON value with exact numbers. Objects are plain data; look keys up with Object.hasOwn. */
export type JsonValue = string | boolean | null | LosslessNumber | JsonValue[] | { [key: string]: JsonValue };

/** One named value a source provides (a Terraform output, a file's content). */
export interface Output {
  value: JsonValue;
  /** Terraform marked it sensitive: anything derived from it is secured and never shown. */
  sensitive: boolean;
  /** OpenTofu's deprecation message for the output, if any. */
  deprecated?: string;
  /** Why the value cannot be used (e.g. encrypted inline by terrahelp); reported only if referenced. */
  unusable?: string;
}

/** What a source read yields. */
export interface SourceData {
  outputs: Map<string, Output>;
  /** How the outputs were obtained, for messages: "terraform outputs infra/outputs.json". */
  origin: string;
  /** Added to the hint when a referenced output is missing (e.g. null outputs are left out). */
  missingNote?: string;
  /** The outputs are not known here (offline, a `dir:` source is not run): values from it are deferred. */
  deferred?: string;
}

/** What a read may use of the outside world. */
export interface ReadContext {
  /** Directory relative paths are resolved against (the manifest's). */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
  /** `validate`: no network and no programs run; sources that need them only check what they can. */
  offline: boolean;
}

/** A kind of named source (under `sources.<name>`). `read` does the I/O; everything after it is pure. */
export interface SourceKind<Spec> {
  /** The key that selects it under a named source: `sources.<name>.<key>`. */
  key: string;
  /** Where in the spec a read error is located (e.g. `['outputs']`). */
  at(spec: Spec): PathSegment[];
  /** Identity of one read: two references with the same id share a single read. */
  id(spec: Spec, ctx: ReadContext): string;
  /** Short human description: "terraform state network/terraform.tfstate". */
  describe(spec: Spec): string;
  /** Reads the source. Throws SourceReadError with a user-facing, secret-free message. */
  read(spec: Spec, ctx: ReadContext): Promise<SourceData>;
}

/** One read a variable needs. Reads with the same `id` happen once. */
export interface ReadRequest {
  /** Where the evaluation finds the result (EvalContext.data). */
  key: string;
  id: string;
  /** For validate's summary: `infra: terraform outputs o.json`, `file certs/tls.pem`. */
  label: string;
  /** Where a read error is located in the manifest. */
  at: PathSegment[];
  read(): Promise<SourceData>;
}

/** A problem at a manifest path (located by the resolver). */
export type Located = Omit<Problem, 'path'> & { path: PathSegment[] };

/** What evaluation may look up (all read already). */
export interface EvalContext {
  /** A read's result by ReadRequest.key; undefined when the read failed (already reported). */
  data(key: string): SourceData | undefined;
  env: NodeJS.ProcessEnv;
  numberText(path: readonly PathSegment[]): string | undefined;
}

/** A variable's text before the shared rules (encoding, secured, line breaks, own credentials). */
export interface Raw {
  value: string;
  sensitive: boolean;
  /** Already base64 (a file read as bytes): not encoded again. */
  encoded?: boolean;
  /** Depends on a source not read here (offline): the value is unknown. */
  deferred?: boolean;
}

/** The ReadRequest of a named source, by name (undefined for an undeclared name: the rules report it). */
export type NamedReads = (name: string) => ReadRequest | undefined;

/** One form of variable value. */
export interface VariableKind<V extends VariableValue = VariableValue> {
  /** True when `value` is of this form. */
  matches(value: VariableValue): value is V;
  /** What it must read before it can be evaluated. */
  reads?(value: V, at: PathSegment[], ctx: { read: ReadContext; named: NamedReads }): ReadRequest[];
  /** Pure: its text, or undefined after adding located problems. */
  evaluate(value: V, at: PathSegment[], ctx: EvalContext, problems: Located[]): Raw | undefined;
}
