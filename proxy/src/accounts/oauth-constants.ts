/** Public OAuth client of the Codex CLI (docs/codex-backend.md §2.1). Not a secret. */
export const CODEX_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
