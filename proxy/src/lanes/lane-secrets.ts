/**
 * Secrets of the upstream lanes (today: the Haiku lane's API key), sealed through the TokenVault and kept in
 * `<data dir>/secrets.json` (0600, atomic writes) — never in settings.json, logs, errors or the dashboard.
 * Only `hasApiKey()` is ever shown.
 */
import { rm } from 'node:fs/promises';
import { readJsonFile, writeJsonAtomic } from '../accounts/atomic-file.js';
import type { TokenVault } from '../accounts/token-vault.js';

const KEY = 'haikuLaneApiKey';

export class LaneSecrets {
  constructor(
    readonly file: string,
    private readonly vault: TokenVault,
  ) {}

  private async read(): Promise<Record<string, unknown>> {
    const r = await readJsonFile(this.file);
    if (r.kind === 'missing') return {};
    if (r.kind === 'corrupt') throw new Error(`${this.file} is not valid JSON (${r.error})`);
    return r.value && typeof r.value === 'object' && !Array.isArray(r.value) ? (r.value as Record<string, unknown>) : {};
  }

  async hasApiKey(): Promise<boolean> {
    const v = (await this.read())[KEY];
    return typeof v === 'string' && v !== '';
  }

  /** The plain key, or null when none is stored. */
  async getApiKey(): Promise<string | null> {
    const v = (await this.read())[KEY];
    return typeof v === 'string' && v !== '' ? this.vault.open(v) : null;
  }

  async setApiKey(plain: string): Promise<void> {
    const key = plain.trim();
    if (!key) throw new Error('the API key is empty');
    if (/\s/.test(key)) throw new Error('the API key must not contain whitespace');
    const current = await this.read();
    await writeJsonAtomic(this.file, { ...current, [KEY]: await this.vault.seal(key) });
  }

  async clearApiKey(): Promise<void> {
    const current = await this.read();
    delete current[KEY];
    if (Object.keys(current).length === 0) await rm(this.file, { force: true });
    else await writeJsonAtomic(this.file, current);
  }
}
