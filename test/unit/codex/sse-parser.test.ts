import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ResponsesSseParser, parseResponsesStream } from '../../../proxy/src/codex/sse-parser.js';
import type { ResponsesStreamEvent } from '../../../proxy/src/codex/types.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/codex-sse/', import.meta.url));
const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.sse')).sort();
const readFixture = (name: string): Buffer => readFileSync(FIXTURES + name);

/** Parses `chunks` with one parser; returns all events and the malformed count. */
function parseChunks(chunks: (Uint8Array | string)[]): { events: ResponsesStreamEvent[]; malformed: number } {
  const p = new ResponsesSseParser();
  const events: ResponsesStreamEvent[] = [];
  for (const c of chunks) events.push(...p.feed(c));
  events.push(...p.end());
  return { events, malformed: p.malformed };
}

/** The data JSON of each `data:` line of a well-formed single-line-data stream (the reference decoding). */
function referenceEvents(text: string): unknown[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.startsWith('data:'))
    .map((l) => JSON.parse(l.slice(5)));
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

const enc = new TextEncoder();

describe('ResponsesSseParser — fixtures', () => {
  it.each(fixtureFiles)('%s: every data line becomes one event, typed from the JSON', (name) => {
    const bytes = readFixture(name);
    const { events, malformed } = parseChunks([bytes]);
    expect(malformed).toBe(0);
    expect(events).toEqual(referenceEvents(bytes.toString('utf8')));
    for (const e of events) expect(typeof e.type).toBe('string');
  });

  it.each(fixtureFiles)('%s: byte-by-byte feeding and CRLF line endings give the same events', (name) => {
    const bytes = readFixture(name);
    const whole = parseChunks([bytes]).events;
    expect(parseChunks([...bytes].map((b) => Uint8Array.of(b))).events).toEqual(whole);
    const crlf = enc.encode(bytes.toString('utf8').replace(/\n/g, '\r\n'));
    expect(parseChunks(splitAt(crlf, [1, 17, 200, 201, 999])).events).toEqual(whole);
  });
});

describe('ResponsesSseParser — framing tolerance', () => {
  it('accepts a missing event: line, comments, multi-line data, id/retry fields', () => {
    const text =
      ': keep-alive\n' +
      'data: {"type":"response.created","sequence_number":0}\n\n' +
      'id: 7\nretry: 1000\n' +
      'event: response.output_text.delta\n' +
      'data: {"type":"response.output_text.delta",\n' +
      'data:  "delta":"a\\nb"}\n\n';
    const { events, malformed } = parseChunks([text]);
    expect(malformed).toBe(0);
    expect(events).toEqual([
      { type: 'response.created', sequence_number: 0 },
      { type: 'response.output_text.delta', delta: 'a\nb' },
    ]);
  });

  it('takes the type from the JSON, not from the event: line', () => {
    const { events } = parseChunks(['event: something.else\ndata: {"type":"response.completed"}\n\n']);
    expect(events).toEqual([{ type: 'response.completed' }]);
  });

  it('decodes a multi-byte UTF-8 character split across chunks', () => {
    const bytes = enc.encode('data: {"type":"response.output_text.delta","delta":"é😀中"}\n\n');
    const start = bytes.indexOf(0xf0); // first byte of 😀
    const chunks = [bytes.subarray(0, start + 1), bytes.subarray(start + 1, start + 3), bytes.subarray(start + 3)];
    expect(parseChunks(chunks).events).toEqual([{ type: 'response.output_text.delta', delta: 'é😀中' }]);
  });

  it('handles \\r and \\n of one CRLF in different chunks, and bare CR line endings', () => {
    expect(parseChunks(['data: {"type":"a"}\r', '\n\r', '\ndata: {"type":"b"}\r\n\r\n']).events).toEqual([
      { type: 'a' },
      { type: 'b' },
    ]);
    expect(parseChunks(['data: {"type":"a"}\r\rdata: {"type":"b"}\r\r']).events).toEqual([{ type: 'a' }, { type: 'b' }]);
  });

  it('flushes a last event that lacks its blank line at EOF', () => {
    expect(parseChunks(['data: {"type":"response.completed"}']).events).toEqual([{ type: 'response.completed' }]);
    expect(parseChunks(['data: {"type":"response.completed"}\n']).events).toEqual([{ type: 'response.completed' }]);
    expect(parseChunks(['data: {"type":"response.completed"}\r']).events).toEqual([{ type: 'response.completed' }]);
  });

  it('counts malformed payloads and never throws', () => {
    const seen: string[] = [];
    const p = new ResponsesSseParser({ onMalformed: (_d, reason) => seen.push(reason) });
    const events = [
      ...p.feed('data: {not json\n\n'),
      ...p.feed('data: {"no_type":1}\n\n'),
      ...p.feed('data: {"type":""}\n\n'),
      ...p.feed('data: [1,2]\n\n'),
      ...p.feed('data: null\n\n'),
      ...p.feed('data: [DONE]\n\n'),
      ...p.feed('garbage line without colon\nfoo: bar\n\n'),
      ...p.feed('data: {"type":"ok"}\n\n'),
      ...p.feed('data: {"type":"cut'),
      ...p.end(),
    ];
    expect(events).toEqual([{ type: 'ok' }]);
    expect(p.malformed).toBe(6);
    expect(seen).toEqual(['invalid_json', 'missing_type', 'missing_type', 'not_an_object', 'not_an_object', 'invalid_json']);
    expect(p.end()).toEqual([]);
    expect(p.feed('data: {"type":"late"}\n\n')).toEqual([]);
  });

  it('a throwing onMalformed hook does not break parsing', () => {
    const p = new ResponsesSseParser({
      onMalformed: () => {
        throw new Error('boom');
      },
    });
    expect([...p.feed('data: nope\n\ndata: {"type":"x"}\n\n'), ...p.end()]).toEqual([{ type: 'x' }]);
  });

  it('mixes string and byte chunks', () => {
    const bytes = enc.encode('{"type":"t","delta":"ü"}\n\n');
    expect(parseChunks(['data: ', bytes]).events).toEqual([{ type: 't', delta: 'ü' }]);
  });

  it('parseResponsesStream yields events of an async byte stream', async () => {
    const bytes = readFixture('01-plain-text.sse');
    async function* body(): AsyncGenerator<Uint8Array> {
      for (const c of splitAt(bytes, [5, 300, 301, 1000, 2000])) yield c;
    }
    const out: ResponsesStreamEvent[] = [];
    for await (const e of parseResponsesStream(body())) out.push(e);
    expect(out.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });
});

// ------------------------------------------------------------------------------------------------ properties

/** Text with plenty of multi-byte characters, newlines and quotes. */
const richText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', ' ', '"', '\\', '\n', '\r', 'é', '中', '😀', '\u2028', '\u0000', ':'),
    fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
  ),
  maxLength: 12,
});

