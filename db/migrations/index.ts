import type { Migration } from 'kysely/migration';
import * as enablePostgis from './2026-11-26T1200_enable_postgis';
import * as createGeodata from './2026-11-26T1210_create_geodata';
import * as createIndicators from './2026-11-26T1400_create_indicators';
import * as createScoring from './2026-11-26T1410_create_scoring';
import * as createAccounts from './2026-11-26T1600_create_accounts';
import * as createZones from './2026-11-26T1610_create_zones';
import * as createAuditLog from './2026-11-26T1700_create_audit_log';
import * as createCoordination from './2026-11-26T1800_create_coordination';
import * as createReviewWorkflow from './2026-11-26T1900_create_review_workflow';
import * as addUserEmail from './2026-11-26T2000_add_user_email';
import * as refuseTruncateAppendOnly from './2026-12-04T1000_refuse_truncate_append_only';
import * as countThrottledLogins from './2026-12-04T1100_count_throttled_logins';
import * as createConstraintLayers from './2026-12-04T1300_create_constraint_layers';
import * as createLaoGraph from './2026-12-04T1400_create_lao_graph';
import * as createOgcCandidates from './2026-12-05T0100_create_ogc_candidates';
import * as createZoneComments from './2026-12-05T0400_create_zone_comments';
import * as addSwotAndReadinessRules from './2026-12-05T0500_add_swot_and_readiness_rules';
import * as districtOfficesAndPartnerDirectory from './2026-12-05T0600_district_offices_and_partner_directory';
import * as createVectorTiles from './2026-12-05T0700_create_vector_tiles';
import * as createZoneNotices from './2026-12-05T1400_create_zone_notices';
import * as createZonePlans from './2026-12-05T1500_create_zone_plans';
import * as createProgressReports from './2026-12-05T1501_create_progress_reports';
import * as createReportAttachments from './2026-12-05T1600_create_report_attachments';
import * as addReportNotices from './2026-12-05T1700_add_report_notices';

/**
 * Every migration, by name. Listed by hand rather than read from the folder so that the same
 * list works in the built server (bundled by Vite) and in the command-line tools (run by tsx).
 * Names sort in the order they run; never rename or edit a migration that has shipped.
 */
export const migrations: Record<string, Migration> = {
	'2026-11-26T1200_enable_postgis': enablePostgis,
	'2026-11-26T1210_create_geodata': createGeodata,
	'2026-11-26T1400_create_indicators': createIndicators,
	'2026-11-26T1410_create_scoring': createScoring,
	'2026-11-26T1600_create_accounts': createAccounts,
	'2026-11-26T1610_create_zones': createZones,
	'2026-11-26T1700_create_audit_log': createAuditLog,
	'2026-11-26T1800_create_coordination': createCoordination,
	'2026-11-26T1900_create_review_workflow': createReviewWorkflow,
	'2026-11-26T2000_add_user_email': addUserEmail,
	'2026-12-04T1000_refuse_truncate_append_only': refuseTruncateAppendOnly,
	'2026-12-04T1100_count_throttled_logins': countThrottledLogins,
	'2026-12-04T1300_create_constraint_layers': createConstraintLayers,
	'2026-12-04T1400_create_lao_graph': createLaoGraph,
	'2026-12-05T0100_create_ogc_candidates': createOgcCandidates,
	'2026-12-05T0400_create_zone_comments': createZoneComments,
	'2026-12-05T0500_add_swot_and_readiness_rules': addSwotAndReadinessRules,
	'2026-12-05T0600_district_offices_and_partner_directory': districtOfficesAndPartnerDirectory,
	'2026-12-05T0700_create_vector_tiles': createVectorTiles,
	'2026-12-05T1400_create_zone_notices': createZoneNotices,
	'2026-12-05T1500_create_zone_plans': createZonePlans,
	'2026-12-05T1501_create_progress_reports': createProgressReports,
	'2026-12-05T1600_create_report_attachments': createReportAttachments,
	'2026-12-05T1700_add_report_notices': addReportNotices
};
