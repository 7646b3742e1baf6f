// Runs the CLI commands in-process with captured output, and keeps every line any command printed in this
// test file, so a final test can check that no token or key ever reached the output.
import type { CliIO } from '../../../cli/deployCommand';

export interface Captured {
  code: number;
  out: string;
  err: string;
  /** stdout and stderr interleaved, as a user would see them. */
  all: string;
}

const everything: string[] = [];

/** Every line printed by every captured command so far (stdout and stderr). */
export function allOutput(): string {
  return everything.join('\n');
}

/** Adds text produced elsewhere (a subprocess, an error message) to what the secret check scans. */
export function recordOutput(text: string): void {
  everything.push(text);
}

export async function capture(run: (io: CliIO) => Promise<number>): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const all: string[] = [];
  const io: CliIO = {
    out: (line) => {
      out.push(line);
      all.push(line);
      everything.push(line);
    },
    err: (line) => {
      err.push(line);
      all.push(line);
      everything.push(line);
    },
  };
  const code = await run(io);
  if (process.env.MULTUS_NAD_TEST_VERBOSE) console.log(all.join('\n'));
  return { code, out: out.join('\n'), err: err.join('\n'), all: all.join('\n') };
}

/** Fails with the offending secret's first characters when any secret (16+ characters) appears in `text`. */
export function findSecret(text: string, secrets: string[]): string | undefined {
  return secrets.filter((s) => s.length >= 16).find((s) => text.includes(s));
}
