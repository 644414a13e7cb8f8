import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { setDatabaseOpenerForTests } from '../src/cli/context.js';
import { registerGerbang } from '../src/cli/program.js';
import { projectFile } from '../src/project-files.js';
import { openDatabase, type DatabaseTarget, type Db, type OpenDatabase } from '../src/store/db.js';
import { createTestDatabase, seedDataDir, serverUrl, type TestDatabase } from './db.js';

/**
 * The `gerbang` command in tests: a database of its own, and two ways to run it — the built
 * command in a child process (`runBuiltCli`, `CliDatabase.runBuilt`; needs `npm run build`
 * first), or its commands registered on a Commander program in this process
 * (`runCliInProcess`, `CliDatabase.run`). A child process costs about a second (Node, the
 * application's modules, PGlite started on the folder); in this process the modules are
 * loaded once and the PGlite folder stays open between commands, so each test file keeps
 * the built command for the runs that show what a user sees, and runs the rest here.
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
  /** Runs `work` on the database the command wrote to. */
  withDb<T>(work: (db: Db) => Promise<T>): Promise<T>;
  /**
   * The whole `gerbang` program in this process (`runGerbangInProcess`), with `env`; on
   * PGlite its commands work on the folder's database kept open here.
   */
  run(env: CliEnv, args: readonly string[]): Promise<CliRun>;
  /**
   * The built command in a child process (`runBuiltCli`), with `env`; PGlite, if open here,
   * is closed first so that the command can take the folder, as after a restart.
   */
  runBuilt(env: CliEnv, args: readonly string[]): Promise<CliRun>;
  /** Drops the database and removes the folder. */
  remove(): Promise<void>;
}

/**
 * The PGlite folders of the live CliDatabases, each with its database while open in this
 * process: commands run here (`withDatabase` in src/cli/context.ts) get that database
 * instead of starting PGlite on the folder again, and leave it open when they finish.
 */
const openFolders = new Map<string, { open?: Promise<OpenDatabase> }>();

function openForCommand(target: DatabaseTarget): Promise<OpenDatabase> {
  const folder = !target.url && target.dataDir ? openFolders.get(target.dataDir) : undefined;
  if (!folder) return openDatabase(target);
  folder.open ??= openDatabase({ dataDir: target.dataDir });
  return folder.open.then((open) => ({ ...open, close: async () => {} }));
}

export async function createCliDatabase(prefix: string): Promise<CliDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataDir = path.join(dir, 'data');
  let t: TestDatabase | undefined;
  if (serverUrl) t = await createTestDatabase();
  else await seedDataDir(dataDir);
  const folder: { open?: Promise<OpenDatabase> } = {};
  if (!t) {
    openFolders.set(path.resolve(dataDir), folder);
    setDatabaseOpenerForTests(openForCommand);
  }
  /** Closes the folder's database here, so that another process may open it. */
  const release = async () => {
    const open = folder.open;
    folder.open = undefined;
    if (open) await (await open).close();
  };
  return {
    dir,
    env: { DATABASE_URL: t?.url ?? '', GERBANG_DATA_DIR: dataDir },
    async withDb(work) {
      if (t) return work(t.db);
      const open = await openForCommand({ dataDir: path.resolve(dataDir) });
      return work(open.db);
    },
    run: (env, args) => runGerbangInProcess(env, args),
    async runBuilt(env, args) {
      await release();
      return runBuiltCli(env, args);
    },
    async remove() {
      await release();
      openFolders.delete(path.resolve(dataDir));
      if (openFolders.size === 0) setDatabaseOpenerForTests(undefined);
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
 * The whole `gerbang` program run in this process as `runBuiltCli` runs the built one: a
 * command that fails is reported as src/cli/main.ts reports it (`Gagal: …` on stderr, exit
 * code 1), a usage error Commander refuses with its own exit code.
 */
export function runGerbangInProcess(env: CliEnv, args: readonly string[]): Promise<CliRun> {
  return runCliInProcess(registerGerbang, env, args, { reportFailure: true });
}

/**
 * Commands registered by `register` on a fresh program, run in this process with `env` set
 * for the run: what they wrote to stdout and stderr, and the exit code they set (this
 * process's own is given back). A command that refuses rejects, as Commander throws it —
 * unless `reportFailure`, which reports it as the `gerbang` command does.
 */
export async function runCliInProcess(
  register: (program: Command) => void,
  env: CliEnv,
  args: readonly string[],
  options: { reportFailure?: boolean } = {},
): Promise<CliRun> {
  const program = new Command('gerbang').exitOverride();
  register(program);
  const saved = { env: setEnv(process.env, env), exitCode: process.exitCode };
  // `registry generate` to stdout listens for a closed pipe; the listener must not outlive
  // the run in this long-lived worker.
  const stdoutErrorListeners = process.stdout.listeners('error');
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
    try {
      await program.parseAsync(['node', 'gerbang', ...args]);
    } catch (error) {
      if (!options.reportFailure) throw error;
      if (error instanceof CommanderError) {
        // Commander has printed its message; the built command exits with its code.
        process.exitCode = error.exitCode;
      } else {
        process.stderr.write(`Gagal: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    }
    return { code: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    for (const listener of process.stdout.listeners('error')) {
      if (!stdoutErrorListeners.includes(listener)) {
        process.stdout.removeListener('error', listener as (error: Error) => void);
      }
    }
    stdout.mockRestore();
    stderr.mockRestore();
    setEnv(process.env, saved.env);
    process.exitCode = saved.exitCode;
  }
}
