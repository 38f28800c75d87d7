/**
 * Local token counting for POST /v1/messages/count_tokens.
 *
 * The Codex models use the o200k_base encoding, so text is counted with gpt-tokenizer's o200k_base encoder —
 * exactly for normal text, linear-time with a documented small deviation on pathological runs (tokens/split-runs.ts);
 * long strings such as tool schemas are memoised by content hash. What cannot be tokenised is estimated:
 *
 * - **Images**: OpenAI's vision formula for `detail: high`. The pixel size is read from the PNG / JPEG / GIF /
 *   WebP header inside the base64 data; the image is scaled (down only) to fit 2048×2048, then so that its
 *   shortest side is at most 768 px; tokens = 85 + 170 × (number of 512 px tiles). Unknown size (URL images,
 *   unrecognised formats) → 765 (a 1024×1024 image).
 * - **PDF documents (base64)**: {@link PDF_TOKENS_PER_PAGE} per page. Pages are counted from the `/Type /Page`
 *   objects in the file; when none are visible (compressed object streams) the page count is estimated as one
 *   page per {@link PDF_BYTES_PER_PAGE_ESTIMATE} bytes (at least one). URL documents count as one page.
 *   Plain-text documents (text source, or base64 with a `text/*` media type) are tokenised.
 * - **Redacted thinking** (opaque ciphertext): one token per 4 decoded bytes.
 * - **Structure**: {@link MESSAGE_OVERHEAD} tokens per message (role and delimiters, like OpenAI's chat format),
 *   {@link REPLY_PRIMING} once, {@link SYSTEM_OVERHEAD} when a system prompt is present, {@link BLOCK_OVERHEAD}
 *   per tool_use / tool_result block, {@link TOOL_OVERHEAD} per tool definition.
 *
 * Deterministic and pure (no I/O).
 */
import { countTextTokens } from '../tokens/text-tokens.js';
import type { CountTokensRequest, Message, Tool } from '../anthropic/request.js';

export const MESSAGE_OVERHEAD = 3;
export const REPLY_PRIMING = 3;
export const SYSTEM_OVERHEAD = 3;
export const BLOCK_OVERHEAD = 3;
export const TOOL_OVERHEAD = 8;
export const UNKNOWN_IMAGE_TOKENS = 765;
export const PDF_TOKENS_PER_PAGE = 1_500;
export const PDF_BYTES_PER_PAGE_ESTIMATE = 50_000;

// ------------------------------------------------------------------------------------------ text

export { countTextTokens };

function jsonText(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

// ------------------------------------------------------------------------------------------ images

export interface ImageSize {
  width: number;
  height: number;
}

/** Width × height from the header bytes of a PNG, JPEG, GIF or WebP file; undefined when not recognised. */
export function imageSizeFromBytes(b: Uint8Array): ImageSize | undefined {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const ok = (s: ImageSize): ImageSize | undefined => (s.width > 0 && s.height > 0 ? s : undefined);
  // PNG: signature, then the IHDR chunk (width, height as big-endian uint32 at 16 and 20).
  if (buf.length >= 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) {
    return ok({ width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) });
  }
  // GIF87a / GIF89a: logical screen width, height (little-endian uint16 at 6 and 8).
  if (buf.length >= 10 && buf.toString('latin1', 0, 4) === 'GIF8') {
    return ok({ width: buf.readUInt16LE(6), height: buf.readUInt16LE(8) });
  }
  // WebP: RIFF....WEBP + VP8 / VP8L / VP8X chunk.
  if (buf.length >= 30 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') {
    const chunk = buf.toString('latin1', 12, 16);
    if (chunk === 'VP8 ') return ok({ width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff });
    if (chunk === 'VP8L' && buf[20] === 0x2f) {
      const bits = buf.readUInt32LE(21);
      return ok({ width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 });
    }
    if (chunk === 'VP8X') return ok({ width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 });
    return undefined;
  }
  // JPEG: walk the marker segments up to a start-of-frame (SOFn) marker.
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8) {
    let i = 2;
    while (i + 3 < buf.length) {
      if (buf[i] !== 0xff) return undefined;
      const marker = buf[i + 1] as number;
      if (marker === 0xff) {
        i += 1; // fill byte
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2; // no length field
        continue;
      }
      if (marker === 0xd9 || marker === 0xda) return undefined; // end of image / start of scan before any SOF
      const len = buf.readUInt16BE(i + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) {
        if (i + 9 > buf.length) return undefined;
        return ok({ width: buf.readUInt16BE(i + 7), height: buf.readUInt16BE(i + 5) });
      }
      if (len < 2) return undefined;
      i += 2 + len;
    }
  }
  return undefined;
}

/** Decodes just enough of a base64 string to read an image header (JPEG headers can sit behind large EXIF blocks). */
export function imageSizeFromBase64(data: string): ImageSize | undefined {
  const clean = data.startsWith('data:') ? data.slice(data.indexOf(',') + 1) : data;
  const head = imageSizeFromBytes(Buffer.from(clean.slice(0, 4096), 'base64'));
  if (head || clean.length <= 4096) return head;
  // Only JPEG needs more than the first bytes (its SOF marker follows EXIF / ICC segments).
  return imageSizeFromBytes(Buffer.from(clean.slice(0, 1_048_576), 'base64')) ??
    (clean.length > 1_048_576 ? imageSizeFromBytes(Buffer.from(clean, 'base64')) : undefined);
}

