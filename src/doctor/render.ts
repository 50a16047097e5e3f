/**
 * The doctor checklist as text (✓ / ! / ✗ lines, each failure saying how to fix it) and as JSON
 * (`{"format_version":"1","ok":…,"checks":[{"name","ok","message"}]}`). Pure.
 */
import { visible } from '../core/escape.ts';
import type { Check, DoctorReport } from './types.ts';

function mark(check: Check): string {
  if (!check.ok) return '✗';
  return check.warning ? '!' : '✓';
}

export function renderDoctorText(report: DoctorReport): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    const [first = '', ...more] = check.message.split('\n').map(visible);
    lines.push(`${mark(check)} ${visible(check.name)}: ${first}`);
    for (const line of more) lines.push(`    ${line}`);
  }
  const failed = report.checks.filter((c) => !c.ok).length;
  const warned = report.checks.filter((c) => c.ok && c.warning).length;
  const notes = warned > 0 ? ` (${warned} with a note marked !)` : '';
  lines.push(
    '',
    failed === 0
      ? `All ${report.checks.length} checks passed${notes}.`
      : `${failed} of ${report.checks.length} checks failed: fix them (see ✗ above), then run bb-vars doctor again.`,
  );
  return lines.join('\n') + '\n';
}

export function renderDoctorJson(report: DoctorReport): string {
  const checks = report.checks.map((c) => ({
    name: c.name,
    ok: c.ok,
    message: c.message,
    ...(c.warning ? { warning: true } : {}),
  }));
  return JSON.stringify({ format_version: '1', ok: report.ok, checks }, null, 2) + '\n';
}
