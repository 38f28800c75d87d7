/**
 * Every captured Claude Code /v1/messages request translates without loss and passes the strict fake backend.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMessagesRequest } from '../../../proxy/src/anthropic/request.js';
import type { InputItem } from '../../../proxy/src/codex/types.js';
import { toResponsesRequest, type TranslateContext } from '../../../proxy/src/translate/messages-to-responses.js';
import { defaultCatalog } from '../../fakes/codex-catalog.js';
import { validateResponsesRequest } from '../../fakes/codex-validate.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/claude-code', import.meta.url));

const CTX: TranslateContext = {
  codexModel: 'gpt-5.6-sol',
  effortLevels: ['low', 'medium', 'high', 'xhigh', 'max'],
  defaultEffort: 'medium',
  accountTag: 'acct-test',
  promptCacheKey: 'fixture-session',
};

function listFixtures(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listFixtures(path);
    return name.endsWith('-post-v1-messages.json') ? [path] : [];
  });
}

type AnyBlock = { type: string; content?: unknown };

function blocksOf(content: unknown): AnyBlock[] {
  return Array.isArray(content) ? (content as AnyBlock[]) : [];
}

/** Every content block of the request, including those nested in tool results. */
function allBlocks(messages: { content: unknown }[]): AnyBlock[] {
  return messages.flatMap((m) => blocksOf(m.content).flatMap((b) => [b, ...(b.type === 'tool_result' ? blocksOf(b.content) : [])]));
}

/** Every content part of the translated input (message content and array outputs). */
function allParts(input: InputItem[]): { type: string }[] {
  return input.flatMap((item): { type: string }[] => {
    if (item.type === 'message') return item.content;
    if (item.type === 'function_call_output' && Array.isArray(item.output)) return item.output;
    return [];
  });
}

/** A system entry with something to say (Claude Code also sends `content: []`, which carries nothing). */
function hasContent(content: unknown): boolean {
  return typeof content === 'string' ? content !== '' : blocksOf(content).length > 0;
}

const files = listFixtures(FIXTURES).sort();

describe('captured Claude Code requests → Responses requests', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [relative(FIXTURES, f), f]))('%s', (_name, file) => {
    const raw = (JSON.parse(readFileSync(file, 'utf8')) as { body: { messages: { role: string; content: unknown }[] } }).body;
    const parsed = parseMessagesRequest(raw);
    if (!parsed.ok) throw new Error(parsed.message);
    const { body, report } = toResponsesRequest(parsed.value, CTX);

    const blocks = allBlocks(raw.messages);
    const parts = allParts(body.input);
    const count = (list: { type: string }[], type: string) => list.filter((x) => x.type === type).length;

    // no image lost (user turns and tool results)
    expect(count(parts, 'input_image')).toBe(count(blocks, 'image'));
    // every document → input_file (all captured documents are base64 PDFs)
    expect(count(parts, 'input_file')).toBe(count(blocks, 'document'));
    // every tool_result → a function_call_output or a repaired user message
    const outputs = body.input.filter((i) => i.type === 'function_call_output').length;
    expect(outputs - report.insertedMissingOutputs + report.repairedOrphanOutputs).toBe(count(blocks, 'tool_result'));
    // every tool_use → a function_call
    expect(body.input.filter((i) => i.type === 'function_call').length).toBe(count(blocks, 'tool_use'));
    // every role:system message → a developer message
    const systemMessages = raw.messages.filter((m) => m.role === 'system' && hasContent(m.content)).length;
    expect(body.input.filter((i) => i.type === 'message' && i.role === 'developer').length).toBe(systemMessages);
    // captured thinking carries Anthropic signatures: never replayed
    expect(body.input.filter((i) => i.type === 'reasoning')).toEqual([]);
    expect(report.droppedThinking).toBe(count(blocks, 'thinking'));
    expect(report.droppedRedactedThinking).toBe(count(blocks, 'redacted_thinking'));
    expect(report.unknownBlockTypes).toEqual([]);

    const json = JSON.stringify(body);
    for (const forbidden of ['cache_control', 'max_tokens', 'max_output_tokens', 'x-anthropic-billing-header']) {
      expect(json).not.toContain(forbidden);
    }
    expect(body.instructions.length).toBeGreaterThan(0);

    const verdict = validateResponsesRequest(body, { catalog: defaultCatalog(), requireInstructions: true });
    expect(verdict.ok ? 'ok' : verdict.message).toBe('ok');
  });
});
