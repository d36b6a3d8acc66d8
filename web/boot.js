// Starts the app: loads the wasm-bindgen module beside this file, which fetches its wasm.
// A file of its own (not an inline script), so the Content-Security-Policy can forbid inline
// scripts.
import init from './chancery_web.js';

init();
