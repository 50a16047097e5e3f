/**
 * Every real-world Terraform/OpenTofu document under test/realdata is read (or refused with the
 * right message). The tables must list every file: a new fixture without an expectation fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOutputsJson, parseStateJson, TerraformFormatError } from '../../src/sources/terraform-parse.ts';
import type { Output } from '../../src/sources/types.ts';
import { renderValue } from '../../src/sources/values.ts';
import { REALDATA } from '../support/files.ts';

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** name → [rendered value (sensitive ones masked), sensitive] for a quick, complete picture. */
function summary(outputs: Map<string, Output>): Record<string, [string, boolean]> {
  const out: Record<string, [string, boolean]> = {};
  for (const [name, o] of outputs) {
    const r = o.unusable
      ? { ok: true as const, value: `UNUSABLE: ${o.unusable}` }
      : renderValue(o.value, undefined, name);
    out[name] = [r.ok ? r.value : `ERROR: ${r.message}`, o.sensitive];
  }
  return out;
}

const OUTPUTS_DIR = path.join(REALDATA, 'terraform-outputs');
const LEGACY = 'legacy-0.11';
const STATE_DIR = path.join(REALDATA, 'tfstate');

const outputExpectations: Record<string, Record<string, [string, boolean]>> = {
  '01-azure-pipelines-tasks-terraform.stdout_tf_output_all_types.json': {
    some_bool: ['true', false],
    some_string: ['some-string-value', false],
    some_secret_string: ['some-secret-string-value', true],
    some_number: ['1', false],
    some_tuple: ['["1",2,"3"]', false],
    some_map: ['{"A":1,"B":2,"C":3}', false],
  },
  '02-azure-pipelines-tasks-terraform.stdout_tf_output_string.json': { some_string: ['some-string-value', false] },
  '05-coralogix-dhall-terraform-output.input-example.legacy-0.11.json': {},
  '06-terraform.views.output_test.TestOutput_all.json.extracted.json': {
    bar: ['[true,false,true]', false],
    baz: ['{"beep":"true","boop":5}', false],
    foo: ['secret', true],
  },
  '07-terraform.output_test.TestOutput_json.extracted.json': { foo: ['bar', false] },
  '09-terragrunt.config_helpers_test.map_list_number.extracted.json': { map_list_number: ['{"x":[4,2]}', false] },
  '10-terragrunt.config_helpers_test.object.extracted.json': {
    object: ['{"x":42,"y":"the truth","lst":["foo","bar"]}', false],
  },
  'opentofu/01-opentofu.views.output_test.TestOutput_all.json.extracted.json': {
    bar: ['[true,false,true]', false],
    baz: ['{"beep":"true","boop":5}', false],
    foo: ['secret', true],
    foobar: ['abcde', false],
  },
  'opentofu/02-opentofu.views.output_test.TestOutputJSON_empty.extracted.json': {},
  'opentofu/03-terragrunt.fixture.exec-cmd-tf-path.tofu-output-json.extracted.json': { baz: ['tofu', false] },
  '03-go-tfe.json-state-outputs.everything.json': {
    'a-decimal': ['1000.1', false],
    'a-false-bool': ['false', false],
    'a-list': ['["example","1001","1000.1"]', false],
    'a-long-string': [
      "The private integer of the main server instance is where you want to go when you have the most fun in every Terraform instance you can see in the world that you live in except for dogs because they don't run servers in the same place that humans do.",
      false,
    ],
    'a-object': ['{"bar":1000.1,"example":1001}', false],
    'a-sensitive-value': ['hopefully you cannot see me', true],
    'a-string': ['example string', false],
    'a-true-bool': ['true', false],
    'a-tuple': ['[1,"example"]', false],
    'an-int': ['1001', false],
    escapes: ['line 1\nline 2\n\\\\\\\\\n', false],
    myoutput: ['{"nesting1":{"nesting2":{"nesting3":"4263891374290101092"}}}', false],
    random: ['8b3086889a9ef7a5', false],
  },
};

describe('terraform output -json documents (test/realdata/terraform-outputs)', () => {
  it('has an expectation for every file', () => {
    expect(Object.keys(outputExpectations).sort()).toEqual(filesUnder(OUTPUTS_DIR));
  });

  it.each(Object.entries(outputExpectations).filter(([f]) => !f.includes(LEGACY)))('%s', (file, expected) => {
    const outputs = parseOutputsJson(readFileSync(path.join(OUTPUTS_DIR, file), 'utf8'));
    expect(summary(outputs)).toEqual(expected);
  });

  it('accepts the pre-0.12 shape ("type": "list")', () => {
    const outputs = summary(
      parseOutputsJson(
        readFileSync(
          path.join(
            OUTPUTS_DIR,
            Object.keys(outputExpectations).find((f) => f.includes(LEGACY))!,
          ),
          'utf8',
        ),
      ),
    );
    expect(Object.keys(outputs)).toHaveLength(16);
    expect(outputs.aws_vpc_private_subnet_ids).toEqual(['["subnet-123abc","subnet-123abc"]', false]);
    expect(outputs.aws_vpc_num_private_subnets).toEqual(['2', false]);
  });

  it('keeps OpenTofu deprecation messages for a warning', () => {
    const outputs = parseOutputsJson(
      readFileSync(
        path.join(OUTPUTS_DIR, 'opentofu/01-opentofu.views.output_test.TestOutput_all.json.extracted.json'),
        'utf8',
      ),
    );
    expect(outputs.get('foobar')?.deprecated).toBe('iamdeprecated');
  });
});

type StateExpectation = { outputs: Record<string, [string, boolean]> } | { refused: string; hint: string };

