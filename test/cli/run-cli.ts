import { main } from '../../cli/main.js';

/** Runs the CLI in this process, as `npm run sim -- ...argv` would, and captures what it prints. */
export interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function sim(...argv: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (text) => void (out += text), err: (text) => void (err += text) });
  return { code, out, err };
}
