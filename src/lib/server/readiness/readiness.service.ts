import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import {
	defaultReadinessRules,
	evaluateReadiness,
	readinessRulesSchema,
	type AppliedRuleSet,
	type ReadinessRules,
	type ZoneReadiness
} from '../../zones/readiness';
import type { CoveredLao } from '../../geo/zones/zone-terms';
import { provinceCodeSchema } from '../../zones/zone-input';
import { canManageReadinessRules } from '../accounts/permissions';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { forbidden, invalid, type Problem } from '../domain-errors';
import * as workflowRepo from '../zones/workflow.repository';
import * as zones from '../zones/zone.repository';
import type { ZoneRow } from '../zones/zone.repository';
import * as repo from './readiness.repository';

/**
 * Issue 17: the readiness rule sets (national, set by DLA staff, and a province's own, which
 * wins while it has rules), their versions, and a zone's checklist. The workflow service calls
 * `zoneReadiness` inside its transaction to enforce the same checklist the pages show.
 */

/** The rules that apply in a province: its own latest set, else the national one, else the defaults. */
export async function appliedRuleSet(
	db: Kysely<DB>,
	provinceCode: string
): Promise<AppliedRuleSet> {
	const own = await repo.latestOfScope(db, provinceCode);
	if (own?.rules)
		return { scope: 'province', provinceCode, version: own.version, rules: own.rules };
	const national = await repo.latestOfScope(db, null);
	if (national?.rules)
		return {
			scope: 'national',
			provinceCode: null,
			version: national.version,
			rules: national.rules
		};
	return { scope: 'defaults', provinceCode: null, version: 0, rules: defaultReadinessRules };
}

/**
 * The zone's checklists for its working copy. The caller has checked the actor may read the
 * working copy (the review page, the zone page, the workflow service).
 */
export async function zoneReadiness(db: Kysely<DB>, zone: ZoneRow): Promise<ZoneReadiness> {
	const [ruleSet, revision, consulted] = await Promise.all([
		appliedRuleSet(db, zone.province_code),
		zone.current_revision_id === null
			? undefined
			: zones.findRevisionById(db, zone.current_revision_id),
		workflowRepo.listConsultationsWithLatestAnswer(db, zone.id)
	]);
	const facts = {
		objectives: revision?.objectives ?? '',
		partnerSectors: (revision?.partners ?? []).map((p) => p.sector),
		swot: revision?.swot ?? { strengths: [], weaknesses: [], opportunities: [], threats: [] },
		coveredLaos: ((revision?.covered_laos ?? []) as CoveredLao[]).map((c) => ({
			dlaCode: c.dlaCode,
			nameTh: c.nameTh
		})),
		consulted: consulted.map((c) => ({
			dlaCode: c.dla_code,
			nameTh: c.name_th ?? c.dla_code,
			answer: c.answer
		}))
	};
	return {
		ruleSet,
		submit: evaluateReadiness('submit', ruleSet.rules, facts),
		approve: evaluateReadiness('approve', ruleSet.rules, facts)
	};
}

// ---------------------------------------------------------------------------------------------
// Rule sets

export interface RuleSetVersionView {
	id: number;
	provinceCode: string | null;
	version: number;
	/** Null: the province went back to the national rules. */
	rules: ReadinessRules | null;
	note: string;
	createdByName: string;
	createdAt: string;
}

const toView = (row: repo.RuleSetRow): RuleSetVersionView => ({
	id: row.id,
	provinceCode: row.province_code,
	version: row.version,
	rules: row.rules,
	note: row.note,
	createdByName: row.created_by_name,
	createdAt: (row.created_at instanceof Date
		? row.created_at
		: new Date(row.created_at)
	).toISOString()
});

export interface RuleSetsOverview {
	/** The national set in force (the defaults, version 0, until DLA staff save one). */
	national: AppliedRuleSet;
	/** Provinces whose own latest version has rules. */
	provinces: { provinceCode: string; version: number; rules: ReadinessRules }[];
	/** Every version ever saved, national first, newest first. */
	history: RuleSetVersionView[];
	/** Every province, for choosing one to override and for naming them. */
	provinceNames: { code: string; nameTh: string; nameEn: string }[];
}

