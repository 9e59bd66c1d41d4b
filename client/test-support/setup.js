// jsdom lacks a few browser APIs the client uses; these are the real algorithms, not mocks of app code.
const { webcrypto } = require('node:crypto');
if (!globalThis.crypto?.randomUUID) Object.defineProperty(globalThis, 'crypto', { value: webcrypto });
if (!globalThis.CSS) globalThis.CSS = { escape: (s) => String(s).replace(/["\\\]]/g, '\\$&') };
globalThis.IS_REACT_ACT_ENVIRONMENT = true;
if (typeof globalThis.TextEncoder === 'undefined') {
  const { TextEncoder, TextDecoder } = require('node:util');
  Object.assign(globalThis, { TextEncoder, TextDecoder });
}
// jsdom has no layout: scrolling into view has nothing to do there.
if (typeof Element !== 'undefined' && !Element.prototype.scrollIntoView)
  Element.prototype.scrollIntoView = () => {};
