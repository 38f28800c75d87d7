/**
 * `npm run bench`: what the proxy costs. Everything runs on 127.0.0.1 against the strict fake Codex backend.
 *  1. translation micro-benchmarks on a real Claude Code request (53 KB, 20+ tools, images, thinking);
 *  2. end-to-end latency, direct to the fake vs through the proxy (same scripted answer), sequential and concurrent.
 * Prints a table; numbers are wall-clock on this machine, so compare runs on the same machine only.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fetch } from 'undici';
import { parseMessagesRequest } from '../proxy/src/anthropic/request.js';
import { toResponsesRequest } from '../proxy/src/translate/messages-to-responses.js';
import { ResponsesToMessagesTranslator } from '../proxy/src/translate/responses-to-messages.js';
import { buildToolNameMap } from '../proxy/src/translate/tool-names.js';
import { countRequestTokens } from '../proxy/src/translate/count-tokens.js';
import type { ResponsesStreamEvent } from '../proxy/src/codex/types.js';
import { codexHeaders } from '../proxy/src/codex/headers.js';
import { startStack } from '../test/helpers/stack.js';

const fixture = JSON.parse(
  readFileSync(new URL('../test/fixtures/claude-code/01-print-multiturn/10-post-v1-messages.json', import.meta.url), 'utf8'),
) as { body: unknown };

function timeIt(label: string, iterations: number, fn: () => void): { label: string; perOpUs: number } {
  for (let i = 0; i < Math.min(50, iterations); i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const perOpUs = ((performance.now() - t0) * 1000) / iterations;
  return { label, perOpUs };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

async function latency(n: number, concurrency: number, one: () => Promise<void>): Promise<{ p50: number; p95: number; rps: number }> {
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const s = performance.now();
        await one();
        times.push(performance.now() - s);
      }
    }),
  );
  const total = (performance.now() - t0) / 1000;
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), rps: n / total };
}

async function main(): Promise<void> {
  const parsed = parseMessagesRequest(fixture.body);
  if (!parsed.ok) throw new Error(parsed.message);
  const req = parsed.value;
  const ctx = { codexModel: 'gpt-5.6-sol', effortLevels: ['low', 'medium', 'high', 'xhigh', 'max'] as const, defaultEffort: 'medium' as const, accountTag: 'bench' };
  const micro = [
    timeIt('parse + validate request (zod)', 300, () => void parseMessagesRequest(fixture.body)),
    timeIt('translate request → Responses', 300, () => void toResponsesRequest(req, { ...ctx, effortLevels: [...ctx.effortLevels] })),
    timeIt('count_tokens (o200k)', 100, () => void countRequestTokens(req)),
  ];
  const deltas: ResponsesStreamEvent[] = [
    { type: 'response.created', response: { id: 'r' } },
    { type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: 'm' } },
    ...Array.from({ length: 1000 }, (): ResponsesStreamEvent => ({ type: 'response.output_text.delta', item_id: 'm', output_index: 0, content_index: 0, delta: 'token ' })),
    { type: 'response.output_item.done', output_index: 0, item: { type: 'message', id: 'm', content: [{ type: 'output_text', text: '' }] } },
    { type: 'response.completed', response: { id: 'r', usage: { input_tokens: 10, output_tokens: 1000 } } },
  ];
  micro.push(
    timeIt('stream-translate 1000 text deltas', 100, () => {
      const t = new ResponsesToMessagesTranslator({ messageId: 'msg_x', model: 'claude', toolNames: buildToolNameMap([]), thinkingMode: 'none', accountTag: 'b' });
      for (const ev of deltas) t.push(ev);
    }),
  );

  const stack = await startStack({ settings: { keepAliveMs: 10_000 } });
  try {
    const acct = stack.accounts[0]!;
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    stack.fake.setResponder(() => ({ kind: 'stream', items: [{ type: 'text', text, chunks: 40 }] }));
    const direct = async () => {
      const res = await fetch(`${stack.fake.codexBaseUrl}/responses`, {
        method: 'POST',
        headers: codexHeaders({ accessToken: acct.tokens.accessToken, accountId: acct.fake.accountId, accept: 'text/event-stream' }),
        body: JSON.stringify({
          model: 'gpt-5.6-sol', instructions: 'bench', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
          tools: [], tool_choice: 'auto', parallel_tool_calls: false, store: false, stream: true, include: [],
        }),
      });
      await res.text();
    };
    const proxied = async () => {
      const res = await fetch(`${stack.baseUrl}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'bench' },
        body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      });
      await res.text();
    };
    const proxiedFixture = async () => {
      const res = await fetch(`${stack.baseUrl}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'bench' },
        body: JSON.stringify({ ...(fixture.body as object), stream: true }),
      });
      await res.text();
    };
    for (let i = 0; i < 20; i++) await proxied(); // warm up
    const rows = [
      ['direct to fake, 1 at a time', await latency(200, 1, direct)],
      ['through proxy, 1 at a time', await latency(200, 1, proxied)],
      ['direct to fake, 8 concurrent', await latency(400, 8, direct)],
      ['through proxy, 8 concurrent', await latency(400, 8, proxied)],
      ['through proxy, real 53 KB Claude Code request', await latency(100, 1, proxiedFixture)],
    ] as const;
    console.log('\nTranslation (pure, per operation)');
    for (const m of micro) console.log(`  ${m.label.padEnd(40)} ${m.perOpUs.toFixed(1).padStart(9)} µs`);
    console.log('\nEnd to end on 127.0.0.1 (strict fake Codex backend, 40-chunk streamed answer)');
    console.log(`  ${'scenario'.padEnd(48)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'req/s'.padStart(8)}`);
    for (const [label, r] of rows) console.log(`  ${label.padEnd(48)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${r.rps.toFixed(0).padStart(8)}`);
    const overhead = rows[1][1].p50 - rows[0][1].p50;
    console.log(`\nproxy overhead at p50 (sequential): ${overhead.toFixed(2)} ms per request`);
  } finally {
    await stack.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
