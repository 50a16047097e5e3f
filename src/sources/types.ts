/**
 * The value-source interface. A source kind (terraform, env, file) reads something once and
 * yields named outputs; the resolver walks paths into them and renders strings. Values are JSON
 * as parsed losslessly: numbers are LosslessNumber, so their digits survive untouched.
 */
import type { LosslessNumber } from 'lossless-json';

/** A JSON value with exact numbers. Objects are plain data; look keys up with Object.hasOwn. */
export type JsonValue = string | boolean | null | LosslessNumber | JsonValue[] | { [key: string]: JsonValue };

/** One named value a source provides (a Terraform output, an env variable, a file's content). */
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
  /** How the outputs were obtained, for messages: "terraform output file infra/outputs.json". */
  origin: string;
}

/** What a read may use of the outside world. */
export interface ReadContext {
  /** Directory relative paths are resolved against (the manifest's). */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
}

/** A kind of source. `read` does the I/O; everything after it is pure. */
export interface ValueSource<Spec> {
  /** Identity of one read: two references with the same id share a single read. */
  id(spec: Spec, ctx: ReadContext): string;
  /** Short human description: "terraform state network/terraform.tfstate". */
  describe(spec: Spec): string;
  /** Reads the source. Throws SourceError with a user-facing, secret-free message. */
  read(spec: Spec, ctx: ReadContext): Promise<SourceData>;
}
