#!/usr/bin/env node
// `npm run package:mac` needs Node >= 22.12 (electron-builder 26's dependencies); the headless proxy and CI stay on
// Node 20. Fails early with a clear message instead of an obscure error deep inside electron-builder.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Packaging the macOS app needs Node >= 22.12 (this is ${process.versions.node}). The proxy itself runs on Node 20; only electron-builder needs the newer Node. Install Node 22.12+ (e.g. \`nvm install 22\`) and run npm run package:mac again.`);
  process.exit(1);
}
