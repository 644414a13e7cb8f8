#!/usr/bin/env node
import { Command } from 'commander';
import { registerRegistryCommands } from './registry.js';

const program = new Command('gerbang')
  .description('Gerbang — verifikasi penduduk berdasarkan NIK untuk instansi mitra Disdukcapil')
  .showHelpAfterError();

registerRegistryCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`Gagal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
