/**
 * `node --import ./test/helpers/register-electron-stub.mjs dist/main/index.js` runs the bundled main process
 * against test/helpers/electron-stub.cjs (design §8.3). Maps `electron` for both module systems:
 * ESM `import 'electron'` through a module.register() resolve hook, and `require('electron')` (bundled CJS
 * dependencies such as menubar call it through createRequire) by patching Module._resolveFilename, because
 * Node 20's register() hooks cover `import` only.
 */
import Module, { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const stub = fileURLToPath(new URL('./electron-stub.cjs', import.meta.url));

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveElectron(request, ...rest) {
  return request === 'electron' ? stub : resolveFilename.call(this, request, ...rest);
};

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(pathToFileURL(stub).href)}, format: 'commonjs', shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
