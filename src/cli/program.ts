import type { Command } from 'commander';
import { registerAdminCommands } from './admin.js';
import { registerAuditCommands } from './audit.js';
import { registerBackupCommands } from './backup.js';
import { registerHolidayCommands } from './holidays.js';
import { registerHoneytokenCommands } from './honeytokens.js';
import { registerRegistryCommands } from './registry.js';
import { registerResidentHistoryCommands } from './resident-history.js';
import { registerSandboxCommands } from './sandbox.js';
import { registerServerCommands } from './server.js';
import { registerServiceKindCommands } from './service-kinds.js';
import { registerWordingProfileCommands } from './wording-profile.js';

/** Every command of `gerbang` on `program`: the built command (main.ts) and the tests use it. */
export function registerGerbang(program: Command): void {
  program
    .description('Gerbang — verifikasi penduduk berdasarkan NIK untuk instansi mitra Disdukcapil')
    .showHelpAfterError();
  registerServerCommands(program);
  registerSandboxCommands(program);
  registerRegistryCommands(program);
  registerAdminCommands(program);
  registerHolidayCommands(program);
  registerHoneytokenCommands(program);
  registerAuditCommands(program);
  registerResidentHistoryCommands(program);
  registerBackupCommands(program);
  registerServiceKindCommands(program);
  registerWordingProfileCommands(program);
}