/** Everything the admin page shows. DLA staff only. */
export async function ruleSetsOverview(
	db: Kysely<DB>,
	args: { actor: Actor | null }
): Promise<RuleSetsOverview> {
	if (!canManageReadinessRules(args.actor))
		throw forbidden('Readiness rules are managed by DLA staff');
	const history = (await repo.listVersions(db)).map(toView);
	const latestByProvince = new Map<string, RuleSetVersionView>();
	for (const v of history)
		if (v.provinceCode !== null && !latestByProvince.has(v.provinceCode))
			latestByProvince.set(v.provinceCode, v);
	const nationalRow = history.find((v) => v.provinceCode === null);
	return {
		national: nationalRow?.rules
			? {
					scope: 'national',
					provinceCode: null,
					version: nationalRow.version,
					rules: nationalRow.rules
				}
			: { scope: 'defaults', provinceCode: null, version: 0, rules: defaultReadinessRules },
		provinces: [...latestByProvince.values()]
			.filter((v) => v.rules !== null)
			.map((v) => ({ provinceCode: v.provinceCode!, version: v.version, rules: v.rules! })),
		history,
		provinceNames: (await repo.listProvinceNames(db)).map((p) => ({
			code: p.code,
			nameTh: p.name_th,
			nameEn: p.name_en
		}))
	};
}

/** The longest note on a change, in characters. */
export const ruleSetNoteMaxLength = 1000;

/**
 * Saves a new version of the national rules (`provinceCode` null) or of a province's own
 * (`rules` null: the province follows the national rules again). DLA staff only; the rules are
 * parsed with `readinessRulesSchema`, so a set that contradicts itself is refused naming each
 * field. The version and its audit entry commit together.
 */
export async function saveRuleSet(
	db: Kysely<DB>,
	args: { actor: Actor | null; provinceCode: string | null; rules: unknown; note?: string }
): Promise<RuleSetVersionView> {
	const { actor } = args;
	if (!canManageReadinessRules(actor) || !actor)
		throw forbidden('Readiness rules are set by DLA staff');
	const problems: Problem[] = [];
	if (args.provinceCode !== null && !provinceCodeSchema.safeParse(args.provinceCode).success)
		problems.push({
			rule: 'readiness.province',
			field: 'provinceCode',
			message: 'must be a province code such as TH40'
		});
	let rules: ReadinessRules | null = null;
	if (args.rules === null) {
		if (args.provinceCode === null)
			problems.push({
				rule: 'readiness.national_required',
				field: 'rules',
				message: 'The national rules cannot be removed, only changed'
			});
	} else {
		const parsed = readinessRulesSchema.safeParse(args.rules);
		if (parsed.success) rules = parsed.data;
		else
			for (const issue of parsed.error.issues)
				problems.push({
					rule: 'readiness.rules',
					field: issue.path.join('.'),
					message: `${issue.path.join('.') || 'rules'}: ${issue.message}`
				});
	}
	const note = (args.note ?? '').trim();
	if (note.length > ruleSetNoteMaxLength)
		problems.push({
			rule: 'readiness.note_too_long',
			field: 'note',
			message: `At most ${ruleSetNoteMaxLength} characters`
		});
	if (problems.length > 0) throw invalid(problems, 'The readiness rules contradict themselves');
	if (args.provinceCode !== null && !(await zones.findProvince(db, args.provinceCode)))
		throw invalid(
			[
				{
					rule: 'readiness.province',
					field: 'provinceCode',
					message: `No province ${args.provinceCode}`
				}
			],
			'Unknown province'
		);
	const id = await db.transaction().execute(async (trx) => {
		await repo.lockScope(trx, args.provinceCode);
		const previous = await repo.latestOfScope(trx, args.provinceCode);
		const version = (previous?.version ?? 0) + 1;
		const id = await repo.insertVersion(trx, {
			provinceCode: args.provinceCode,
			version,
			rules,
			note,
			createdBy: actor.userId
		});
		await appendAudit(trx, {
			actor,
			action: 'readiness_rules.changed',
			entityType: 'readiness_rules',
			entityId: args.provinceCode ?? 'national',
			provinceCode: args.provinceCode,
			before: previous ? { version: previous.version, rules: previous.rules } : null,
			after: { version, rules, note }
		});
		return id;
	});
	const saved = (await repo.listVersions(db)).find((v) => v.id === id)!;
	return toView(saved);
}
