// Loads a `feedcard preview` page in headless Chromium through the DevTools
// protocol and fails on anything a reader would notice: a console error,
// an uncaught exception, a request that failed, an image that did not load,
// or a platform frame whose image box has another shape than the site's.
// Saves a full-page screenshot and prints where.
//
// usage: node tests/preview/chromium.mjs PAGE.html SCREENSHOT_DIR
// CHROMIUM=path overrides the browser (default: chromium).
// Node 20 has no WebSocket client: the few lines of RFC 6455 a DevTools
// connection needs are below, so nothing is installed.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [pagePath, shotDir] = process.argv.slice(2);
if (!pagePath || !shotDir) {
  console.error('usage: node chromium.mjs PAGE.html SCREENSHOT_DIR');
  process.exit(2);
}
const TIMEOUT_MS = 45_000;
// Rounding to whole CSS pixels moves a 500 px wide box's ratio by < 0.5 %.
const RATIO_TOLERANCE = 0.01;

const problems = [];
const profile = mkdtempSync(path.join(tmpdir(), 'feedcard-chromium-'));
const browser = spawn(
  process.env.CHROMIUM || 'chromium',
  [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
    '--disable-extensions', '--disable-background-networking', '--disable-component-update',
    '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank',
  ],
  { stdio: ['ignore', 'ignore', 'pipe'] },
);

