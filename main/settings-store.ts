/**
 * The app's SettingsStore: electron-store (a `conf` subclass, ESM-only) over the SAME file the headless CLI uses,
 * `<data dir>/settings.json` (proxy/src/settings.ts openHeadlessSettings: conf, cwd = data dir, configName
 * 'settings'), so the CLI and the app see the same settings next to the same accounts.json.
 *
 * No ajv `schema` here on purpose: proxy/'s zod `settingsSchema` is the one schema, and ProxyCore validates the
 * store's content with it at construction (field-level errors, never a silent reset). A second, ajv schema would
 * have to be kept in sync, and conf's `useDefaults` would write every default into the shared file.
 */
import ElectronStore, { type Options } from 'electron-store';
import type { SettingsStore } from '../proxy/src/settings.js';

/** File name (without .json) shared with the headless CLI. */
export const SETTINGS_NAME = 'settings';

type Settings = Record<string, unknown>;

/** The electron-store options for the shared settings file. Pure. */
export function appSettingsOptions(dataDir: string): Options<Settings> {
  return {
    cwd: dataDir,
    // electron-store maps `name` onto conf's `configName` (and overwrites a `configName` given directly).
    name: SETTINGS_NAME,
    configFileMode: 0o600,
    // A broken file must stop the app with a message, never be wiped (it sits next to the user's accounts).
    clearInvalidConfig: false,
    // No migrations yet; electron-store sets projectVersion from app.getVersion() for when there are.
  };
}

export function openAppSettings(dataDir: string): SettingsStore {
  try {
    return new ElectronStore<Settings>(appSettingsOptions(dataDir));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`Could not read ${dataDir}/${SETTINGS_NAME}.json: ${detail}`);
  }
}