/** OpenAI's high-detail vision token formula (see the file header). */
export function imageTokensForSize(width: number, height: number): number {
  let w = width;
  let h = height;
  if (w <= 0 || h <= 0) return UNKNOWN_IMAGE_TOKENS;
  if (w > 2048 || h > 2048) {
    const s = 2048 / Math.max(w, h);
    w *= s;
    h *= s;
  }
  if (Math.min(w, h) > 768) {
    const s = 768 / Math.min(w, h);
    w *= s;
    h *= s;
  }
  const tiles = Math.ceil(Math.floor(w) / 512) * Math.ceil(Math.floor(h) / 512);
  return 85 + 170 * Math.max(1, tiles);
}

function imageTokens(source: unknown): number {
  const src = source as { type?: unknown; data?: unknown } | undefined;
  if (src?.type === 'base64' && typeof src.data === 'string') {
    const size = imageSizeFromBase64(src.data);
    if (size) return imageTokensForSize(size.width, size.height);
  }
  return UNKNOWN_IMAGE_TOKENS;
}

// ------------------------------------------------------------------------------------------ documents

function pdfPageCount(bytes: Buffer): number {
  const text = bytes.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  return pages > 0 ? pages : Math.max(1, Math.ceil(bytes.length / PDF_BYTES_PER_PAGE_ESTIMATE));
}

function documentTokens(block: { source?: unknown; title?: unknown; context?: unknown }): number {
  let n = typeof block.title === 'string' ? countTextTokens(block.title) : 0;
  if (typeof block.context === 'string') n += countTextTokens(block.context);
  const src = block.source as { type?: unknown; media_type?: unknown; data?: unknown; content?: unknown } | undefined;
  if (!src) return n;
  if (src.type === 'text' && typeof src.data === 'string') return n + countTextTokens(src.data);
  if (src.type === 'base64' && typeof src.data === 'string') {
    const bytes = Buffer.from(src.data, 'base64');
    const media = typeof src.media_type === 'string' ? src.media_type.toLowerCase() : '';
    if (media.startsWith('text/')) return n + countTextTokens(bytes.toString('utf8'));
    return n + pdfPageCount(bytes) * PDF_TOKENS_PER_PAGE;
  }
  if (src.type === 'content') return n + contentTokens(src.content);
  return n + PDF_TOKENS_PER_PAGE; // url / file reference: one page
}

// ------------------------------------------------------------------------------------------ blocks

function blockTokens(block: unknown): number {
  if (typeof block === 'string') return countTextTokens(block);
  if (!block || typeof block !== 'object') return 0;
  const b = block as Record<string, unknown>;
  switch (b.type) {
    case 'text':
      return typeof b.text === 'string' ? countTextTokens(b.text) : 0;
    case 'image':
      return imageTokens(b.source);
    case 'document':
      return documentTokens(b);
    case 'tool_use':
    case 'server_tool_use':
      return BLOCK_OVERHEAD + countTextTokens(String(b.name ?? '')) + countTextTokens(jsonText(b.input ?? {}));
    case 'tool_result':
      return BLOCK_OVERHEAD + contentTokens(b.content);
    case 'thinking':
      return typeof b.thinking === 'string' ? countTextTokens(b.thinking) : 0;
    case 'redacted_thinking':
      return typeof b.data === 'string' ? Math.ceil((b.data.length * 3) / 4 / 4) : 0;
    default: {
      // web_search_tool_result and unknown block types: their JSON without the type tag.
      const { type: _type, cache_control: _cc, ...rest } = b;
      return BLOCK_OVERHEAD + countTextTokens(jsonText(rest));
    }
  }
}

/** A string, or an array of blocks (tool_result content, message content). */
function contentTokens(content: unknown): number {
  if (content == null) return 0;
  if (typeof content === 'string') return countTextTokens(content);
  if (Array.isArray(content)) {
    let n = 0;
    for (const b of content) n += blockTokens(b);
    return n;
  }
  return blockTokens(content);
}

function toolTokens(tool: Tool): number {
  const t = tool as Record<string, unknown>;
  if ('input_schema' in t) {
    return (
      TOOL_OVERHEAD +
      countTextTokens(String(t.name ?? '')) +
      (typeof t.description === 'string' ? countTextTokens(t.description) : 0) +
      countTextTokens(jsonText(t.input_schema))
    );
  }
  // Server tools (web_search_20250305 …): their definition as JSON.
  const { cache_control: _cc, ...rest } = t;
  return TOOL_OVERHEAD + countTextTokens(jsonText(rest));
}

function messageTokens(m: Message): number {
  return MESSAGE_OVERHEAD + contentTokens(m.content);
}

/** Estimated input tokens of a Messages request as the Codex backend would see it (see the file header). */
export function countRequestTokens(req: Pick<CountTokensRequest, 'system' | 'messages' | 'tools'>): number {
  let n = REPLY_PRIMING;
  if (req.system !== undefined && req.system.length > 0) n += SYSTEM_OVERHEAD + contentTokens(req.system);
  for (const m of req.messages ?? []) n += messageTokens(m);
  for (const t of req.tools ?? []) n += toolTokens(t);
  return n;
}
