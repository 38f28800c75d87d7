import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import {
  PDF_TOKENS_PER_PAGE,
  UNKNOWN_IMAGE_TOKENS,
  countRequestTokens,
  countTextTokens,
  imageSizeFromBase64,
  imageTokensForSize,
} from '../../../proxy/src/translate/count-tokens.js';
import { parseCountTokensRequest, type Message } from '../../../proxy/src/anthropic/request.js';

type Req = Parameters<typeof countRequestTokens>[0];
const userText = (text: string): Req => ({ messages: [{ role: 'user', content: text }] });

function png(width: number, height: number): string {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b[24] = 8; // bit depth
  b[25] = 6; // RGBA
  return b.toString('base64');
}

function jpeg(width: number, height: number, exifBytes = 16): string {
  const app1 = Buffer.alloc(4 + exifBytes);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(2 + exifBytes, 2);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, sof, Buffer.from([0xff, 0xd9])]).toString('base64');
}

function gif(width: number, height: number): string {
  const b = Buffer.alloc(13);
  b.write('GIF89a', 0, 'latin1');
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b.toString('base64');
}

function webpVp8x(width: number, height: number): string {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(22, 4);
  b.write('WEBP', 8, 'latin1');
  b.write('VP8X', 12, 'latin1');
  b.writeUInt32LE(10, 16);
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return b.toString('base64');
}

function webpVp8l(width: number, height: number): string {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'latin1');
  b.write('WEBP', 8, 'latin1');
  b.write('VP8L', 12, 'latin1');
  b[20] = 0x2f;
  b.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 21);
  return b.toString('base64');
}

const imageMsg = (data: string, media = 'image/png'): Req => ({
  messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: media, data } }] }],
});

describe('countRequestTokens: text', () => {
  it('more text → more tokens', () => {
    const a = countRequestTokens(userText('Hello there.'));
    const b = countRequestTokens(userText('Hello there. '.repeat(50)));
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
  });

  it("counts text exactly like gpt-tokenizer's o200k_base, plus a fixed overhead", () => {
    const s = 'The quick brown fox jumps over the lazy dog. 素早い茶色の狐 🦊 — const x = await fetch(url);';
    const base = countRequestTokens(userText(''));
    expect(countRequestTokens(userText(s)) - base).toBe(countTokens(s));
    expect(countTextTokens(s)).toBe(countTokens(s));
    const long = 'lorem ipsum dolor sit amet, '.repeat(40);
    expect(countTextTokens(long)).toBe(countTokens(long));
    expect(countTextTokens(long)).toBe(countTokens(long)); // memoised path
  });

  it('does not choke on special-token text', () => {
    expect(countTextTokens('<|endoftext|> and <|im_start|>')).toBeGreaterThan(0);
  });

  it('counts system prompts (string or blocks), string and block content alike', () => {
    const none = countRequestTokens(userText('hi'));
    const str = countRequestTokens({ ...userText('hi'), system: 'You are a helpful assistant.' });
    const blocks = countRequestTokens({ ...userText('hi'), system: [{ type: 'text', text: 'You are a helpful assistant.' }] });
    expect(str).toBeGreaterThan(none);
    expect(blocks).toBe(str);
    const asBlocks = countRequestTokens({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    expect(asBlocks).toBe(none);
  });

  it('adds a per-message overhead', () => {
    const one = countRequestTokens({ messages: [{ role: 'user', content: 'ab' }] });
    const two = countRequestTokens({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] });
    expect(two).toBeGreaterThan(one);
  });

  it('is deterministic', () => {
    const req = userText('same input every time');
    expect(countRequestTokens(req)).toBe(countRequestTokens(req));
  });
});

describe('countRequestTokens: blocks and tools', () => {
  it('counts tool_use input and tool_result content', () => {
    const messages: Message[] = [
      { role: 'user', content: 'list files' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls -la /tmp' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt\nb.txt\n'.repeat(20) }] },
    ];
    const full = countRequestTokens({ messages });
    const withoutResult = countRequestTokens({ messages: messages.slice(0, 2) });
    expect(full - withoutResult).toBeGreaterThan(countTokens('a.txt\nb.txt\n'.repeat(20)));
    const bigger = countRequestTokens({
      messages: [
        messages[0] as Message,
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls -la /tmp && cat /etc/hosts | grep local' } }] },
      ],
    });
    expect(bigger).toBeGreaterThan(withoutResult);
    const blocksResult = countRequestTokens({
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'hello world' }] }] }],
    });
    const strResult = countRequestTokens({
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'hello world' }] }],
    });
    expect(blocksResult).toBe(strResult);
  });

  it('counts thinking text', () => {
    const base = countRequestTokens({ messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: '', signature: 's' }] }] });
    const t = countRequestTokens({
      messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'Let me think about this carefully.', signature: 's' }] }],
    });
    expect(t - base).toBe(countTokens('Let me think about this carefully.'));
  });

  it('counts tools: name, description and schema', () => {
    const msg = userText('foo');
    const base = countRequestTokens(msg);
    const small = countRequestTokens({
      ...msg,
      tools: [{ name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: {} } }],
    });
    const big = countRequestTokens({
      ...msg,
      tools: [
        {
          name: 'Read',
          description: 'Read a file from the local filesystem. Supports offsets and limits.',
          input_schema: {
            type: 'object',
            properties: { file_path: { type: 'string', description: 'Absolute path' }, offset: { type: 'number' }, limit: { type: 'number' } },
            required: ['file_path'],
          },
        },
      ],
    });
    expect(small).toBeGreaterThan(base);
    expect(big).toBeGreaterThan(small);
    const server = countRequestTokens({ ...msg, tools: [{ type: 'web_search_20250305', name: 'web_search' }] });
    expect(server).toBeGreaterThan(base);
  });

  it('counts text documents by their text and PDFs per page', () => {
    const text = 'Quarterly report. '.repeat(30);
    const base = countRequestTokens({ messages: [{ role: 'user', content: [] }] });
    const doc = countRequestTokens({
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: text } }] }],
    });
    expect(doc - base).toBe(countTokens(text));
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R 4 0 R] /Count 2>> endobj\n' +
        '3 0 obj <</Type /Page /Parent 2 0 R>> endobj\n4 0 obj <</Type/Page /Parent 2 0 R>> endobj\n%%EOF',
    ).toString('base64');
    const pdfCount = countRequestTokens({
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } }] }],
    });
    expect(pdfCount - base).toBe(2 * PDF_TOKENS_PER_PAGE);
  });
});