const eventArb = fc.record({
  type: fc.constantFrom('response.output_text.delta', 'response.created', 'codex.rate_limits', 'x.y'),
  sequence_number: fc.nat(),
  delta: richText,
});

interface Framing {
  eol: '\n' | '\r\n' | '\r';
  withEventLine: boolean;
  multiLine: boolean;
  comment: boolean;
}
const framingArb: fc.Arbitrary<Framing> = fc.record({
  eol: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
  withEventLine: fc.boolean(),
  multiLine: fc.boolean(),
  comment: fc.boolean(),
});

function frame(e: { type: string }, f: Framing): string {
  const json = f.multiLine ? JSON.stringify(e, null, 1) : JSON.stringify(e);
  const lines: string[] = [];
  if (f.comment) lines.push(': ping');
  if (f.withEventLine) lines.push(`event: ${e.type}`);
  for (const l of json.split('\n')) lines.push(`data: ${l}`);
  return lines.map((l) => l + f.eol).join('') + f.eol;
}

describe('ResponsesSseParser — properties', () => {
  it('any split of a valid byte stream into chunks yields the same events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(eventArb, framingArb), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (evs, cuts) => {
          const text = evs.map(([e, f]) => frame(e, f)).join('');
          const bytes = enc.encode(text);
          const expected = evs.map(([e]) => e);
          const whole = parseChunks([bytes]);
          expect(whole.malformed).toBe(0);
          expect(whole.events).toEqual(expected);
          expect(parseChunks(splitAt(bytes, cuts)).events).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits at every byte position of a fixture (inside multi-byte chars and CRLF pairs)', () => {
    const bytes = enc.encode(
      readFixture('03-reasoning-summary-then-text.sse').toString('utf8').replace(/\n/g, '\r\n').replace('Yes.', 'Ja, ✓ 😀 中文.'),
    );
    const expected = parseChunks([bytes]).events;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { minLength: 1, maxLength: 40 }), (cuts) => {
        expect(parseChunks(splitAt(bytes, cuts)).events).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('inserted malformed events and garbage lines never throw and the valid events still come out', () => {
    const malformedArb = fc.oneof(
      fc.constant('data: {"type": "x",\n\n'),
      fc.constant('data: {"no":"type"}\n\n'),
      fc.constant('data: {"type":42}\n\n'),
      fc.constant('data: "just a string"\n\n'),
      // never closed: no '}' (and no line break) in the tail
      fc.string({ maxLength: 20 }).map((s) => `data: {${s.replace(/[\r\n}]/g, '')}\n\n`),
    );
    // lines that are not data lines: harmless even inside an event's block
    const garbageLineArb = fc.oneof(
      fc.constant(': comment\n'),
      fc.constant('garbage\n'),
      fc.constant('retry: x\n'),
      fc.constant('eventx: 1\n'),
      fc.string({ maxLength: 10 }).map((s) => `x-${s.replace(/[\r\n]/g, '')}: y\n`),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(eventArb, fc.array(malformedArb, { maxLength: 2 }), fc.option(garbageLineArb, { nil: undefined })),
          { maxLength: 8 },
        ),
        fc.array(fc.nat(), { maxLength: 20 }),
        (items, cuts) => {
          let text = '';
          let bad = 0;
          for (const [e, malformed, garbage] of items) {
            for (const m of malformed) {
              text += m;
              bad++;
            }
            const framed = frame(e, { eol: '\n', withEventLine: true, multiLine: false, comment: false });
            text += garbage ? framed.replace('\n', `\n${garbage}`) : framed;
          }
          const bytes = enc.encode(text);
          const res = parseChunks(splitAt(bytes, cuts));
          expect(res.events).toEqual(items.map(([e]) => e));
          expect(res.malformed).toBe(bad);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 10 }), (chunks) => {
        const p = new ResponsesSseParser();
        for (const c of chunks) for (const e of p.feed(c)) expect(typeof e.type).toBe('string');
        for (const e of p.end()) expect(typeof e.type).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});
