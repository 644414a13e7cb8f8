#!/usr/bin/env node
import { Command } from 'commander';
import { registerAdminCommands } from './admin.js';
import { registerAuditCommands } from './audit.js';
import { registerHolidayCommands } from './holidays.js';
import { registerHoneytokenCommands } from './honeytokens.js';
import { registerRegistryCommands } from './registry.js';
import { registerResidentHistoryCommands } from './resident-history.js';
import { registerServerCommands } from './server.js';

const program = new Command('gerbang')
  .description('Gerbang — verifikasi penduduk berdasarkan NIK untuk instansi mitra Disdukcapil')
  .showHelpAfterError();

registerServerCommands(program);
registerRegistryCommands(program);
registerAdminCommands(program);
registerHolidayCommands(program);
registerHoneytokenCommands(program);
registerAuditCommands(program);
registerResidentHistoryCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`Gagal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
