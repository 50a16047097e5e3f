/**
 * What a Pipelines script command does with variables, as far as a reading of its text can tell:
 * which variables it expands (`$NAME`, `${NAME}`, `${NAME:-x}`, …), which it sets (`NAME=`,
 * `export NAME=`, `local NAME=`, `read NAME`, `for NAME in`, `${NAME:=x}`, …) and whether it runs
 * code that can set any variable at all (`source`, `.`, `eval`, `export $(…)`). Pure.
 *
 * It follows POSIX sh quoting, as Pipelines runs each command through the image's shell: nothing
 * is expanded inside single quotes (`'$HOME'` is literal, `awk '{print $1}'` expands nothing),
 * `\$NAME` is escaped, `$$` is the shell's PID. Double quotes, `$(…)`, backquotes, `${…}` words
 * and here-documents (unless their delimiter is quoted) expand.
 */

export type ShellEvent =
  /** `checked`: false when the expansion copes with an unset variable (`${X:-default}`, `${X+set}`). */
  | { kind: 'use'; name: string; offset: number; text: string; checked: boolean }
  | { kind: 'set'; name: string; offset: number }
  /** Code the scanner cannot read runs here (`source file`, `eval …`): it may set anything. */
  | { kind: 'dynamic'; offset: number; command: string };

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const ASSIGNMENT = /([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]\n]*\])?\+?=/y;
/** Words after which the next word is still in command position. */
const KEYWORD = /(?:if|then|else|elif|do|while|until|time|!|\{)(?=[\s;]|$)/y;
/** Commands whose `NAME=value` arguments are assignments. */
const DECLARATION = /(?:export|local|declare|typeset|readonly|env)(?=[\s;]|$)/y;
const LOOP = /(?:for|select)[ \t]+([A-Za-z_][A-Za-z0-9_]*)(?=[\s;]|$)/y;
const DYNAMIC = /(source|\.|eval)(?=[ \t])|export[ \t]+(?=\$)/y;
/** Commands that set the variables named by their arguments; the options that take a value. */
const SETTERS: Readonly<Record<string, string>> = {
  read: 'dinNptu',
  mapfile: 'dnOsuCc',
  readarray: 'dnOsuCc',
  getopts: '',
};
const SETTER = /(read|mapfile|readarray|getopts)(?=[ \t])([^;&|<>\n)]*)/y;
const PRINTF_V = /printf[ \t]+-v[ \t]+([A-Za-z_][A-Za-z0-9_]*)/y;
const HEREDOC = /<<(-?)[ \t]*(?:(['"])([^'"\n]+)\2|(\\?)([A-Za-z0-9_.-]+))/y;
const SEPARATORS = ';&|()\n';

interface Heredoc {
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

/** Scans one script command (possibly many lines). Events come in text order. */
export function scanShell(text: string): ShellEvent[] {
  const scanner = new Scanner(text);
  scanner.normal(undefined);
  return scanner.events.sort((a, b) => a.offset - b.offset);
}

class Scanner {
  readonly events: ShellEvent[] = [];
  private pos = 0;
  private readonly text: string;
  private heredocs: Heredoc[] = [];
  constructor(text: string) {
    this.text = text;
  }

  /** Unquoted text, up to `end` (`)` of `$(…)`, a closing backquote) or the end of the text. */
  normal(end: ')' | '`' | undefined): void {
    const text = this.text;
    let depth = 0;
    let wordStart = true;
    let commandPosition = true;
    let declaration = false;
    let pendingSets: string[] = [];
    const endWord = () => {
      // A trailing backslash may have stepped past the end.
      for (const name of pendingSets) this.events.push({ kind: 'set', name, offset: Math.min(this.pos, text.length) });
      pendingSets = [];
    };
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if ((end === ')' && c === ')' && depth === 0) || (end === '`' && c === '`')) {
        endWord();
        this.pos++;
        return;
      }
      if (c === ' ' || c === '\t' || SEPARATORS.includes(c)) {
        endWord();
        wordStart = true;
        if (c !== ' ' && c !== '\t') {
          commandPosition = true;
          declaration = false;
        }
        if (c === '(' && end === ')') depth++;
        if (c === ')' && depth > 0) depth--;
        this.pos++;
        if (c === '\n') this.readHeredocBodies();
        continue;
      }
      if (wordStart) {
        wordStart = false;
        if (c === '#') {
          const nl = text.indexOf('\n', this.pos);
          this.pos = nl < 0 ? text.length : nl;
          continue;
        }
        const word = this.commandWord(commandPosition, declaration);
        if (word.assignment) pendingSets.push(word.assignment);
        else if (word.declaration) declaration = true;
        commandPosition = word.commandPosition;
      }
      if (c === '\\') this.pos += 2;
      else if (c === "'") this.skipSingleQuoted();
      else if (c === '"') {
        this.pos++;
        this.expanding(text.length, true);
      } else if (c === '`') {
        this.pos++;
        this.normal('`');
      } else if (c === '$') this.dollar(false);
      else if (text.startsWith('<<<', this.pos)) this.pos += 3;
      else if (text.startsWith('<<', this.pos)) this.heredocOperator();
      else this.pos++;
    }
    endWord();
  }

  /** Looks at a word where it starts: assignments, keywords, commands that set variables. */
  private commandWord(
    commandPosition: boolean,
    declaration: boolean,
  ): { assignment?: string; declaration?: boolean; commandPosition: boolean } {
    const assignment = commandPosition || declaration ? this.match(ASSIGNMENT) : undefined;
    if (assignment) return { assignment: assignment[1]!, commandPosition };
    if (!commandPosition) return { commandPosition: false };
    if (this.match(KEYWORD)) return { commandPosition: true };
    const dynamic = this.match(DYNAMIC);
    if (dynamic) {
      this.events.push({ kind: 'dynamic', offset: this.pos, command: dynamic[1] ?? 'export' });
      return { commandPosition: false };
    }
    if (this.match(DECLARATION)) return { declaration: true, commandPosition: false };
    const loop = this.match(LOOP);
    if (loop) this.events.push({ kind: 'set', name: loop[1]!, offset: this.pos + loop[0].length });
    const printf = this.match(PRINTF_V);
    if (printf) this.events.push({ kind: 'set', name: printf[1]!, offset: this.pos + printf[0].length });
    const setter = this.match(SETTER);
    if (setter) {
      const withValue = SETTERS[setter[1]!]!;
      const words = setter[2]!.trim().split(/[ \t]+/);
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        if (w.startsWith('-')) {
          // `read -a NAME` names an array; other options that take a value skip it.
          if (setter[1] === 'read' && w.endsWith('a')) continue;
          if (withValue.includes(w.slice(-1))) i++;
        } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(w)) {
          this.events.push({ kind: 'set', name: w, offset: this.pos + setter[0].length });
        }
      }
    }
    return { commandPosition: false };
  }

  /** Double-quoted text (`quoted`: ends at `"`) or a here-document body (ends at `limit`). */
  private expanding(limit: number, quoted: boolean): void {
    const text = this.text;
    while (this.pos < limit) {
      const c = text[this.pos]!;
      if (c === '\\') this.pos += 2;
      else if (quoted && c === '"') {
        this.pos++;
        return;
      } else if (c === '`') {
        this.pos++;
        this.normal('`');
      } else if (c === '$') this.dollar(true);
      else this.pos++;
    }
  }

  private dollar(inDoubleQuotes: boolean): void {
    const text = this.text;
    const start = this.pos;
    const next = text[start + 1];
    if (next === '{') {
      this.pos += 2;
      this.braced(start, inDoubleQuotes);
    } else if (next === '(') {
      this.pos += 2;
      this.normal(')');
    } else if (next === "'" && !inDoubleQuotes) {
      // bash's $'…': no expansion inside.
      this.pos += 2;
      while (this.pos < text.length && text[this.pos] !== "'") this.pos += text[this.pos] === '\\' ? 2 : 1;
      this.pos++;
    } else if (next === '"' && !inDoubleQuotes) {
      this.pos += 2;
      this.expanding(text.length, true);
    } else {
      this.pos++;
      const name = this.match(NAME);
      if (name) {
        this.events.push({ kind: 'use', name: name[0], offset: start, text: `$${name[0]}`, checked: true });
        this.pos += name[0].length;
      } else if (next !== undefined && /[0-9@*#?$!-]/.test(next)) this.pos++;
    }
  }

  /** After `${`: the parameter, its operator, and the word up to the matching `}`. */
  private braced(start: number, inDoubleQuotes: boolean): void {
    const text = this.text;
    let prefix = text[this.pos];
    if ((prefix === '#' || prefix === '!') && text[this.pos + 1] !== '}') this.pos++;
    else prefix = undefined;
    const name = this.match(NAME);
    if (name) {
      this.pos += name[0].length;
      const rest = text.slice(this.pos, this.pos + 2);
      const copesWithUnset = prefix === undefined && /^(?::?[-+=])/.test(rest);
      const listing = prefix === '!' && (rest[0] === '*' || rest[0] === '@');
      if (!listing) {
        this.events.push({
          kind: 'use',
          name: name[0],
          offset: start,
          text: text.slice(start, this.pos),
          checked: !copesWithUnset,
        });
      }
      if (prefix === undefined && /^:?=/.test(rest)) this.events.push({ kind: 'set', name: name[0], offset: this.pos });
    }
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (c === '}') {
        this.pos++;
        return;
      }
      if (c === '\\') this.pos += 2;
      else if (c === "'" && !inDoubleQuotes) this.skipSingleQuoted();
      else if (c === '"') {
        this.pos++;
        this.expanding(text.length, true);
      } else if (c === '`') {
        this.pos++;
        this.normal('`');
      } else if (c === '$') this.dollar(inDoubleQuotes);
      else this.pos++;
    }
  }

  private skipSingleQuoted(): void {
    const close = this.text.indexOf("'", this.pos + 1);
    this.pos = close < 0 ? this.text.length : close + 1;
  }

  private heredocOperator(): void {
    const m = this.match(HEREDOC);
    if (!m) {
      this.pos += 2;
      return;
    }
    this.heredocs.push({
      delimiter: m[3] ?? m[5]!,
      quoted: m[2] !== undefined || m[4] === '\\',
      stripTabs: m[1] === '-',
    });
    this.pos += m[0].length;
  }

  /** After a newline: the bodies of the here-documents opened on the line before. */
  private readHeredocBodies(): void {
    const text = this.text;
    for (const doc of this.heredocs) {
      while (this.pos < text.length) {
        const nl = text.indexOf('\n', this.pos);
        const lineEnd = nl < 0 ? text.length : nl;
        const line = text.slice(this.pos, lineEnd);
        if ((doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) {
          this.pos = Math.min(lineEnd + 1, text.length);
          break;
        }
        if (doc.quoted) this.pos = lineEnd;
        else this.expanding(lineEnd, false);
        this.pos = Math.min(lineEnd + 1, text.length);
      }
    }
    this.heredocs = [];
  }

  private match(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    return re.exec(this.text);
  }
}
