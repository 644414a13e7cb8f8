#!/usr/bin/env node
import { Command } from 'commander';
import { registerGerbang } from './program.js';

const program = new Command('gerbang');
registerGerbang(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`Gagal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
