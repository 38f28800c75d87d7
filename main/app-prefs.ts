/**
 * The app's own preferences (not the proxy's settings): whether the proxy is on, whether the menu-bar title shows
 * the quota. electron-store in Electron's userData (`app-prefs.json`), with a JSON schema (a hand-edited bad value
 * stops the app with a message; it is never silently reset) and migrations keyed by app version. The proxy's
 * settings stay in the shared `<data dir>/settings.json` (main/settings-store.ts), validated by proxy/'s zod schema.
 */
import ElectronStore, { type Options, type Schema } from 'electron-store';

export interface AppPrefsData {
  /** The tray's on/off, restored at launch (before 0.1.0 every launch was "on"). */
  enabled: boolean;
  showQuotaInTitle: boolean;
}

export interface AppPrefs {
  get<K extends keyof AppPrefsData>(key: K): AppPrefsData[K];
  set<K extends keyof AppPrefsData>(key: K, value: AppPrefsData[K]): void;
}

export const APP_PREFS_NAME = 'app-prefs';

export const appPrefsSchema: Schema<AppPrefsData> = {
  enabled: { type: 'boolean', default: true },
  showQuotaInTitle: { type: 'boolean', default: true },
};

/**
 * Migrations run once per version step (conf records the last one in the file). 0.1.0: the first persisted
 * on/off; an older file (written by a build that had no schema) may hold `proxyEnabled`, which becomes `enabled`.
 */
export const appPrefsMigrations: Options<AppPrefsData>['migrations'] = {
  '0.1.0': (store) => {
    const legacy = (store.store as unknown as Record<string, unknown>)['proxyEnabled'];
    if (typeof legacy === 'boolean') store.set('enabled', legacy);
    (store as unknown as { delete(key: string): void }).delete('proxyEnabled');
  },
};

/** The electron-store options (the migrations' version is app.getVersion()). Pure. `cwd` undefined = userData. */
export function appPrefsOptions(cwd: string | undefined): Options<AppPrefsData> {
  return {
    name: APP_PREFS_NAME,
    ...(cwd ? { cwd } : {}),
    schema: appPrefsSchema,
    migrations: appPrefsMigrations,
    configFileMode: 0o600,
    clearInvalidConfig: false,
  };
}

export function openAppPrefs(cwd?: string): AppPrefs {
  try {
    return new ElectronStore<AppPrefsData>(appPrefsOptions(cwd));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`Could not read the app preferences (${APP_PREFS_NAME}.json): ${detail}`);
  }
}
