import { AuditIndexService } from './audit-index.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { ExportsService } from './exports.service';
import { TimeTravel } from './time-travel';

/**
 * The audit capability (issue 4): history, audit log, time travel, compare, verify and exports. Listed
 * here and registered in AppModule beside the others, which provide the store, config and boards.
 */
export const AUDIT_CONTROLLERS = [AuditController];
export const AUDIT_PROVIDERS = [TimeTravel, AuditIndexService, AuditService, ExportsService];
