#!/usr/bin/env node
// placeholder: replaced by the real CLI
console.log('codex-claude-proxy');
