import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { vi } from 'vitest';
import { projectFile } from '../src/project-files.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { createTestDatabase, seedDataDir, serverUrl, type TestDatabase } from './db.js';

/**
 * The `gerbang` command in tests: a database of its own, and two ways to run it — the built
 * command in a child process (`runBuiltCli`, needs `npm run build` first), or its commands
 * registered on a Commander program in this process (`runCliInProcess`).
 */

/** What a run printed, and how it ended (0: success). */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment a command reads; undefined: the variable is unset for the run. */
export type CliEnv = Readonly<Record<string, string | undefined>>;

/**
 * A database of the command line's own, for one test file: a PGlite folder seeded from the
 * migrated template, or a fresh PostgreSQL database when DATABASE_URL is set.
 */
export interface CliDatabase {
  /** A temporary folder of the test file's own (its files; the PGlite data in `data/`). */
  readonly dir: string;
  /** DATABASE_URL and GERBANG_DATA_DIR pointing the command at this database. */
  readonly env: { readonly DATABASE_URL: string; readonly GERBANG_DATA_DIR: string };
  /**
   * Runs `work` on the database the command wrote to (PGlite is opened only here, while no
   * command holds the folder).
   */
  withDb<T>(work: (db: Db) => Promise<T>): Promise<T>;
  /** Drops the database and removes the folder. */
  remove(): Promise<void>;
}

export async function createCliDatabase(prefix: string): Promise<CliDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataDir = path.join(dir, 'data');
  let t: TestDatabase | undefined;
  if (serverUrl) t = await createTestDatabase();
  else await seedDataDir(dataDir);
  return {
    dir,
    env: { DATABASE_URL: t?.url ?? '', GERBANG_DATA_DIR: dataDir },
    async withDb(work) {
      if (t) return work(t.db);
      const open = await openDatabase({ dataDir });
      try {
        return await work(open.db);
      } finally {
        await open.close();
      }
    },
    async remove() {
      await t?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sets (or, undefined, unsets) the variables of `vars` in `target`; what they were before. */
function setEnv(target: NodeJS.ProcessEnv, vars: CliEnv): CliEnv {
  const before: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(vars)) {
    before[name] = target[name];
    if (value === undefined) delete target[name];
    else target[name] = value;
  }
  return before;
}

const BUILT_CLI = projectFile('dist/src/cli/main.js');

/** The built command (dist/) in a child process, with this process's environment and `env`. */
export function runBuiltCli(env: CliEnv, args: readonly string[]): Promise<CliRun> {
  if (!fs.existsSync(BUILT_CLI)) {
    return Promise.reject(new Error(`${BUILT_CLI} is missing: run \`npm run build\` first`));
  }
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  setEnv(childEnv, env);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BUILT_CLI, ...args],
      { env: childEnv, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Commands registered by `register` on a fresh program, run in this process with `env` set
 * for the run: what they wrote to stdout and stderr, and the exit code they set (this
 * process's own is given back). A command that refuses rejects, as Commander throws it.
 */
export async function runCliInProcess(
  register: (program: Command) => void,
  env: CliEnv,
  args: readonly string[],
): Promise<CliRun> {
  const program = new Command('gerbang').exitOverride();
  register(program);
  const saved = { env: setEnv(process.env, env), exitCode: process.exitCode };
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  try {
    process.exitCode = undefined;
    await program.parseAsync(['node', 'gerbang', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    setEnv(process.env, saved.env);
    process.exitCode = saved.exitCode;
  }
}