let finishing = false;
function finish(code, message) {
  if (finishing) return;
  finishing = true;
  if (message) console.error(`tests/preview/chromium: ${message}`);
  // The profile can only go once Chromium has stopped writing to it.
  const cleanUp = () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // A leftover folder in /tmp is not the test's failure.
    }
    process.exit(code);
  };
  if (browser.exitCode !== null || browser.signalCode !== null) cleanUp();
  else {
    browser.once('exit', cleanUp);
    browser.kill('SIGKILL');
  }
}
const timer = setTimeout(() => finish(1, `no answer within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
browser.on('error', (e) => finish(1, `cannot start Chromium: ${e.message} (apt-get install chromium)`));

// Chromium says where its DevTools endpoint is on stderr.
const endpoint = await new Promise((resolve) => {
  let seen = '';
  browser.stderr.on('data', (chunk) => {
    seen += chunk;
    const found = seen.match(/DevTools listening on (ws:\/\/\S+)/);
    if (found) resolve(found[1]);
  });
  browser.on('exit', (code) => finish(1, `Chromium exited (${code}) before listening:\n${seen}`));
});

/** A WebSocket client: text frames out (masked), whole messages in. */
function connect(url) {
  const { hostname, port, pathname } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const listeners = [];
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let parts = [];
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!upgraded) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString();
      if (!/^HTTP\/1\.1 101/.test(head)) finish(1, `WebSocket handshake refused: ${head}`);
      upgraded = true;
      upgradedNow();
      buffer = buffer.subarray(end + 4);
    }
    for (;;) {
      if (buffer.length < 2) return;
      const fin = buffer[0] & 0x80;
      const opcode = buffer[0] & 0x0f;
      let length = buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffer.length < offset + length) return;
      const payload = buffer.subarray(offset, offset + length);
      buffer = buffer.subarray(offset + length);
      if (opcode === 0x8) return;
      if (opcode === 0x1 || opcode === 0x0) {
        parts.push(payload);
        if (fin) {
          const message = Buffer.concat(parts).toString('utf8');
          parts = [];
          for (const listener of listeners) listener(message);
        }
      }
    }
  });
  let upgradedNow;
  // No frame may go out before the server's 101 answer.
  const opened = new Promise((resolve, reject) => {
    upgradedNow = resolve;
    socket.on('connect', () => {
      const key = randomBytes(16).toString('base64');
      socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on('error', reject);
  });
  function send(text) {
    const payload = Buffer.from(text, 'utf8');
    const mask = randomBytes(4);
    let header;
    if (payload.length < 126) {
      header = Buffer.from([0x81, 0x80 | payload.length]);
    } else if (payload.length < 65536) {
      header = Buffer.alloc(4);
      header[0] = 0x81;
      header[1] = 0x80 | 126;
      header.writeUInt16BE(payload.length, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x81;
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(payload.length), 2);
    }
    for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
    socket.write(Buffer.concat([header, mask, payload]));
  }
  return { opened, send, onMessage: (f) => listeners.push(f) };
}

const ws = connect(endpoint);
await ws.opened;
let nextId = 1;
const pending = new Map();
const events = [];
ws.onMessage((text) => {
  const message = JSON.parse(text);
  if (message.id && pending.has(message.id)) {
    const { resolve, reject } = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) reject(new Error(`${message.error.message}`));
    else resolve(message.result);
  } else if (message.method) {
    for (const listener of events) listener(message);
  }
});
function call(method, params = {}, sessionId) {
  const id = nextId++;
  ws.send(JSON.stringify({ id, method, params, sessionId }));
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

const { targetId } = await call('Target.createTarget', { url: 'about:blank' });
const { sessionId } = await call('Target.attachToTarget', { targetId, flatten: true });
const page = (method, params) => call(method, params, sessionId);
events.push(({ method, params, sessionId: from }) => {
  if (from !== sessionId) return;
  if (method === 'Runtime.consoleAPICalled' && ['error', 'assert'].includes(params.type)) {
    problems.push(`console.${params.type}: ${params.args.map((a) => a.value ?? a.description).join(' ')}`);
  } else if (method === 'Runtime.exceptionThrown') {
    const d = params.exceptionDetails;
    problems.push(`uncaught exception: ${d.exception?.description ?? d.text}`);
  } else if (method === 'Log.entryAdded' && params.entry.level === 'error') {
    problems.push(`console error: ${params.entry.text} ${params.entry.url ?? ''}`.trim());
  } else if (method === 'Network.loadingFailed' && !params.canceled) {
    problems.push(`request failed: ${params.errorText} (${params.type})`);
  }
});
await page('Runtime.enable');
await page('Log.enable');
await page('Network.enable');
await page('Page.enable');
await page('Emulation.setDeviceMetricsOverride', { width: 1340, height: 900, deviceScaleFactor: 1, mobile: false });
const loaded = new Promise((resolve) =>
  events.push(({ method, sessionId: from }) => from === sessionId && method === 'Page.loadEventFired' && resolve()),
);
const url = pathToFileURL(path.resolve(pagePath)).href;
const navigation = await page('Page.navigate', { url });
if (navigation.errorText) finish(1, `cannot load ${url}: ${navigation.errorText}`);
await loaded;

// Measured in the page: every image decoded, every frame's image box shaped as its site's.
const measure = `(() => {
  const images = [...document.images].map((img) => ({
    src: img.getAttribute('src'), ok: img.complete && img.naturalWidth > 0 }));
  const frames = [...document.querySelectorAll('section.frame')].map((frame) => {
    const box = frame.querySelector('.frame-image').getBoundingClientRect();
    return { post: frame.closest('article').dataset.slug, platform: frame.dataset.platform,
             expected: Number(frame.dataset.ratio), width: box.width, height: box.height };
  });
  return JSON.stringify({ posts: document.querySelectorAll('article.post').length, images, frames });
})()`;
const { result } = await page('Runtime.evaluate', { expression: measure, returnByValue: true });
const found = JSON.parse(result.value);
for (const image of found.images) if (!image.ok) problems.push(`image did not load: ${image.src}`);
const platforms = new Set();
for (const f of found.frames) {
  platforms.add(f.platform);
  const ratio = f.width / f.height;
  if (!(f.height > 0) || Math.abs(ratio / f.expected - 1) > RATIO_TOLERANCE) {
    problems.push(`${f.post} on ${f.platform}: image box ${f.width}x${f.height} (${ratio.toFixed(3)}:1), expected ${f.expected}:1`);
  }
}
if (found.posts === 0) problems.push('no post on the page');
for (const name of ['mastodon', 'bluesky', 'linkedin', 'slack', 'x']) {
  if (found.posts > 0 && !platforms.has(name)) problems.push(`no ${name} frame`);
}

// The whole page, in one image.
const { cssContentSize } = await page('Page.getLayoutMetrics');
const shot = await page('Page.captureScreenshot', {
  format: 'png',
  captureBeyondViewport: true,
  clip: { x: 0, y: 0, width: Math.ceil(cssContentSize.width), height: Math.ceil(cssContentSize.height), scale: 1 },
});
mkdirSync(shotDir, { recursive: true });
const shotPath = path.join(shotDir, `${path.basename(pagePath, '.html')}.png`);
writeFileSync(shotPath, Buffer.from(shot.data, 'base64'));
clearTimeout(timer);
console.log(`tests/preview/chromium: screenshot in ${path.resolve(shotPath)}`);
console.log(`tests/preview/chromium: ${found.posts} posts, ${found.images.length} images, ${found.frames.length} frames checked`);
if (problems.length) finish(1, `${problems.length} problems:\n  ${problems.join('\n  ')}`);
finish(0);
