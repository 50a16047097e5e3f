/** The sh scanner behind validate --pipelines: what it takes for a use, an assignment, or code it cannot read. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanShell, type ShellEvent } from '../../src/pipelines/shell.ts';

/** `use:NAME`, `use:NAME?` (copes with unset), `set:NAME`, `dynamic:cmd`, in text order. */
function events(text: string): string[] {
  return scanShell(text).map((e: ShellEvent) =>
    e.kind === 'use'
      ? `use:${e.name}${e.checked ? '' : '?'}`
      : e.kind === 'set'
        ? `set:${e.name}`
        : `dynamic:${e.command}`,
  );
}

describe('scanShell', () => {
  it('finds plain, braced and nested expansions, in order', () => {
    expect(events('echo $A "${B}" "$(echo $C)" `echo $D` ${E:-$F} ${#G} ${H%%.*}')).toEqual([
      'use:A',
      'use:B',
      'use:C',
      'use:D',
      'use:E?',
      'use:F',
      'use:G',
      'use:H',
    ]);
  });

  it("skips single quotes, escapes, $$, $'…', comments, positional and special parameters", () => {
    expect(events(`echo '$A' \\$B "\\$C" $$D $'$E' $1 $@ $? \${10} # $F`)).toEqual([]);
  });

  it('marks expansions that cope with an unset variable, and ${X:=y} as an assignment', () => {
    expect(events('echo ${A:-x} ${B-x} ${C:+x} ${D+x} ${E:?x} ${F:=x}')).toEqual([
      'use:A?',
      'use:B?',
      'use:C?',
      'use:D?',
      'use:E',
      'use:F?',
      'set:F',
    ]);
  });

  it('sees assignments in command position and after declaration commands, effective after the word', () => {
    expect(events('A=1 B=$B cmd C=1; export D=1 E=2; local F=1; declare -x G=1; readonly H=1')).toEqual([
      'set:A',
      'use:B',
      'set:B',
      'set:D',
      'set:E',
      'set:F',
      'set:G',
      'set:H',
    ]);
    expect(events('if [ -z "$X" ]; then X=1; fi && Y=2 || { Z=3; }')).toEqual(['use:X', 'set:X', 'set:Y', 'set:Z']);
  });

  it('sees read, for, select, getopts, mapfile and printf -v', () => {
    expect(events('read -r -p "name: " A B; for C in x; do :; done; select D in a; do :; done')).toEqual([
      'set:A',
      'set:B',
      'set:C',
      'set:D',
    ]);
    expect(
      events('while IFS=, read -r E; do :; done; getopts ab: F; mapfile -t G < f; printf -v H %s x; read -a I'),
    ).toEqual(['set:IFS', 'set:E', 'set:F', 'set:G', 'set:H', 'set:I']);
  });

  it('flags code it cannot read: source, ., eval, export $(…)', () => {
    expect(events('source .env; . ./x.sh; eval "$(ssh-agent -s)"; export $(cat .env | xargs)')).toEqual([
      'dynamic:source',
      'dynamic:.',
      'dynamic:eval',
      'dynamic:export',
    ]);
  });

  it('reads unquoted here-documents and skips quoted ones', () => {
    expect(events('cat <<EOF\n\'$A\' "$B"\nEOF\ncat <<\'EOF\'\n$C\nEOF\ncat <<-"X"\n\t$D\n\tX\necho $E')).toEqual([
      'use:A',
      'use:B',
      'use:E',
    ]);
  });

  it('never throws on any text, and every use points at its own text', () => {
    const alphabet = fc.constantFrom(
      ...'$ {}()\'"`\\#<-=:;&|\nAB_1 for read EOF'.split(' ').flatMap((w) => [w, ...w.split('')]),
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')),
        (text) => {
          const found = scanShell(text);
          expect(found.every((e) => e.offset >= 0 && e.offset <= text.length)).toBe(true);
          const uses = found.filter((e) => e.kind === 'use');
          expect(uses.map((e) => text.slice(e.offset, e.offset + e.text.length))).toEqual(uses.map((e) => e.text));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
