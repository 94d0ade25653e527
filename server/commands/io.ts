/** Where a command writes: injectable so tests can run commands in-process. */
export interface CommandIO {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export const processIO: CommandIO = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
};

/** Exit codes shared by every command: 0 ok, 1 a negative answer (invalid, check failed), 2 bad input. */
export const EXIT_OK = 0;
export const EXIT_NEGATIVE = 1;
export const EXIT_USAGE = 2;

/** A usage error: its message is printed as one line on stderr and the command exits 2. */
export class UsageError extends Error {}

export type Env = Readonly<Record<string, string | undefined>>;
