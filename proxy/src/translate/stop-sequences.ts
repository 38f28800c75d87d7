/**
 * Emulates Anthropic `stop_sequences` (the Codex backend has none): watches the text of the Anthropic event stream,
 * and at the first occurrence of a stop sequence cuts the text there, closes the block, and ends the message with
 * `stop_reason: "stop_sequence"` and the matched sequence. Text that could be the start of a sequence spanning
 * deltas is held back until it is decided. Pure and incremental: push events in, get events out.
 */
import type { AnthropicStreamEvent } from '../anthropic/stream-types.js';

export class StopSequenceFilter {
  private readonly sequences: string[];
  private readonly holdBack: number;
  private held = '';
  private heldIndex: number | null = null;
  private outputTokens = 0;
  /** True once a stop sequence matched; the caller should stop reading the upstream. */
  stopped = false;

  constructor(sequences: readonly string[]) {
    this.sequences = sequences.filter((s) => s.length > 0);
    this.holdBack = Math.max(0, ...this.sequences.map((s) => s.length - 1));
  }

  get active(): boolean {
    return this.sequences.length > 0;
  }

  push(events: AnthropicStreamEvent[]): AnthropicStreamEvent[] {
    if (!this.active) return events;
    const out: AnthropicStreamEvent[] = [];
    for (const e of events) {
      if (this.stopped) break;
      if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') {
        this.onText(e.index, e.delta.text, out);
        continue;
      }
      if (e.type === 'message_delta') this.outputTokens = e.usage.output_tokens;
      if (e.type === 'content_block_stop' || e.type === 'message_delta' || e.type === 'error') this.flush(out);
      out.push(e);
    }
    return out;
  }

  private onText(index: number, text: string, out: AnthropicStreamEvent[]): void {
    if (this.heldIndex !== null && this.heldIndex !== index) this.flush(out);
    const window = this.held + text;
    const match = this.firstMatch(window);
    if (match) {
      const before = window.slice(0, match.at);
      if (before) out.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: before } });
      out.push({ type: 'content_block_stop', index });
      out.push({
        type: 'message_delta',
        delta: { stop_reason: 'stop_sequence', stop_sequence: match.sequence },
        usage: { output_tokens: this.outputTokens },
      });
      out.push({ type: 'message_stop' });
      this.held = '';
      this.heldIndex = null;
      this.stopped = true;
      return;
    }
    const keep = Math.min(this.holdBack, window.length);
    const emit = window.slice(0, window.length - keep);
    this.held = window.slice(window.length - keep);
    this.heldIndex = index;
    if (emit) out.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: emit } });
  }

  private flush(out: AnthropicStreamEvent[]): void {
    if (this.held && this.heldIndex !== null) {
      out.push({ type: 'content_block_delta', index: this.heldIndex, delta: { type: 'text_delta', text: this.held } });
    }
    this.held = '';
    this.heldIndex = null;
  }

  private firstMatch(text: string): { at: number; sequence: string } | null {
    let best: { at: number; sequence: string } | null = null;
    for (const sequence of this.sequences) {
      const at = text.indexOf(sequence);
      if (at >= 0 && (best === null || at < best.at)) best = { at, sequence };
    }
    return best;
  }
}
