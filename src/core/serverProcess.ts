// How the language server's Node.js process is started. One definition for everything that
// starts it: the VS Code client, the server tests and the benchmarks. `pyops server` runs the
// server inside the CLI's own process, already started: the server enables the same itself there
// (see src/server/idleCollector.ts).

/**
 * Node.js flags for the server process. `--expose-gc`: the server collects garbage once it goes
 * idle after a burst of work (an editor restoring its tabs, a long edit session), instead of
 * holding that garbage until V8's own memory reducer runs, 20 s or more later.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--expose-gc'];
