/**
 * Format-preserving edits of JSON text: set or remove one property by path and leave every other byte of the
 * file as it was (indentation, key order, number spelling, trailing newline). The input must be valid JSON
 * (callers check with JSON.parse first); the scanner only records where each value starts and ends.
 */

export type JsonPath = readonly string[];

interface ValueNode {
  kind: 'object' | 'array' | 'scalar';
  start: number;
  /** Exclusive. */
  end: number;
  members?: MemberNode[];
}

interface MemberNode {
  key: string;
  keyStart: number;
  value: ValueNode;
}

export class JsonEditError extends Error {
  override name = 'JsonEditError';
}

// ------------------------------------------------------------------------------------------ scanner

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i] as string)) this.i++;
  }

  value(): ValueNode {
    this.ws();
    const c = this.text[this.i];
    const start = this.i;
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') {
      this.string();
      return { kind: 'scalar', start, end: this.i };
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.i, this.i + 400));
    if (!m) throw new JsonEditError(`unexpected character at offset ${this.i}`);
    this.i += m[0].length;
    return { kind: 'scalar', start, end: this.i };
  }

  string(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === '\\') this.i += 2;
      else if (c === '"') {
        this.i++;
        return JSON.parse(this.text.slice(start, this.i)) as string;
      } else this.i++;
    }
    throw new JsonEditError('unterminated string');
  }

  object(): ValueNode {
    const start = this.i;
    this.i++;
    const members: MemberNode[] = [];
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return { kind: 'object', start, end: this.i, members };
    }
    for (;;) {
      this.ws();
      const keyStart = this.i;
      const key = this.string();
      this.ws();
      this.i++; // ':'
      const value = this.value();
      members.push({ key, keyStart, value });
      this.ws();
      const c = this.text[this.i++];
      if (c === '}') return { kind: 'object', start, end: this.i, members };
      if (c !== ',') throw new JsonEditError(`expected , or } at offset ${this.i - 1}`);
    }
  }

  array(): ValueNode {
    const start = this.i;
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return { kind: 'array', start, end: this.i };
    }
    for (;;) {
      this.value();
      this.ws();
      const c = this.text[this.i++];
      if (c === ']') return { kind: 'array', start, end: this.i };
      if (c !== ',') throw new JsonEditError(`expected , or ] at offset ${this.i - 1}`);
    }
  }
}

function parseTree(text: string): ValueNode {
  JSON.parse(text); // validity is a precondition; this throws a SyntaxError for the caller
  const s = new Scanner(text);
  return s.value();
}

// ------------------------------------------------------------------------------------------ formatting

/** The indentation unit of a document: the whitespace before the first indented line, default two spaces. */
export function detectIndent(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m?.[1] ?? '  ';
}

function lineIndentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** JSON.stringify at a nesting level: nested lines are prefixed with `baseIndent`. */
function formatValue(value: unknown, unit: string, baseIndent: string): string {
  const s = JSON.stringify(value, null, unit);
  if (s === undefined) throw new JsonEditError('value is not representable in JSON');
  return s.replace(/\n/g, `\n${baseIndent}`);
}

function isMultiline(text: string, node: ValueNode): boolean {
  return text.slice(node.start, node.end).includes('\n');
}

// ------------------------------------------------------------------------------------------ edits

function findMember(node: ValueNode, key: string): MemberNode | undefined {
  // Duplicate keys: JSON.parse keeps the last one, so edit the last one.
  const ms = node.members ?? [];
  for (let k = ms.length - 1; k >= 0; k--) if (ms[k]?.key === key) return ms[k];
  return undefined;
}

/** Sets `path` to `value`, creating missing objects on the way. Returns the new text. */
export function setJsonProperty(text: string, path: JsonPath, value: unknown): string {
  if (path.length === 0) throw new JsonEditError('empty path');
  if (text.trim() === '') text = '{}\n';
  const unit = detectIndent(text);
  let node = parseTree(text);
  if (node.kind !== 'object') throw new JsonEditError('the document is not a JSON object');
  for (let depth = 0; depth < path.length; depth++) {
    const key = path[depth] as string;
    const member = findMember(node, key);
    const last = depth === path.length - 1;
    if (member && (last || member.value.kind !== 'object')) {
      const replacement = last ? value : nest(path.slice(depth + 1), value);
      const indent = lineIndentAt(text, member.keyStart);
      return text.slice(0, member.value.start) + formatValue(replacement, unit, indent) + text.slice(member.value.end);
    }
    if (member) {
      node = member.value;
      continue;
    }
    return insertMember(text, node, key, last ? value : nest(path.slice(depth + 1), value), unit);
  }
  return text;
}

function nest(path: JsonPath, value: unknown): unknown {
  let v = value;
  for (let k = path.length - 1; k >= 0; k--) v = { [path[k] as string]: v };
  return v;
}

function insertMember(text: string, obj: ValueNode, key: string, value: unknown, unit: string): string {
  const members = obj.members ?? [];
  const lastMember = members[members.length - 1];
  if (lastMember) {
    const multiline = isMultiline(text, obj);
    const indent = multiline ? lineIndentAt(text, lastMember.keyStart) : '';
    const sep = multiline ? `,\n${indent}` : ', ';
    // A one-line object stays on one line.
    const formatted = multiline ? formatValue(value, unit, indent) : JSON.stringify(value);
    const entry = `${JSON.stringify(key)}: ${formatted}`;
    return text.slice(0, lastMember.value.end) + sep + entry + text.slice(lastMember.value.end);
  }
  const closeIndent = lineIndentAt(text, obj.start);
  const indent = closeIndent + unit;
  const entry = `${JSON.stringify(key)}: ${formatValue(value, unit, indent)}`;
  return `${text.slice(0, obj.start)}{\n${indent}${entry}\n${closeIndent}}${text.slice(obj.end)}`;
}

/** Removes `path` (and its separating comma). A missing property leaves the text unchanged. */
export function removeJsonProperty(text: string, path: JsonPath): string {
  if (path.length === 0 || text.trim() === '') return text;
  let node = parseTree(text);
  for (let depth = 0; depth < path.length - 1; depth++) {
    const m = findMember(node, path[depth] as string);
    if (!m || m.value.kind !== 'object') return text;
    node = m.value;
  }
  const members = node.members ?? [];
  const idx = members.findLastIndex((m) => m.key === path[path.length - 1]);
  if (idx < 0) return text;
  const target = members[idx] as MemberNode;
  if (members.length === 1) {
    // The only member: collapse to `{}`.
    return `${text.slice(0, node.start)}{}${text.slice(node.end)}`;
  }
  if (idx < members.length - 1) {
    const next = members[idx + 1] as MemberNode;
    return text.slice(0, target.keyStart) + text.slice(next.keyStart);
  }
  const prev = members[idx - 1] as MemberNode;
  return text.slice(0, prev.value.end) + text.slice(target.value.end);
}

/** The raw text of every member of the object at `path` (for proving that untouched members are byte-identical). */
export function rawMembers(text: string, path: JsonPath = []): Map<string, string> {
  let node = parseTree(text);
  for (const key of path) {
    const m = findMember(node, key);
    if (!m || m.value.kind !== 'object') return new Map();
    node = m.value;
  }
  return new Map((node.members ?? []).map((m) => [m.key, text.slice(m.keyStart, m.value.end)]));
}
