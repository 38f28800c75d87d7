/**
 * Anthropic content blocks (text, image, document) → Responses content parts (input_text, input_image, input_file).
 * Shared by user/system turns and by tool results. Pure functions; unsupported sources return null so the
 * caller can report them instead of losing them silently.
 */
import {
  documentBlock,
  imageBlock,
  textBlock,
  thinkingBlock,
  toolResultBlock,
  type DocumentBlock,
  type ImageBlock,
  type TextBlock,
  type ThinkingBlock,
  type ToolResultBlock,
} from '../anthropic/request.js';
import type { InputFile, InputImage, InputText } from '../codex/types.js';

export type MediaPart = InputText | InputImage | InputFile;

/** A type guard backed by the request's own zod schema (the parsed union cannot be narrowed on `type` alone). */
function guard<T>(schema: { safeParse(value: unknown): { success: boolean } }): (value: unknown) => value is T {
  return (value: unknown): value is T => schema.safeParse(value).success;
}

export const isTextBlock = guard<TextBlock>(textBlock);
export const isImageBlock = guard<ImageBlock>(imageBlock);
export const isDocumentBlock = guard<DocumentBlock>(documentBlock);
/**
 * A tool_use with a usable id and name, even without `input` (the request schema needs the key; a missing one
 * is sent as `{}` rather than losing the call and orphaning its result).
 */
export function isToolUseLike(value: unknown): value is { type: 'tool_use'; id: string; name: string; input?: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const block = value as Record<string, unknown>;
  return block['type'] === 'tool_use' && typeof block['id'] === 'string' && block['id'] !== '' && typeof block['name'] === 'string' && block['name'] !== '';
}
export const isToolResultBlock = guard<ToolResultBlock>(toolResultBlock);
export const isThinkingBlock = guard<ThinkingBlock>(thinkingBlock);

export const inputText = (text: string): InputText => ({ type: 'input_text', text });

export const dataUrl = (mediaType: string, base64: string): string => `data:${mediaType};base64,${base64}`;

/** image → input_image (base64 → data URL; url → the URL). */
export function imagePart(block: ImageBlock): InputImage {
  const source = block.source;
  const imageUrl = source.type === 'base64' ? dataUrl(source.media_type, source.data) : source.url;
  return { type: 'input_image', image_url: imageUrl };
}

/** A filename for an uploaded document: its title (with a `.pdf` suffix for PDFs), else `document.pdf`. */
export function documentFilename(title: string | null | undefined, mediaType: string): string {
  const isPdf = mediaType === 'application/pdf';
  const base = title?.trim() || 'document';
  if (!isPdf) return base;
  return base.toLowerCase().endsWith('.pdf') ? base : `${base}.pdf`;
}

/**
 * document → content part:
 * - base64 PDF (or any non-text media type) → input_file with a data URL and a filename;
 * - base64 `text/*` → input_text with the decoded text;
 * - text source → input_text (prefixed with `[Document: <title>]` when titled);
 * - url source → input_text naming the URL. (The backend's `input_file.file_url` is unverified, and the proxy
 *   does not fetch URLs itself; the model can still fetch it with its tools.)
 */
export function documentPart(block: DocumentBlock): MediaPart {
  const source = block.source;
  const title = block.title?.trim();
  const label = title ? `[Document: ${title}]` : '[Document]';
  switch (source.type) {
    case 'base64': {
      if (source.media_type.startsWith('text/')) {
        const text = Buffer.from(source.data, 'base64').toString('utf8');
        return inputText(title ? `${label}\n${text}` : text);
      }
      return {
        type: 'input_file',
        file_data: dataUrl(source.media_type, source.data),
        filename: documentFilename(block.title, source.media_type),
      };
    }
    case 'text':
      return inputText(title ? `${label}\n${source.data}` : source.data);
    case 'url':
      return inputText(`${label} ${source.url}`);
  }
}

/** A text/image/document block → its part, or null for any other block (caller decides). */
export function mediaPartOf(block: unknown): MediaPart | null {
  if (isTextBlock(block)) return inputText(block.text);
  if (isImageBlock(block)) return imagePart(block);
  if (isDocumentBlock(block)) return documentPart(block);
  return null;
}

/** Unknown blocks inside tool results are data for the model: keep their `text`, else their JSON (minus cache_control). */
export function unknownBlockAsText(block: Record<string, unknown>): string {
  if (typeof block['text'] === 'string') return block['text'];
  const { cache_control: _dropped, ...rest } = block;
  return JSON.stringify(rest);
}
