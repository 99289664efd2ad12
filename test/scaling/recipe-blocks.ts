import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Reads the recipes of docs/SCALING.md as a person would copy them, and runs their shell
 * commands. The YAML is read only as far as the recipes need (block scalars, `KEY: value` lines,
 * a Kubernetes env list); a recipe reshaped beyond that makes the test fail, not pass vacuously.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The fenced code blocks of a Markdown file, keyed by their first line when it is a `# name` comment. */
export async function namedCodeBlocks(markdownPath: string): Promise<Map<string, string>> {
  const text = await readFile(markdownPath, 'utf8');
  const blocks = new Map<string, string>();
  for (const match of text.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)) {
    const body = match[1] ?? '';
    const name = /^# (\S+)/.exec(body)?.[1];
    if (name !== undefined) blocks.set(name, body);
  }
  return blocks;
}

/** The lines of `yaml` from the line matching `start` up to (not including) the next line matching `end`, or the end. */
export function section(yaml: string, start: RegExp, end?: RegExp): string {
  const lines = yaml.split('\n');
  const from = lines.findIndex((line) => start.test(line));
  if (from < 0) throw new Error(`no line matches ${String(start)}`);
  const to = end === undefined ? -1 : lines.findIndex((line, index) => index > from && end.test(line));
  return lines.slice(from, to < 0 ? undefined : to).join('\n');
}

/**
 * Every value of `key` in `yaml`, in order: an inline value (`run: npm ci`) as it is, a block
 * scalar (`run: |`, or a list item `- |` when key is '-') as its lines dedented.
 */
export function values(yaml: string, key: string): string[] {
  const lines = yaml.split('\n');
  const found: string[] = [];
  const marker = key === '-' ? /^(\s*)- (\|)?(.*)$/ : new RegExp(`^(\\s*)(?:- )?${key}: (\\|)?(.*)$`);
  for (const [index, line] of lines.entries()) {
    const match = marker.exec(line);
    if (match === null) continue;
    if (match[2] === undefined) {
      if (key !== '-') found.push((match[3] ?? '').trim());
      continue;
    }
    const indent = (match[1] ?? '').length;
    const body: string[] = [];
    for (const next of lines.slice(index + 1)) {
      if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break;
      body.push(next);
    }
    const margin = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
    found.push(body.map((l) => l.slice(margin)).join('\n').trimEnd());
  }
  return found;
}

/** The one value of `key` in `yaml`; fails when there is none or several. */
export function value(yaml: string, key: string): string {
  const all = values(yaml, key);
  if (all.length !== 1) throw new Error(`expected one "${key}:" in\n${yaml}\nfound ${all.length}`);
  return all[0] as string;
}

/** `KEY: value` lines (a workflow's `env:`), unquoted. */
export function mapping(block: string): Record<string, string> {
  const entries = block.split('\n').slice(1).map((line) => /^\s+([A-Z_]+): (.*)$/.exec(line)).filter((m) => m !== null);
  return Object.fromEntries(entries.map((m) => [m[1] as string, unquote(m[2] as string)]));
}

/** A Kubernetes container's `env:` list of `- name:` / `value:` pairs. */
export function containerEnv(yaml: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of yaml.matchAll(/- name: ([A-Z_]+)\n\s+value: (.*)/g)) env[match[1] as string] = unquote(match[2] as string);
  return env;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return /^(["']).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

export interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * A directory holding an `npx` that runs this repository's CLI from its sources for `npx crashsim`
 * (and refuses anything else), so the recipes' commands run exactly as written, from any directory.
 */
export async function npxShim(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const loader = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const script = `#!/bin/sh
if [ "$1" != crashsim ]; then echo "test npx: only crashsim is here, not $1" >&2; exit 127; fi
shift
exec '${process.execPath}' --import '${loader}' '${join(ROOT, 'cli', 'bin.ts')}' "$@"
`;
  const path = join(dir, 'npx');
  await writeFile(path, script);
  await chmod(path, 0o755);
  return dir;
}

/** Runs `script` with bash as GitHub Actions does (`bash -e -o pipefail`), in `cwd`, with `env` added. */
export function runBash(script: string, cwd: string, env: Record<string, string>, shimDir: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', script], {
      cwd,
      env: { ...process.env, ...env, PATH: `${shimDir}:${process.env['PATH'] ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
