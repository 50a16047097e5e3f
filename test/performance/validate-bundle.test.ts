/**
 * `bb-vars validate` starts without loading the `yaml` library: the built bundle's static import
 * graph from dist/cli.mjs through the validate command's chunk holds no module of it. The library
 * stays reachable through a dynamic import (the fallback for YAML the built-in parser does not
 * cover), and the import command, which writes YAML, loads it statically.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = resolve(import.meta.dirname, '../../dist');
/** A class name only the yaml library's code contains. */
const YAML_MARKER = 'YAMLParseError';

function read(file: string): string {
  return readFileSync(file, 'utf8');
}

function specifiers(code: string, dynamic: boolean): string[] {
  const pattern = dynamic ? /\bimport\(\s*"(\.\.?\/[^"]+)"\s*\)/g : /^(?:import|export)\s*(?:[\w$*{},\s]*?\bfrom\s*)?"(\.\.?\/[^"]+)"/gm;
  return [...code.matchAll(pattern)].map((m) => m[1]!);
}

/** Every module statically imported from `entry`, transitively (the entry included). */
function staticGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of specifiers(read(file), false)) visit(resolve(dirname(file), spec));
  };
  visit(entry);
  return [...seen];
}

/** The chunk a command is loaded from: the dynamic import in the CLI's start-up graph named after it. */
function commandChunk(name: string): string {
  const targets = staticGraph(join(DIST, 'cli.mjs')).flatMap((file) => specifiers(read(file), true).map((spec) => resolve(dirname(file), spec)));
  const matches = [...new Set(targets.filter((t) => new RegExp(`[\\\\/]${name}-[A-Z0-9]+\\.mjs$`).test(t)))];
  expect(matches).toHaveLength(1);
  return matches[0]!;
}

const containsYaml = (files: string[]) => files.filter((f) => read(f).includes(YAML_MARKER)).map((f) => f.slice(DIST.length + 1));

describe('the built validate command', () => {
  it('does not load the yaml library when it starts', () => {
    const graph = [...staticGraph(join(DIST, 'cli.mjs')), ...staticGraph(commandChunk('validate'))];
    expect(graph.length).toBeGreaterThan(2);
    expect(containsYaml(graph)).toEqual([]);
  });

  it('can still load it on demand, for YAML the built-in parser leaves to it', () => {
    const graph = staticGraph(commandChunk('validate'));
    const lazy = graph.flatMap((file) => specifiers(read(file), true).map((spec) => resolve(dirname(file), spec)));
    expect(lazy.some((chunk) => containsYaml(staticGraph(chunk)).length > 0)).toBe(true);
  });

  it('does not load, when it starts, what only some manifests need', () => {
    const graph = [...staticGraph(join(DIST, 'cli.mjs')), ...staticGraph(commandChunk('validate'))];
    const builtins = new Set(graph.flatMap((f) => [...read(f).matchAll(/\bfrom\s*"(node:[\w/]+)"/g)].map((m) => m[1]!)));
    // A Terraform directory source's child process, V8 tuning for huge manifests, the network.
    for (const heavy of ['node:child_process', 'node:v8', 'node:fs/promises', 'node:http', 'node:https']) expect(builtins).not.toContain(heavy);
    expect(builtins).toContain('node:fs');
    // The schema's error wording (validators with error details) is for invalid manifests only.
    const wording = (files: string[]) => files.filter((f) => read(f).includes('schema pointer not found'));
    expect(wording(graph)).toEqual([]);
    const lazy = graph.flatMap((file) => specifiers(read(file), true).map((spec) => resolve(dirname(file), spec)));
    expect(lazy.some((chunk) => wording(staticGraph(chunk)).length > 0)).toBe(true);
  });

  it('the import command, which writes YAML, loads it (so the marker is the right one)', () => {
    expect(containsYaml(staticGraph(commandChunk('import'))).length).toBeGreaterThan(0);
  });
});
