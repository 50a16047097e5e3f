/**
 * Terraform/OpenTofu documents → outputs (pure). Handles `terraform output -json` (also the
 * pre-0.12 shape with `"type": "list"`), state v4, v3 (root module) and very old plain-string
 * outputs; refuses encrypted OpenTofu state with a message saying what to do instead.
 */
import { isJsonObject, isLosslessNumber, parseLosslessJson } from './json.ts';
import type { JsonValue, Output } from './types.ts';
import { kindOf } from './values.ts';

/** A document could not be used; the message is user-facing and never contains output values. */
export class TerraformFormatError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'TerraformFormatError';
    this.hint = hint;
  }
}

const TERRAHELP = /^@terrahelp-encrypted\(/;

/** Parses text written by `terraform output -json` (or `tofu output -json`). */
export function parseOutputsJson(text: string): Map<string, Output> {
  if (text.trim() === '') {
    throw new TerraformFormatError(
      'is empty',
      '`terraform output -json` writes {} when there are no outputs; check that the command succeeded',
    );
  }
  const doc = parseJson(text);
  if (!isJsonObject(doc))
    throw new TerraformFormatError('is not a JSON object of outputs', 'write it with `terraform output -json > file`');
  if (isEncryptedState(doc)) throw encryptedError();
  if (Object.hasOwn(doc, 'version') && (Object.hasOwn(doc, 'outputs') || Object.hasOwn(doc, 'modules'))) {
    throw new TerraformFormatError(
      'looks like a state file, not `terraform output -json` output',
      'use `state:` for state files',
    );
  }
  return readOutputMap(doc, 'outputs');
}

/** Parses a local state file: v4 (`outputs`) or v3 (`modules[path == ["root"]].outputs`). */
export function parseStateJson(text: string): Map<string, Output> {
  if (text.trim() === '')
    throw new TerraformFormatError(
      'is empty',
      'check the path; `terraform state pull > file` writes the current state',
    );
  const doc = parseJson(text);
  if (!isJsonObject(doc)) throw new TerraformFormatError('is not a Terraform state (not a JSON object)');
  if (isEncryptedState(doc)) throw encryptedError();
  const version = doc.version;
  const v = isLosslessNumber(version) ? Number(version.toString()) : undefined;
  if (v === 4) {
    if (doc.outputs === undefined) return new Map();
    if (!isJsonObject(doc.outputs)) throw new TerraformFormatError('has an `outputs` field that is not an object');
    return readOutputMap(doc.outputs, 'state');
  }
  if (v === 3 || v === 2 || v === 1) {
    const modules = Array.isArray(doc.modules) ? doc.modules : [];
    const root = modules.find(
      (m) => isJsonObject(m) && Array.isArray(m.path) && m.path.length === 1 && m.path[0] === 'root',
    );
    if (!isJsonObject(root) || root.outputs === undefined) return new Map();
    if (!isJsonObject(root.outputs))
      throw new TerraformFormatError('has a root module whose `outputs` field is not an object');
    return readOutputMap(root.outputs, 'state');
  }
  if (v === undefined) {
    if (Object.values(doc).every((o) => isJsonObject(o) && Object.hasOwn(o, 'value'))) {
      throw new TerraformFormatError(
        'looks like `terraform output -json` output, not a state file',
        'use `outputs:` for files written by `terraform output -json`',
      );
    }
    throw new TerraformFormatError(
      'is not a Terraform state: it has no `version` field',
      'point `state:` at a terraform.tfstate file',
    );
  }
  throw new TerraformFormatError(
    `has state format version ${v}, which bb-vars does not read (it reads versions 3 and 4)`,
    'run `terraform output -json > outputs.json` and use `outputs:` instead',
  );
}

function parseJson(text: string): JsonValue {
  try {
    return parseLosslessJson(text);
  } catch (error) {
    throw new TerraformFormatError((error as Error).message);
  }
}

function isEncryptedState(doc: { [key: string]: JsonValue }): boolean {
  return Object.hasOwn(doc, 'encrypted_data') && !Object.hasOwn(doc, 'outputs');
}

function encryptedError(): TerraformFormatError {
  return new TerraformFormatError(
    'is encrypted OpenTofu state (client-side state encryption); bb-vars cannot decrypt it',
    'use `dir:` with `binary: tofu`, so that `tofu output -json` decrypts it with your encryption configuration',
  );
}

function readOutputMap(map: { [key: string]: JsonValue }, kind: 'outputs' | 'state'): Map<string, Output> {
  const outputs = new Map<string, Output>();
  for (const name of Object.keys(map)) {
    const raw = map[name]!;
    // Terraform 0.6 and earlier wrote outputs as plain strings.
    if (typeof raw === 'string' && kind === 'state') {
      outputs.set(name, withMarkers({ value: raw, sensitive: false }));
      continue;
    }
    if (!isJsonObject(raw) || !Object.hasOwn(raw, 'value')) {
      throw new TerraformFormatError(
        `has an output '${name}' without a value`,
        kind === 'outputs' ? 'write the file with `terraform output -json` (not `terraform output`)' : undefined,
      );
    }
    // Terraform writes a boolean: anything else (the string "true") is not to be guessed at.
    if (Object.hasOwn(raw, 'sensitive') && typeof raw.sensitive !== 'boolean') {
      throw new TerraformFormatError(
        `has an output '${name}' whose "sensitive" is ${kindOf(raw.sensitive!)}, not true or false`,
        'Terraform writes a boolean here; write the file again with Terraform, or correct it',
      );
    }
    const output: Output = { value: raw.value!, sensitive: raw.sensitive === true };
    if (typeof raw.deprecated === 'string') output.deprecated = raw.deprecated;
    outputs.set(name, withMarkers(output));
  }
  return outputs;
}

function withMarkers(output: Output): Output {
  if (containsTerrahelp(output.value, 0)) {
    output.unusable = 'is encrypted inline by terrahelp (@terrahelp-encrypted(...)); bb-vars does not decrypt it';
  }
  return output;
}

function containsTerrahelp(v: JsonValue, depth: number): boolean {
  if (typeof v === 'string') return TERRAHELP.test(v);
  if (depth > 32) return false;
  if (Array.isArray(v)) return v.some((x) => containsTerrahelp(x, depth + 1));
  if (isJsonObject(v)) return Object.values(v).some((x) => containsTerrahelp(x, depth + 1));
  return false;
}
