/**
 * One collection of pipeline variables (a workspace, a repository or a deployment environment).
 * Lookups by UUID and by key are O(1); listing order is creation order, which keeps pagination
 * deterministic. The ordered array is cached and rebuilt only after a change.
 */

/** A variable as stored, secured value included. Only in-process code ever sees `value` of a secured one. */
export interface StoredVariable {
  uuid: string;
  key: string;
  value: string;
  secured: boolean;
}

export class VariableSet {
  private readonly byUuid = new Map<string, StoredVariable>();
  private readonly byKey = new Map<string, StoredVariable>();
  private ordered: StoredVariable[] | undefined;

  get size(): number {
    return this.byUuid.size;
  }

  /** All variables in creation order (shared array: do not mutate). */
  list(): readonly StoredVariable[] {
    this.ordered ??= [...this.byUuid.values()];
    return this.ordered;
  }

  get(uuid: string): StoredVariable | undefined {
    return this.byUuid.get(uuid);
  }

  /** Keys are case-sensitive, as Bitbucket documents. */
  findByKey(key: string): StoredVariable | undefined {
    return this.byKey.get(key);
  }

  add(variable: StoredVariable): void {
    this.byUuid.set(variable.uuid, variable);
    this.byKey.set(variable.key, variable);
    this.ordered = undefined;
  }

  /** Changes key and/or value in place; the caller has checked the new key is free. */
  update(variable: StoredVariable, change: { key?: string; value?: string }): void {
    if (change.key !== undefined && change.key !== variable.key) {
      this.byKey.delete(variable.key);
      variable.key = change.key;
      this.byKey.set(variable.key, variable);
    }
    if (change.value !== undefined) variable.value = change.value;
  }

  remove(uuid: string): boolean {
    const variable = this.byUuid.get(uuid);
    if (!variable) return false;
    this.byUuid.delete(uuid);
    this.byKey.delete(variable.key);
    this.ordered = undefined;
    return true;
  }
}
