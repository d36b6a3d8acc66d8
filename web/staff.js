// Starts the staff area: loads the wasm-bindgen module beside this file, which fetches its wasm
// and renders the app in the browser. A file of its own (not an inline script), so the
// Content-Security-Policy can forbid inline scripts.
import init from './chancery_web.js';

init();
