import type { ColumnType, Generated, InsertType, JSONColumnType, SelectType } from 'kysely';
import type { DB as GeneratedDB } from './schema.generated';
import type { ImportMessage } from '../geodata/import-report';
import type { IneligibleReason, ScoreBreakdownItem } from '../../geo/scoring/score-laos';
import type { ScoringModel } from '../../geo/scoring/scoring-model';

/**
 * Table types, kept in step with `db/migrations` by the comparison at the end of this file with
 * the types generated from the migrated database (`schema.generated.ts`).
 *
 * Geometry columns are PostGIS `geometry(…, 4326)`: they read back as hex EWKB text and are
 * written through SQL expressions (`ST_GeomFromGeoJSON`), never as plain text.
 *
 * Over 400 lines: one interface per table of the schema, types only. Each is narrower than its
 * generated twin (states as unions, geometry as EWKB text), which is why it is kept beside it and
 * compared with it.
 */
export type Geometry = ColumnType<string, string, string>;
export type NullableGeometry = ColumnType<string | null, string | null, string | null>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

import type { LaoType } from '../../lao-types';
import type { Role } from '../../accounts/roles';
import type {
	CoveredLao,
	GeometrySource,
	LaoAnswer,
	ZonePartner,
	ZoneStatus
} from '../../geo/zones/zone-terms';
import type { WorkflowEvent } from '../../zones/workflow';
import type { ReadinessOverride, ReadinessRules, ZoneSwot } from '../../zones/readiness';
export { laoTypes, type LaoType } from '../../lao-types';

export type TambonCoverage = 'completely' | 'partially';

export interface ImportedFile {
	path: string;
	kind: string;
	sha256: string;
	bytes: number;
	/** Whether the checksum matches the one in `geodata/manifest.json`. */
	matchesManifest: boolean;
}

export interface ImportRunTable {
	id: Generated<number>;
	started_at: ColumnType<Date, Date | string | undefined, Date | string>;
	finished_at: Timestamp | null;
	status: 'running' | 'succeeded' | 'failed';
	trigger: 'cli' | 'first_start' | 'test';
	// JSON columns are written as text (JSON.stringify) and have defaults in the database.
	files: JSONColumnType<ImportedFile[], string | undefined, string>;
	counts: JSONColumnType<Record<string, number>, string | undefined, string>;
	messages: JSONColumnType<ImportMessage[], string | undefined, string>;
	fatal_count: Generated<number>;
	warning_count: Generated<number>;
}

export interface ProvinceTable {
	code: string;
	name_th: string;
	name_en: string;
	geom: Geometry;
	area_km2: number;
	import_run_id: number;
}

export interface DistrictTable {
	code: string;
	province_code: string;
	name_th: string;
	name_en: string;
	geom: Geometry;
	area_km2: number;
	import_run_id: number;
}

export interface TambonTable {
	code: string;
	district_code: string;
	province_code: string;
	name_th: string;
	/** `dopa` when DOPA's complete name replaced COD-AB's (cut at 50 bytes in 11 cases). */
	name_th_source: 'dopa' | 'cod_ab';
	name_en: string;
	valid_on: string | null;
	geom: Geometry;
	area_km2: number;
	/** 1-based feature number in the source shapefile, for messages that point back to it. */
	source_feature: number;
	import_run_id: number;
}

export interface LaoTable {
	dla_code: string;
	lao_type: LaoType;
	name_th: string;
	name_en: string | null;
	province_code: string;
	district_code: string | null;
	district_name_th: string | null;
	office_point: NullableGeometry;
	/** As registered by DLA; null when missing or suspect (see the import report). */
	area_km2_registered: number | null;
	/** Union of the linked tambons (a PAO takes its province); null when the LAO has no link. */
	geom: NullableGeometry;
	area_km2: number | null;
	/** True when any linked tambon is only partly covered, so geometry and figures overstate. */
	geom_approximate: Generated<boolean>;
	source_row: number;
	import_run_id: number;
}

