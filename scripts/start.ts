// `npm start`: builds PyOps and serves a local VS Code (the offline host of lib/vscodeHost.ts)
// with the repository loaded as the extension under development and examples/ as the folder.
// Usage: npm start [-- --port N] [--no-build] [--folder DIR]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExtension } from './lib/buildExtension';
import { ensureHost, offlineSettings, repoRoot, startServer } from './lib/vscodeHost';

/** Profile kept between runs, so window layout and the user's own settings survive restarts. */
const profileDir = join(repoRoot, '.cache', 'vscode-dev');

function parseArgs(argv: string[]): { port: number; build: boolean; folder: string } {
  const options = { port: 0, build: true, folder: join(repoRoot, 'examples') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--no-build') options.build = false;
    else if (flag === '--port') options.port = Number(argv[++i]);
    else if (flag === '--folder') options.folder = resolve(argv[++i] ?? '');
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port needs a port number');
  if (!existsSync(options.folder)) throw new Error(`folder not found: ${options.folder}`);
  return options;
}

/**
 * Adds the offline settings the user has not set themselves; leaves a settings file it cannot
 * parse (comments, a typo) alone rather than overwrite the user's edits.
 */
function ensureOfflineSettings(userDataDir: string): void {
  const file = join(userDataDir, 'User', 'settings.json');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  let current: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      console.warn(`[start] ${file} is not plain JSON; leaving it as it is`);
      return;
    }
  }
  const merged = { ...offlineSettings, ...current };
  if (JSON.stringify(merged) !== JSON.stringify(current)) writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) {
    console.log('[start] building PyOps');
    await buildExtension();
  }
  await ensureHost();
  const userDataDir = join(profileDir, 'user-data');
  ensureOfflineSettings(userDataDir);
  const server = await startServer({
    port: options.port,
    userDataDir,
    extensionsDir: join(profileDir, 'extensions'),
    serverDataDir: join(profileDir, 'server-data'),
    settings: null,
    onLog: (line) => {
      if (/error/i.test(line)) console.log(`[server] ${line}`);
    },
  });

  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping VS Code server');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  void server.exited.then((code) => {
    if (stopping) return;
    console.error(`[start] the VS Code server stopped by itself (exit ${code}); its last output:\n${server.output().slice(-2000)}`);
    process.exit(1);
  });

  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${repoRoot}`]];
  const url = `${server.url}/?folder=${encodeURIComponent(options.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log('');
  console.log('PyOps is running in a local VS Code. Open this address in a browser on this machine');
  console.log('(from another machine: ssh -L PORT:127.0.0.1:PORT, then the same address):');
  console.log('');
  console.log(`  ${url}`);
  console.log('');
  console.log(`Folder: ${options.folder}. Trust it when asked; otherwise VS Code opens it in restricted mode.`);
  console.log('After a rebuild, run "Developer: Reload Window". Ctrl+C stops the server.');
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