const stateExpectations: Record<string, StateExpectation> = {
  '01-terraform-json.110_sensitive_values.v4.tfstate': {
    outputs: {
      foo: ['bar', true],
      interpolated: ['7914344597979736746', false],
      interpolated_deep: ['{"foo":"bar","map":{"bar":"baz","id":"7914344597979736746"},"number":42}', false],
      list: ['["foo","bar"]', false],
      map: ['{"foo":"bar","number":42}', false],
      referenced: ['7914344597979736746', false],
      referenced_deep: ['{"foo":"bar","map":{"bar":"baz","id":"7914344597979736746"},"number":42}', false],
      string: ['foo', false],
    },
  },
  '03-terraform.builtin-remote-state.complex_outputs.v4.tfstate': {
    outputs: {
      computed_map: ['{"key1":"value1"}', false],
      computed_set: ['["setval1","setval2"]', false],
      map: ['{"key":"test","test":"test"}', false],
      set: ['["test1","test2"]', false],
    },
  },
  '04-terraform.builtin-remote-state.null_outputs.v4.tfstate': {
    outputs: { map: ['ERROR: output map is null', false], list: ['ERROR: output list is null', false] },
  },
  '05-opentofu.builtin-remote-state.deprecation_warnings.v4.tfstate': { outputs: { foo: ['bar', false] } },
  '06-opentofu.init-encryption-with-state.encrypted.tfstate': {
    refused: 'is encrypted OpenTofu state (client-side state encryption); bb-vars cannot decrypt it',
    hint: 'use `dir:` with `binary: tofu`, so that `tofu output -json` decrypts it with your encryption configuration',
  },
  '08-terrahelp.original.v3-tf0.7.7.tfstate': {
    outputs: {
      normal_val_2: ['normal value 2', false],
      rendered: [
        '\nmsg1 = sensitive-value-1-AK#%DJGHS*G\nmsg2 = normal value 1\nmsg3 = sensitive-value-3-//dfhs//\nmsg4 = sensitive-value-4 with equals sign i.e. ff=yy\nmsg5 = sensitive-list-val-1\nmsg6 = sensitive-flatmap-val-foo\nmsg7 = sensitive-flatmap-val',
        false,
      ],
    },
  },
  '09-azure-pipelines-tasks-terraform.state.empty-outputs.v4.tfstate': { outputs: {} },
  '10-terrahelp.encrypted-inline.v4.tfstate': {
    outputs: {
      normal_val_2: ['normal value 2', false],
      sensitive_key_1: [
        'UNUSABLE: is encrypted inline by terrahelp (@terrahelp-encrypted(...)); bb-vars does not decrypt it',
        false,
      ],
    },
  },
};

describe('state files (test/realdata/tfstate)', () => {
  it('has an expectation for every file', () => {
    expect(Object.keys(stateExpectations).sort()).toEqual(filesUnder(STATE_DIR));
  });

  const read = Object.entries(stateExpectations).flatMap(([f, e]) => ('outputs' in e ? [[f, e.outputs] as const] : []));
  const refused = Object.entries(stateExpectations).flatMap(([f, e]) => ('refused' in e ? [[f, e] as const] : []));

  it.each(read)('reads %s', (file, outputs) => {
    expect(summary(parseStateJson(readFileSync(path.join(STATE_DIR, file), 'utf8')))).toEqual(outputs);
  });

  it.each(refused)('refuses %s with a message saying what to do', (file, expected) => {
    const error = catchError(() => parseStateJson(readFileSync(path.join(STATE_DIR, file), 'utf8')));
    expect(error).toBeInstanceOf(TerraformFormatError);
    expect((error as TerraformFormatError).message).toBe(expected.refused);
    expect((error as TerraformFormatError).hint).toBe(expected.hint);
  });

  it('refuses an outputs file given as state, and a state file given as outputs, saying which to use', () => {
    expect(() =>
      parseStateJson(
        readFileSync(path.join(OUTPUTS_DIR, '07-terraform.output_test.TestOutput_json.extracted.json'), 'utf8'),
      ),
    ).toThrow('looks like `terraform output -json` output, not a state file');
    expect(() =>
      parseOutputsJson(
        readFileSync(path.join(STATE_DIR, '03-terraform.builtin-remote-state.complex_outputs.v4.tfstate'), 'utf8'),
      ),
    ).toThrow('looks like a state file, not `terraform output -json` output');
    expect(() =>
      parseOutputsJson(
        readFileSync(path.join(STATE_DIR, '06-opentofu.init-encryption-with-state.encrypted.tfstate'), 'utf8'),
      ),
    ).toThrow('is encrypted OpenTofu state');
  });
});

describe('lossless numbers', () => {
  it.each([
    ['9007199254740993', '9007199254740993'],
    ['1.10', '1.10'],
    ['12345678901234567890123', '12345678901234567890123'],
    ['-0.000000000000000000001', '-0.000000000000000000001'],
    ['1e400', '1e400'],
  ])('%s stays %s, alone and inside lists', (raw, expected) => {
    const outputs = parseOutputsJson(
      `{"n": {"value": ${raw}, "sensitive": false}, "l": {"value": [${raw}, {"k": ${raw}}], "sensitive": false}}`,
    );
    expect(summary(outputs)).toEqual({ n: [expected, false], l: [`[${expected},{"k":${expected}}]`, false] });
  });

  it('reports broken JSON with its line and column, without quoting the text', () => {
    const error = catchError(() => parseOutputsJson('{\n  "a": {"value": "top-secret-value",}\n}'));
    expect((error as Error).message).toMatch(/^invalid JSON at line 2, column 37: /);
    expect((error as Error).message).not.toContain('top-secret');
  });
});
