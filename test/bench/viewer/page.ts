// The page the viewer benchmark loads: the built viewer script and stylesheet with a stand-in for
// the webview's acquireVsCodeApi, served from 127.0.0.1 (nothing else is reachable or needed).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * The stand-in keeps what the viewer posts in `window.__fromViewer`, and counts canvas drawing
 * calls in `window.__canvasDraws` so the harness can tell when the flame graph has drawn.
 */
const STAND_IN = `
window.__fromViewer = [];
window.__canvasDraws = 0;
for (const method of ['fillRect', 'fillText', 'drawImage', 'fill']) {
  const original = CanvasRenderingContext2D.prototype[method];
  CanvasRenderingContext2D.prototype[method] = function (...args) {
    window.__canvasDraws++;
    return original.apply(this, args);
  };
}
let viewState;
window.acquireVsCodeApi = () => ({
  postMessage: (message) => window.__fromViewer.push(message),
  getState: () => viewState,
  setState: (state) => { viewState = state; },
});
`;

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="/profile.css">
<title>PyOps profile viewer benchmark</title>
<script>${STAND_IN}</script>
</head>
<body>
<div id="root"><p class="loading">Loading profile\u2026</p></div>
<script src="/profileView.js"></script>
</body>
</html>`;

/** Serves the page, the viewer bundle, its stylesheet and `/profile/<name>.json` bodies. */
export async function servePage(files: { script: string; stylesheet: string; profiles: Map<string, string> }): Promise<PageServer> {
  const script = readFileSync(files.script);
  const stylesheet = readFileSync(files.stylesheet);
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (type: string, body: string | Buffer): void => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (path === '/') send('text/html; charset=utf-8', PAGE);
    else if (path === '/profileView.js') send('text/javascript; charset=utf-8', script);
    else if (path === '/profile.css') send('text/css; charset=utf-8', stylesheet);
    else if (path.startsWith('/profile/') && files.profiles.has(path.slice('/profile/'.length))) {
      send('application/json', files.profiles.get(path.slice('/profile/'.length))!);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
