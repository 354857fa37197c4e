// Where the CLI writes. Output is collected per stream and written in one piece, so a closed pipe
// (`pyops check | head`) ends the run quietly instead of throwing mid-report.
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colour, by default). */
  stdoutIsTTY: boolean;
  /** All of stdin (for `pyops check -`). */
  readStdin(): Promise<Buffer>;
}

export function processIo(): CliIo {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // The reader went away (EPIPE) or the stream broke: nothing more can be shown, so stop.
      process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : 2);
    });
  }
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}