export interface LaoTambonTable {
	dla_code: string;
	tambon_code: string;
	dopa_tambon_code: string;
	coverage: TambonCoverage;
	source_record: string | null;
	import_run_id: number;
}

export interface TambonPopulationTable {
	dopa_tambon_code: string;
	tambon_code: string;
	name_th: string;
	name_en: string | null;
	level: string;
	dopa_district_code: string;
	district_name_th: string;
	dopa_province_code: string;
	province_name_th: string;
	population_total: number;
	population_male: number;
	population_female: number;
	households: number;
	population_nonmunicipal: number | null;
	households_nonmunicipal: number | null;
	population_municipal: number | null;
	households_municipal: number | null;
	municipal_parts: string | null;
	reference_date: string;
	import_run_id: number;
}

export interface LaoPopulationEstimateTable {
	dla_code: string;
	population: number;
	households: number;
	method: 'dopa_municipal_registration_office' | 'sum_nonmunicipal_pop_of_covered_tambons';
	tambon_count: number;
	shared_tambon_count: number;
	reference_date: string;
	import_run_id: number;
}

export type IndicatorUnitKind = 'lao' | 'tambon';
/** How tambon values roll up to an LAO: counts are summed, rates and shares area-weighted. */
export type IndicatorAggregation = 'sum' | 'area_weighted_mean';

export interface IndicatorTable {
	key: string;
	name_th: string;
	name_en: string;
	unit: string;
	aggregation: IndicatorAggregation;
	description: string | null;
	/** Computed from the geodata by `refreshBuiltInIndicators`; a CSV may not write it. */
	built_in: Generated<boolean>;
}

export interface IndicatorImportTable {
	id: Generated<number>;
	imported_at: Generated<Date>;
	status: 'succeeded' | 'failed';
	trigger: 'cli' | 'upload' | 'built_in' | 'test';
	file_name: string | null;
	sha256: string | null;
	counts: JSONColumnType<Record<string, number>, string | undefined, string>;
	messages: JSONColumnType<ImportMessage[], string | undefined, string>;
	fatal_count: Generated<number>;
	warning_count: Generated<number>;
}

export interface IndicatorValueTable {
	unit_kind: IndicatorUnitKind;
	/** A DLA code (lao) or an ADM3 P-code (tambon). */
	unit_code: string;
	indicator_key: string;
	year: number;
	value: number;
	unit: string;
	source: string;
	approximate: Generated<boolean>;
	import_id: number;
}

export interface ScoringModelTable {
	id: Generated<number>;
	name: string;
	version: number;
	/** The model as validated by `scoringModelSchema`, written as text (JSON.stringify). */
	document: JSONColumnType<ScoringModel, string, string>;
	is_official: Generated<boolean>;
	created_at: Generated<Date>;
	created_by: string | null;
}

export interface LaoScoreTable {
	model_id: number;
	dla_code: string;
	/** 0–100, 100 = best; null when ineligible or without data. */
	score: number | null;
	eligible: boolean;
	ineligible_reason: IneligibleReason | null;
	breakdown: JSONColumnType<ScoreBreakdownItem[], string, string>;
	missing_weight_share: number;
	approximate: boolean;
	national_rank: number | null;
	province_rank: number | null;
	/** Share of seeded weight draws in which the LAO stays in its province's top 10. */
	sensitivity_top10_share: number | null;
}

