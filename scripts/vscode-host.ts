// The offline VS Code host (scripts/lib/vscodeHost.ts) from the command line:
//   npm run host                                     install (or reuse) the host
//   node out/scripts/vscode-host.mjs serve [--port N]  start a bare server and wait for Ctrl+C
//   node out/scripts/vscode-host.mjs install-vsix FILE EXTENSIONS_DIR
import { ensureHost, installVsix, offlineSettings, readVscodeVersion, startServer } from './lib/vscodeHost';

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'ensure') {
    await ensureHost();
  } else if (command === 'serve') {
    await ensureHost();
    const portIndex = rest.indexOf('--port');
    const port = portIndex >= 0 ? Number(rest[portIndex + 1]) : 0;
    const server = await startServer({ port, settings: offlineSettings, onLog: (line) => console.log(`[server] ${line}`) });
    console.log(`VS Code ${readVscodeVersion()} server at ${server.url}/ (Ctrl+C to stop)`);
    const shutdown = (): void => void server.stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } else if (command === 'install-vsix' && rest.length === 2) {
    await ensureHost();
    console.log(await installVsix(rest[0]!, rest[1]!));
  } else {
    console.error('usage: node out/scripts/vscode-host.mjs ensure | serve [--port N] | install-vsix FILE EXTENSIONS_DIR');
    process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error(`[vscode-host] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