describe('countRequestTokens: images', () => {
  it('reads the pixel size from PNG, JPEG, GIF and WebP headers', () => {
    expect(imageSizeFromBase64(png(640, 480))).toEqual({ width: 640, height: 480 });
    expect(imageSizeFromBase64(jpeg(1920, 1080))).toEqual({ width: 1920, height: 1080 });
    expect(imageSizeFromBase64(jpeg(800, 600, 20_000))).toEqual({ width: 800, height: 600 }); // SOF behind a big EXIF block
    expect(imageSizeFromBase64(gif(32, 16))).toEqual({ width: 32, height: 16 });
    expect(imageSizeFromBase64(webpVp8x(3000, 2000))).toEqual({ width: 3000, height: 2000 });
    expect(imageSizeFromBase64(webpVp8l(100, 50))).toEqual({ width: 100, height: 50 });
    expect(imageSizeFromBase64(Buffer.from('not an image').toString('base64'))).toBeUndefined();
  });

  it('applies the OpenAI tile formula', () => {
    expect(imageTokensForSize(100, 100)).toBe(85 + 170); // 1 tile
    expect(imageTokensForSize(1024, 1024)).toBe(85 + 170 * 4); // → 768×768 → 2×2 tiles
    expect(imageTokensForSize(2048, 4096)).toBe(85 + 170 * 6); // → 1024×2048 → 768×1536 → 2×3 tiles
    expect(imageTokensForSize(1920, 1080)).toBe(85 + 170 * 6); // → 1365×768 → 3×2 tiles
  });

  it('counts images by size; unknown size → 765', () => {
    const base = countRequestTokens({ messages: [{ role: 'user', content: [] }] });
    const tiny = countRequestTokens(imageMsg(png(64, 64))) - base;
    const large = countRequestTokens(imageMsg(png(1600, 1200))) - base;
    expect(tiny).toBe(255);
    expect(large).toBe(85 + 170 * 4); // 1600×1200 → 1024×768 → 2×2
    expect(large).toBeGreaterThan(tiny);
    expect(countRequestTokens(imageMsg(Buffer.from('garbage').toString('base64'))) - base).toBe(UNKNOWN_IMAGE_TOKENS);
    const url = countRequestTokens({
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] }],
    });
    expect(url - base).toBe(UNKNOWN_IMAGE_TOKENS);
    const inResult = countRequestTokens({
      messages: [
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png(64, 64) } }] }],
        },
      ],
    });
    expect(inResult - base).toBeGreaterThanOrEqual(255);
  });
});

describe('countRequestTokens: real Claude Code fixture', () => {
  it('gives a plausible number for the /context count_tokens body (all tools)', () => {
    const path = fileURLToPath(
      new URL('../../fixtures/claude-code/03-interactive/39-post-v1-messages-count-tokens.json', import.meta.url),
    );
    const fixture = JSON.parse(readFileSync(path, 'utf8')) as { body: unknown };
    const parsed = parseCountTokensRequest(fixture.body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const started = performance.now();
    const n = countRequestTokens(parsed.value);
    const elapsed = performance.now() - started;
    const chars = JSON.stringify(parsed.value.tools ?? []).length;
    expect(n).toBeGreaterThan(1000);
    // o200k averages 3–5 characters per token on English prose + JSON schemas.
    expect(n).toBeGreaterThan(chars / 8);
    expect(n).toBeLessThan(chars / 2);
    expect(elapsed).toBeLessThan(2000);
    expect(countRequestTokens(parsed.value)).toBe(n);
  });
});
