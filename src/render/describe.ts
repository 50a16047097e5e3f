/**
 * Wording shared by the text and markdown renderers: how a value is shown (quoted, escaped,
 * truncated, or masked) and why a change is planned.
 */
import type { Change, PlanSummary, UncheckedScopes, VariableSide, Violation } from '../plan/types.ts';
import { quoted, visible } from '../core/escape.ts';

/**
 * A plain value as a double-quoted, single-line string: control characters (newlines, ANSI
 * escapes) are escaped so a value cannot break the layout or drive the terminal, and long values
 * are cut with a note of their full length.
 */
export function quoteValue(value: string, maxLength: number): string {
  const chars = Array.from(value);
  const cut = chars.length > maxLength;
  const shown = cut ? chars.slice(0, maxLength).join('') : value;
  return cut ? `${quoted(shown)}… (${chars.length} chars)` : quoted(shown);
}

/** `(sensitive)` / `(secured)` for masked values, the quoted value otherwise. */
export function showSide(side: VariableSide, sensitive: boolean, maxLength: number): string {
  if (side.value !== undefined && !side.secured && !sensitive) return quoteValue(side.value, maxLength);
  if (sensitive) return '(sensitive)';
  return side.secured ? '(secured)' : '(not shown)';
}

/** Why a change is planned, in words; empty when the change line already says it all. */
export function describeReason(change: Change): string {
  switch (change.reason) {
    case 'new':
    case 'value-changed':
    case 'missing-environment':
      return '';
    case 'adopted':
      return 'adopting: exists in Bitbucket but was not managed by bb-vars';
    case 'secured-value-changed':
      return 'value changed (fingerprint)';
    case 'no-fingerprint':
      return 'no fingerprint recorded, rewriting once';
    case 'no-record':
      return 'no ownership record in this scope, rewriting once';
    case 'record-untrusted':
      return 'the ownership record is not trusted, rewriting once';
    case 'key-changed':
      return 'the record was written with another BB_VARS_FINGERPRINT_KEY, rewriting once';
    case 'forced':
      return 'rewriting (--force-secured)';
    case 'secured-flag-changed':
      return change.secured ? 'secured flag changed: plain → secured' : 'secured flag changed: secured → plain';
    case 'not-declared':
      return 'no longer declared in the manifest';
  }
}

/** `Plan: N to create, N to update, N to replace, N to delete.` */
export function summaryLine(summary: PlanSummary): string {
  return `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.replace} to replace, ${summary.delete} to delete.`;
}

/**
 * The line for a plan without changes. A plan limited by `--target` checked only those scopes,
 * so it names them instead of claiming the whole manifest is in sync.
 */
export function noChanges(targets: readonly string[] = [], unchecked?: UncheckedScopes): string {
  if (targets.length === 0 && unchecked !== undefined && unchecked.scopes > 0)
    return 'No changes in the checked scopes: they match the manifest.';
  if (targets.length === 0) return 'No changes. Bitbucket matches the manifest.';
  return `No changes in the targeted scopes (${targets.join(', ')}): they match the manifest. Other scopes were not checked.`;
}

/** The one-line description of a change without its symbol: `KEY = "v"`, `KEY: "a" → "b"`, … */
export function describeChange(change: Change, maxLength: number): string {
  const key = visible(change.key);
  if (change.action === 'create-environment') return `create environment ${key} (${change.environmentType})`;
  const after = change.after ? showSide(change.after, change.sensitive, maxLength) : '';
  const before = change.before ? showSide(change.before, change.sensitive, maxLength) : '';
  let text: string;
  switch (change.action) {
    case 'create':
      text = `${key} = ${after}`;
      break;
    case 'update':
      text =
        change.after?.value !== undefined && change.before?.value !== undefined
          ? `${key}: ${before} → ${after}`
          : `${key} = ${after}`;
      break;
    case 'replace':
      text = before === after ? `${key} = ${after}` : `${key}: ${before} → ${after}`;
      break;
    case 'delete':
      text = `${key} = ${before}`;
      break;
  }
  const reason = describeReason(change);
  return reason ? `${text}  # ${reason}` : text;
}

/** Violations listed in full before the rest are counted. */
export const MAX_VIOLATIONS_SHOWN = 20;

/** The heading of a plan's policy violations: how many, and what --apply does about them. */
export function violationsHeading(violations: readonly Violation[]): string {
  const n = violations.length;
  return (
    `Policy: ${n} violation${n === 1 ? '' : 's'}. ` +
    '`bb-vars reconcile --apply` refuses this plan (nothing is written) unless given --allow-destructive.'
  );
}