export interface AppUserTable {
	id: Generated<number>;
	/** Lower case; letters, digits and . _ @ - */
	username: string;
	display_name: string;
	/** ตำแหน่ง, printed under a signature. */
	position: string | null;
	role: Role;
	province_code: string | null;
	dla_code: string | null;
	/** argon2id, PHC string format. */
	password_hash: string;
	disabled: Generated<boolean>;
	/** Created by demo mode; removed when the app starts without it. */
	is_demo: Generated<boolean>;
	created_at: Generated<Date>;
	updated_at: Generated<Date>;
	/** For email notices only, lower-cased; personal data, never on a public view. */
	email: ColumnType<string | null, string | null | undefined, string | null>;
	/** The district (ADM2, TH4001) of a district office's user; null for every other role. */
	district_code: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UserSessionTable {
	/** SHA-256 (hex) of the token in the cookie: the token itself is never stored. */
	id: string;
	user_id: number;
	created_at: Generated<Date>;
	last_seen_at: Generated<Date>;
	expires_at: Timestamp;
	user_agent: string | null;
}

export interface LoginAttemptTable {
	id: Generated<string>;
	username: string;
	attempted_at: Generated<Date>;
	succeeded: boolean;
	ip_address: string | null;
}

/** Throttled (refused) log-ins: one row per username per 15-minute window, with the count. */
export interface LoginRefusalTable {
	username: string;
	window_started_at: Date;
	refused_count: number;
	last_refused_at: Generated<Date>;
	last_ip_address: string | null;
}

export interface ZoneTable {
	id: Generated<number>;
	province_code: string;
	status: Generated<ZoneStatus>;
	current_revision_id: number | null;
	created_by: number;
	created_at: Generated<Date>;
	updated_at: Generated<Date>;
	/** The revision in force (public); null until the first approval. Never cleared. */
	approved_revision_id: number | null;
	/** When the working copy was last submitted; orders the governor's queue. */
	submitted_at: Date | null;
}

/** Immutable: triggers refuse UPDATE, DELETE and TRUNCATE. */
export interface ZoneRevisionTable {
	id: Generated<number>;
	zone_id: number;
	revision_number: number;
	name: string;
	description: Generated<string>;
	objectives: Generated<string>;
	objective_tags: JSONColumnType<string[], string | undefined, string>;
	partners: JSONColumnType<ZonePartner[], string | undefined, string>;
	geometry_source: GeometrySource;
	/** MultiPolygon, EPSG:4326. */
	geom: Geometry;
	/** Ellipsoidal area from PostGIS (geography), km². */
	area_km2: number;
	vertex_count: number;
	covered_laos: JSONColumnType<CoveredLao[], string, string>;
	population_covered: number | null;
	/** 0–100 under `scoring_model_id`; null when no covered LAO has a score. */
	score: number | null;
	scoring_model_id: number | null;
	metrics: JSONColumnType<Record<string, unknown>, string | undefined, string>;
	based_on_revision_id: number | null;
	created_by: number;
	created_at: Generated<Date>;
	/** Strengths, weaknesses, opportunities, threats (issue 17). */
	swot: JSONColumnType<ZoneSwot, string | undefined, string>;
}

/** One version of the readiness rules (issue 17); append-only. Null province: the national set. */
export interface ReadinessRuleSetTable {
	id: Generated<number>;
	province_code: string | null;
	version: number;
	/** Null on a province row: the province follows the national set again. */
	rules: JSONColumnType<ReadinessRules | null, string | null, never>;
	note: Generated<string>;
	created_by: number;
	created_at: Generated<Date>;
}

/**
 * The audit trail. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, and the types
 * refuse updates (`never`) so the mistake shows at compile time too.
 */
export interface AuditLogTable {
	/** bigserial; both engines parse int8 as a number (see `database.ts`). */
	id: ColumnType<number, never, never>;
	occurred_at: ColumnType<Date, Date | string | undefined, never>;
	/** No foreign key: a user can never block the log. Null for the system or the anonymous. */
	actor_user_id: ColumnType<number | null, number | null, never>;
	actor_username: ColumnType<string | null, string | null, never>;
	/** The governor an acting governor decided for. */
	acting_for_user_id: ColumnType<number | null, number | null, never>;
	/** A dotted verb: 'zone.submitted', 'user.login_failed', 'scoring_model.published'. */
	action: ColumnType<string, string, never>;
	entity_type: ColumnType<string, string, never>;
	entity_id: ColumnType<string, string, never>;
	province_code: ColumnType<string | null, string | null, never>;
	/** The changed record before and after, as JSON objects written as text (JSON.stringify). */
	before: ColumnType<Record<string, unknown> | null, string | null, never>;
	after: ColumnType<Record<string, unknown> | null, string | null, never>;
	ip_address: ColumnType<string | null, string | null, never>;
}

// ---- Coordination register (db/migrations/2026-11-26T1800_create_coordination.ts)

type PartyKindColumn = import('../../coordination/terms').PartyKind;
/** ISO calendar dates (`date` columns): both engines read them back as `YYYY-MM-DD` text. */
type IsoDate = string;

/** The network-sector directory: unique name per province; a null province is DLA's national list. */
export interface PartnerOrganisationTable {
	id: Generated<number>;
	name: string;
	sector: import('../../geo/zones/zone-terms').NetworkSector;
	created_at: Generated<Date>;
	province_code: ColumnType<string | null, string | null | undefined, string | null>;
	updated_at: Generated<Date>;
}

export interface ReportScheduleTable {
	id: Generated<number>;
	report_kind: import('../../coordination/terms').ReportKind;
	subject: string;
	sender_kind: PartyKindColumn;
	sender_code: string | null;
	/** 1–28: reports are due on this day of the month after the period. */
	day_of_month: number;
	recipients_rule: import('../../coordination/terms').RecipientsRule;
	rule_province_code: string | null;
	active: Generated<boolean>;
	created_by: number | null;
	created_at: Generated<Date>;
}

export interface CoordinationRecordTable {
	id: Generated<number>;
	kind: import('../../coordination/terms').RecordKind;
	subject: string;
	body: Generated<string>;
	/** As typed, Thai digits kept. */
	document_number: string | null;
	document_date: IsoDate | null;
	meeting_place: string | null;
	minutes: string | null;
	decisions: string | null;
	attendees: JSONColumnType<
		import('../../coordination/terms').Attendee[],
		string | undefined,
		string
	>;
	sender_kind: PartyKindColumn;
	sender_code: string | null;
	created_by: number | null;
	created_at: Generated<Date>;
	due_date: IsoDate | null;
	is_public: Generated<boolean>;
	schedule_id: number | null;
	/** `YYYY-MM` of a scheduled report. */
	report_period: string | null;
	reply_to_id: number | null;
}

export interface RecordRecipientTable {
	id: Generated<number>;
	record_id: number;
	party_kind: PartyKindColumn;
	party_code: string | null;
	state: Generated<import('../../coordination/terms').RecipientState>;
	changed_by: number | null;
	changed_at: Timestamp | null;
	read_at: Timestamp | null;
}

export interface RecordLinkTable {
	id: Generated<number>;
	record_id: number;
	zone_id: number | null;
	dla_code: string | null;
	province_code: string | null;
}

export interface AttachmentTable {
	id: Generated<number>;
	record_id: number;
	file_name: string;
	media_type: string;
	byte_size: number;
	sha256: string;
	content: Uint8Array;
	uploaded_by: number | null;
	uploaded_at: Generated<Date>;
}

/** One workflow event. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE. */
export interface ZoneTransitionTable {
	id: Generated<number>;
	zone_id: number;
	revision_id: number;
	event: WorkflowEvent;
	from_status: ZoneStatus;
	to_status: ZoneStatus;
	actor_user_id: number;
	acting_for_user_id: number | null;
	reason_codes: JSONColumnType<string[], string | undefined, never>;
	reason_text: Generated<string>;
	data_versions: JSONColumnType<Record<string, unknown> | null, string | null | undefined, never>;
	created_at: Generated<Date>;
	/** An approval despite unmet readiness rules: the governor's reason and what was unmet. */
	readiness_override: JSONColumnType<ReadinessOverride | null, string | null | undefined, never>;
}

export interface LaoConsultationTable {
	id: Generated<number>;
	zone_id: number;
	dla_code: string;
	requested_revision_id: number;
	requested_by: number;
	requested_at: Generated<Date>;
}

/** Append-only (triggers refuse UPDATE, DELETE, TRUNCATE): the latest answer counts. */
export interface LaoResponseTable {
	id: Generated<number>;
	consultation_id: number;
	revision_id: number;
	answer: LaoAnswer;
	comment: Generated<string>;
	responded_by: number;
	created_at: Generated<Date>;
}

export interface ActingDesignationTable {
	id: Generated<number>;
	province_code: string;
	governor_user_id: number;
	acting_user_id: number;
	/** ISO dates, inclusive, Asia/Bangkok (`date` columns are read as text). */
	starts_on: IsoDate;
	ends_on: IsoDate;
	created_by: number;
	created_at: Generated<Date>;
	revoked_at: Date | null;
	revoked_by: number | null;
}

/** Append-only (triggers refuse UPDATE, DELETE, TRUNCATE): a correction is a new row. */
export interface DecisionMemoTable {
	id: Generated<number>;
	transition_id: number;
	office: string;
	document_number: string;
	memo_date: IsoDate;
	subject: string;
	addressee: string;
	closing_text: Generated<string>;
	signer_name: string;
	signer_position: string;
	created_by: number;
	created_at: Generated<Date>;
}

export interface OfficeEmblemTable {
	office_key: string;
	media_type: 'image/png' | 'image/jpeg';
	bytes: Uint8Array;
	uploaded_by: number;
	uploaded_at: Generated<Date>;
}

export type NoticeStatus = 'pending' | 'sent' | 'failed';

/** One email notice to send: a record's recipient organisation × a user acting for it. */
export interface NoticeOutboxTable {
	id: Generated<number>;
	record_recipient_id: number;
	user_id: number;
	status: Generated<NoticeStatus>;
	attempts: Generated<number>;
	last_error: string | null;
	created_at: Generated<Date>;
	/** Not before: the backoff after a failure, or the lease while an instance sends. */
	next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
	sent_at: Timestamp | null;
}

/** A zone's monthly progress report told of (issue 16): submitted, returned, overdue. */
export type ReportNoticeEvent = 'report_submitted' | 'report_returned' | 'report_overdue';

export type ZoneNoticeEvent =
	'response_requested' | 'submitted' | 'returned' | 'approved' | 'rejected' | ReportNoticeEvent;

/** A zone's workflow event told to one user (issue 15): inbox and badge, and email if any. */
export interface ZoneNoticeTable {
	id: Generated<number>;
	user_id: number;
	zone_id: number;
	event: ZoneNoticeEvent;
	/** Null only for `report_overdue`, which the scheduler makes. */
	actor_user_id: number | null;
	/** The report of the `report_*` events. */
	progress_report_id: number | null;
	created_at: Generated<Date>;
	read_at: Timestamp | null;
	/** Null when the user had no email address when told. */
	email_status: NoticeStatus | null;
	attempts: Generated<number>;
	last_error: string | null;
	next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
	sent_at: Timestamp | null;
}

/** A constraint layer version (issue 13); its shares live in `indicator_value`. */
export interface ConstraintLayerTable {
	id: Generated<number>;
	key: string;
	version: number;
	name_th: string;
	name_en: string;
	source_line: string;
	licence: string;
	file_name: string;
	sha256: string;
	feature_count: number;
	vertex_count: number;
	/** `constraint_<key>_v<version>`, the indicator holding each LAO's share inside the layer. */
	indicator_key: string;
	created_by: string | null;
	created_at: Generated<Date>;
}

export interface ConstraintPolygonTable {
	layer_id: number;
	feature: number;
	geom: Geometry;
}

/** An LAO's geodesic perimeter (km) for the import run it was built from. */
export interface LaoPerimeterTable {
	dla_code: string;
	perimeter_km: number;
	import_run_id: number;
}

/** Two adjacent LAOs (a < b) and the boundary they share in km (see the migration). */
export interface LaoAdjacencyTable {
	a: string;
	b: string;
	shared_boundary_km: number;
	import_run_id: number;
}

export type CandidateSolutionStatus = 'optimal' | 'time_limit' | 'not_optimised';

/** The exact optimiser's stored answer for one province under one model. */
export interface CandidateSolutionTable {
	model_id: number;
	province_code: string;
	input_hash: string;
	status: CandidateSolutionStatus;
	reason: string | null;
	objective: number | null;
	best_bound: number | null;
	gap: number | null;
	greedy_objective: number;
	set_count: number;
	enumerate_ms: number;
	solve_ms: number;
	zones: JSONColumnType<string[][], string, string>;
	computed_at: Generated<Date>;
}

/** One official candidate zone as the open data publishes it (see its migration). */
export interface OgcCandidateTable {
	candidate_id: string;
	province_code: string;
	rank: number;
	lao_count: number;
	member_dla_codes: string;
	member_names_th: string;
	member_names_en: string;
	districts_th: string;
	districts_en: string;
	area_km2: number;
	population: ColumnType<string | null, number | null, number | null>;
	score: number;
	compactness: number | null;
	approximate: boolean;
	method: 'exact' | 'greedy';
	optimisation_state: 'optimal' | 'time_limit' | 'not_optimised' | 'pending';
	optimality_gap: number | null;
	model_id: number;
	model_name: string;
	model_version: number;
	geom: NullableGeometry;
}

/** The inputs a province's rows of `ogc_candidate` were built from. */
export interface OgcCandidateProvinceTable {
	province_code: string;
	input_key: string;
	refreshed_at: Generated<Date>;
}

// ---- Public comments (db/migrations/2026-12-05T0400_create_zone_comments.ts)

export type CommentCategoryColumn = import('../../comments/comment-terms').CommentCategory;
export type CommentStateColumn = import('../../comments/comment-terms').CommentState;

export interface ZoneCommentTable {
	id: Generated<number>;
	zone_id: number;
	/** The revision in force when posted (the outline the point was checked on). */
	revision_id: number;
	province_code: string;
	category: CommentCategoryColumn;
	/** Plain text, 1–2,000 characters; HTML refused at the boundary. */
	body: string;
	/** Point or small polygon, EPSG:4326; null when none was picked. */
	geom: NullableGeometry;
	/** PDPA: for the moderators only, never public. */
	author_name: string | null;
	author_contact: string | null;
	state: Generated<CommentStateColumn>;
	hide_reason: string | null;
	moderated_by: number | null;
	moderated_at: Date | null;
	/** HMAC-SHA-256 of the client's address (never the address itself), for the rate limit. */
	address_hash: string;
	created_at: Generated<Date>;
}

/** One row: the key of `zone_comment.address_hash`. */
export interface CommentAddressKeyTable {
	id: number;
	secret: string;
}

/** An import run whose vector tiles are all stored (see `vector_tile`). */
export interface VectorTileSetTable {
	import_run_id: number;
	tile_count: number;
	gzip_bytes: number;
	cut_ms: number;
	cut_at: Generated<Date>;
}

/** One non-empty vector tile of a base layer, gzip-compressed MVT. */
export interface VectorTileTable {
	import_run_id: number;
	layer: 'province' | 'district' | 'tambon' | 'lao';
	z: number;
	x: number;
	y: number;
	gzip: Uint8Array;
}

/** One zone's plan (issue 16): the working copy's state and the revision in force. */
export interface ZonePlanTable {
	id: Generated<number>;
	zone_id: number;
	status: import('../../plans/plan-terms').PlanStatus;
	current_revision_id: number | null;
	/** The plan in force; null until the governor first approves. Never cleared. */
	approved_revision_id: number | null;
	created_by: number;
	created_at: Generated<Date>;
	updated_at: Generated<Date>;
}

/** Immutable: one per save of the plan. */
export interface PlanRevisionTable {
	id: Generated<number>;
	plan_id: number;
	revision_number: number;
	note: Generated<string>;
	created_by: number;
	created_at: Generated<Date>;
}

/** A target of a plan revision (immutable). `target_key` is stable across revisions. */
export interface PlanTargetTable {
	id: Generated<number>;
	plan_revision_id: number;
	target_key: string;
	position: number;
	indicator_key: string | null;
	indicator_name_th: string | null;
	indicator_name_en: string | null;
	unit: string;
	baseline_value: number;
	baseline_date: ColumnType<string, string, never>;
	target_value: number;
	target_date: ColumnType<string, string, never>;
	source: string;
}

/** An activity of a plan revision (immutable). Budgets in whole baht (bigint, read as number). */
export interface PlanActivityTable {
	id: Generated<number>;
	plan_revision_id: number;
	activity_key: string;
	position: number;
	name: string;
	sectors: ColumnType<import('../../geo/zones/zone-terms').NetworkSector[], string[], never>;
	responsible_kind: import('../../plans/plan-terms').ResponsibleKind;
	responsible_dla_code: string | null;
	responsible_partner_id: number | null;
	budget_lao_baht: ColumnType<number, number, never>;
	budget_province_baht: ColumnType<number, number, never>;
	budget_central_baht: ColumnType<number, number, never>;
	budget_partner_baht: ColumnType<number, number, never>;
	start_date: ColumnType<string, string, never>;
	end_date: ColumnType<string, string, never>;
	status: import('../../plans/plan-terms').ActivityStatus;
}

/** Append-only history of a plan's workflow. */
export interface PlanTransitionTable {
	id: Generated<number>;
	plan_id: number;
	revision_id: number;
	event: import('../../plans/plan-terms').PlanEvent;
	from_status: import('../../plans/plan-terms').PlanStatus;
	to_status: import('../../plans/plan-terms').PlanStatus;
	actor_user_id: number;
	acting_for_user_id: number | null;
	reason_text: Generated<string>;
	created_at: Generated<Date>;
}

/** The national due day of monthly reports, one row per change (append-only; latest in force). */
export interface ProgressReportSettingTable {
	id: Generated<number>;
	due_day_of_month: number;
	created_by: number;
	created_at: Generated<Date>;
}

/** One zone's monthly progress report (unique per zone and period). */
export interface ProgressReportTable {
	id: Generated<number>;
	zone_id: number;
	period: string;
	due_date: ColumnType<string, string, never>;
	status: Generated<import('../../plans/plan-terms').ReportStatus>;
	version: Generated<number>;
	plan_revision_id: number | null;
	target_entries: JSONColumnType<
		import('../../plans/plan-terms').ReportTargetEntry[],
		string | undefined,
		string
	>;
	activity_entries: JSONColumnType<
		import('../../plans/plan-terms').ReportActivityEntry[],
		string | undefined,
		string
	>;
	problems: Generated<string>;
	return_reason: string | null;
	updated_by: number | null;
	submitted_by: number | null;
	submitted_at: Date | null;
	reviewed_by: number | null;
	reviewed_at: Date | null;
	created_at: Generated<Date>;
	updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A photo or document of a monthly progress report (issue 16 item 2). */
export interface ReportAttachmentTable {
	id: Generated<number>;
	report_id: number;
	file_name: string;
	media_type: string;
	byte_size: number;
	sha256: string;
	content: Uint8Array;
	caption: Generated<string>;
	is_public: Generated<boolean>;
	/** EXIF GPS point, when the photo had one. */
	gps: NullableGeometry;
	taken_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
	uploaded_by: number;
	uploaded_at: Generated<Date>;
}

export interface DB {
	import_run: ImportRunTable;
	province: ProvinceTable;
	district: DistrictTable;
	tambon: TambonTable;
	lao: LaoTable;
	lao_tambon: LaoTambonTable;
	tambon_population: TambonPopulationTable;
	lao_population_estimate: LaoPopulationEstimateTable;
	indicator: IndicatorTable;
	indicator_import: IndicatorImportTable;
	indicator_value: IndicatorValueTable;
	scoring_model: ScoringModelTable;
	lao_score: LaoScoreTable;
	app_user: AppUserTable;
	user_session: UserSessionTable;
	login_attempt: LoginAttemptTable;
	login_refusal: LoginRefusalTable;
	zone: ZoneTable;
	zone_revision: ZoneRevisionTable;
	audit_log: AuditLogTable;
	partner_organisation: PartnerOrganisationTable;
	report_schedule: ReportScheduleTable;
	coordination_record: CoordinationRecordTable;
	record_recipient: RecordRecipientTable;
	record_link: RecordLinkTable;
	attachment: AttachmentTable;
	zone_transition: ZoneTransitionTable;
	readiness_rule_set: ReadinessRuleSetTable;
	lao_consultation: LaoConsultationTable;
	lao_response: LaoResponseTable;
	acting_designation: ActingDesignationTable;
	decision_memo: DecisionMemoTable;
	office_emblem: OfficeEmblemTable;
	notice_outbox: NoticeOutboxTable;
	constraint_layer: ConstraintLayerTable;
	constraint_polygon: ConstraintPolygonTable;
	lao_perimeter: LaoPerimeterTable;
	lao_adjacency: LaoAdjacencyTable;
	candidate_solution: CandidateSolutionTable;
	ogc_candidate: OgcCandidateTable;
	ogc_candidate_province: OgcCandidateProvinceTable;
	zone_comment: ZoneCommentTable;
	comment_address_key: CommentAddressKeyTable;
	vector_tile_set: VectorTileSetTable;
	vector_tile: VectorTileTable;
	zone_plan: ZonePlanTable;
	plan_revision: PlanRevisionTable;
	plan_target: PlanTargetTable;
	plan_activity: PlanActivityTable;
	plan_transition: PlanTransitionTable;
	progress_report_setting: ProgressReportSettingTable;
	progress_report: ProgressReportTable;
	report_attachment: ReportAttachmentTable;
	zone_notice: ZoneNoticeTable;
}

/**
 * The types above against the ones kysely-codegen generates from the migrated schema
 * (`schema.generated.ts`, `npm run db:types`, kept current by database-types.postgres.spec.ts):
 * the same tables, the same columns, the same columns nullable and the same ones optional on
 * insert. The types above stay the ones the code uses because they say more than the catalogue
 * can (a status's values, a JSON column's shape); this makes them unable to drift from it. A
 * compile error here names each `table.column` that differs.
 */
type NullableColumns<Table> = {
	[C in keyof Table]: null extends SelectType<Table[C]> ? C : never;
}[keyof Table];
/** As Kysely's `Insertable` has it: a default, a nullable column, or one never inserted. */
type OptionalOnInsert<Table> = {
	[C in keyof Table]: undefined extends InsertType<Table[C]>
		? C
		: null extends InsertType<Table[C]>
			? C
			: [InsertType<Table[C]>] extends [never]
				? C
				: never;
}[keyof Table];
type Both<A, B> = Exclude<A, B> | Exclude<B, A>;
type TableDrift<T extends keyof DB & keyof GeneratedDB> =
	| Both<keyof DB[T], keyof GeneratedDB[T]>
	| Both<NullableColumns<DB[T]>, NullableColumns<GeneratedDB[T]>>
	| Both<OptionalOnInsert<DB[T]>, OptionalOnInsert<GeneratedDB[T]>>;
export type SchemaDrift =
	| Both<keyof DB, keyof GeneratedDB>
	| { [T in keyof DB & keyof GeneratedDB]: `${T}.${TableDrift<T> & string}` }[keyof DB &
			keyof GeneratedDB];
export const schemaMatchesMigrations: [SchemaDrift] extends [never] ? true : SchemaDrift = true;
