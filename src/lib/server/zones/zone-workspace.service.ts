import type { MultiPolygon } from 'geojson';
import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { parseZoneGeometry } from '../../geo/zones/zone-geometry';
import { emptySwot } from '../../zones/readiness';
import type { ZoneContext, ZoneMetricsView } from '../../zones/zone-api';
import type { ZoneRuleLimits } from '../../geo/zones/zone-rules';
import { canEditZonesIn, canViewZoneWorkingCopy } from '../accounts/permissions';
import type { DB } from '../db/schema';
import { forbidden, invalid, notFound, type Problem } from '../domain-errors';
import { assertCanEditIn } from './zone-access';
import { parseZoneFile } from './zone-files';
import { measureZoneCoverage, officialModelRef } from './zone-metrics';
import { geometryFieldProblems, validateZoneGeometry } from './zone-validation';
import { consultedDlaCodesOf, zoneSight } from './zone-visibility';
import * as workspace from './zone-workspace.repository';
import * as zones from './zone.repository';
import { createZone, type SavedZone } from './zone.service';

/**
 * The zone workspace's server side: the province context it draws on, the server's check of a
 * geometry without saving, the union of LAOs (drawing by clicking LAOs, or from a candidate) and
 * the import of a zone file. Only those who may plan in the province (or read its working copies,
 * for the context) are served.
 */

/**
 * The server's verdict on a geometry without saving it (the workspace's "check on server"):
 * every problem, and the figures when the geometry could be measured. `zoneId` leaves that
 * zone's own current revision out of the overlap check.
 */
export async function previewZone(
	db: Kysely<DB>,
	args: {
		actor: Actor | null;
		rules: ZoneRuleLimits;
		provinceCode: string;
		geometry: unknown;
		zoneId?: number;
		/**
		 * False for the workspace's automatic check after each edit: the rules only, without the
		 * LAO coverage (the browser computes that itself, and it is most of the cost).
		 */
		withMetrics?: boolean;
	}
): Promise<{ problems: Problem[]; metrics: ZoneMetricsView | null }> {
	assertCanEditIn(args.actor, args.provinceCode);
	const parsed = parseZoneGeometry(args.geometry);
	if (!parsed.valid) return { problems: geometryFieldProblems(parsed.problems), metrics: null };
	const validation = await validateZoneGeometry(db, {
		geometry: parsed.geometry,
		provinceCode: args.provinceCode,
		rules: args.rules,
		excludeZoneId: args.zoneId,
		viewer: args.actor
	});
	if (!validation.prepared || args.withMetrics === false)
		return { problems: validation.problems, metrics: null };
	const model = await officialModelRef(db);
	const coverage = await measureZoneCoverage(db, validation.prepared.geomHex, model);
	return {
		problems: validation.problems,
		metrics: {
			areaKm2: validation.prepared.areaKm2,
			vertexCount: validation.prepared.vertexCount,
			coveredLaos: coverage.coveredLaos,
			populationCovered: coverage.populationCovered,
			score: coverage.score,
			scoringModelId: model.id
		}
	};
}

/**
 * The union of some LAOs of a province, as one MultiPolygon (the "click LAOs" way of drawing a
 * zone), clipped to the province. Each LAO must be in the province, not a PAO (a PAO is the whole
 * province), and have a geometry; problems name the code and its index.
 */
export async function unionOfLaos(
	db: Kysely<DB>,
	args: { actor: Actor | null; provinceCode: string; dlaCodes: readonly string[] }
): Promise<MultiPolygon> {
	assertCanEditIn(args.actor, args.provinceCode);
	const codes = [...new Set(args.dlaCodes)];
	const rows = await workspace.findLaosForUnion(db, codes);
	const byCode = new Map(rows.map((r) => [r.dla_code, r]));
	const problems: Problem[] = [];
	args.dlaCodes.forEach((code, index) => {
		const lao = byCode.get(code);
		const reason = !lao
			? 'is not in the LAO registry'
			: lao.province_code !== args.provinceCode
				? `is in ${lao.province_code}, not ${args.provinceCode}`
				: lao.lao_type === 'provincial_admin_org'
					? 'is a PAO, which covers the whole province'
					: !lao.has_geom
						? 'has no geometry (it is not linked to any tambon)'
						: null;
		if (reason) {
			problems.push({
				rule: 'lao.not_usable',
				field: `dlaCodes[${index}]`,
				message: `LAO ${code} ${reason}`,
				details: { dlaCode: code }
			});
		}
	});
	if (problems.length > 0) throw invalid(problems, 'Some LAOs cannot make a zone');
	const union = await workspace.unionOfLaoGeometries(db, {
		dlaCodes: codes,
		provinceCode: args.provinceCode
	});
	return JSON.parse(union) as MultiPolygon;
}

/** "A candidate becomes a draft zone in one click": the union of its LAOs as a new draft. */
export async function createZoneFromCandidate(
	db: Kysely<DB>,
	args: {
		actor: Actor | null;
		rules: ZoneRuleLimits;
		provinceCode: string;
		memberDlaCodes: readonly string[];
		name?: string;
	}
): Promise<SavedZone> {
	const geometry = await unionOfLaos(db, {
		actor: args.actor,
		provinceCode: args.provinceCode,
		dlaCodes: args.memberDlaCodes
	});
	const seedNameTh = await workspace.findLaoNameTh(db, args.memberDlaCodes[0]!);
	const others = new Set(args.memberDlaCodes).size - 1;
	const name =
		args.name ?? `เขตพัฒนาเศรษฐกิจพอเพียง ${seedNameTh}${others > 0 ? ` และอีก ${others} อปท.` : ''}`;
	return createZone(db, {
		actor: args.actor,
		rules: args.rules,
		input: {
			provinceCode: args.provinceCode,
			attributes: {
				name,
				description: '',
				objectives: '',
				objectiveTags: [],
				partners: [],
				swot: emptySwot()
			},
			geometry,
			geometrySource: 'candidate'
		},
		extraMetrics: { candidate: { memberDlaCodes: [...args.memberDlaCodes] } }
	});
}

/** Tolerance of the geometries sent to the browser, degrees (≈55 m at Thailand's latitudes). */
export const contextSimplifyDegrees = 0.0005;

/**
 * What the workspace needs to draw and preview a zone in a province: the province, its LAOs
 * with official figures (geometries simplified with ST_SimplifyPreserveTopology at
 * `contextSimplifyDegrees`), the official model, the rules and the other active zones the actor
 * may see.
 */
export async function getZoneContext(
	db: Kysely<DB>,
	args: { actor: Actor | null; rules: ZoneRuleLimits; provinceCode: string }
): Promise<ZoneContext> {
	const { actor, provinceCode } = args;
	const seesWorkingCopies = canViewZoneWorkingCopy(actor, {
		provinceCode,
		status: 'draft',
		responseRequestedFrom: []
	});
	if (!actor || !(canEditZonesIn(actor, provinceCode) || seesWorkingCopies)) {
		throw forbidden(`You may not plan zones in ${provinceCode}`);
	}
	const model = await officialModelRef(db);
	const province = await workspace.findProvinceOutline(db, {
		provinceCode,
		simplifyDegrees: contextSimplifyDegrees
	});
	if (!province) throw notFound(`No province ${provinceCode}`);
	const laos = await workspace.listWorkspaceLaos(db, {
		provinceCode,
		modelId: model.id,
		simplifyDegrees: contextSimplifyDegrees
	});
	const overlapZones = await zones.listOverlapZonesOf(db, provinceCode);
	const consulted = await consultedDlaCodesOf(
		db,
		actor,
		overlapZones.map((z) => z.id)
	);
	// What the live check may draw: each zone as the actor may see it (`zone-visibility.ts`).
	// The working copy's reader also gets the revision in force of an amendment: both count.
	const active: ZoneContext['activeZones'] = overlapZones.flatMap((z) => {
		const sight = zoneSight(actor, {
			provinceCode: z.province_code,
			status: z.status,
			currentRevisionId: z.current_revision_id,
			approvedRevisionId: z.approved_revision_id,
			consultedDlaCodes: consulted.get(z.id) ?? []
		});
		const inForce =
			z.approved_geometry !== null && z.approved_name !== null
				? [
						{
							id: z.id,
							name: z.approved_name,
							status: 'approved' as const,
							geometry: JSON.parse(z.approved_geometry) as MultiPolygon
						}
					]
				: [];
		if (sight.sees === 'in_force') return inForce;
		if (sight.sees === 'nothing' || z.current_geometry === null || z.current_name === null)
			return [];
		const workingCopy = {
			id: z.id,
			name: z.current_name,
			status: z.status,
			geometry: JSON.parse(z.current_geometry) as MultiPolygon
		};
		return z.approved_revision_id === z.current_revision_id
			? [workingCopy]
			: [workingCopy, ...inForce];
	});
	return {
		province: {
			code: province.code,
			nameTh: province.name_th,
			nameEn: province.name_en,
			bbox: [province.west, province.south, province.east, province.north],
			geometry: JSON.parse(province.geometry) as MultiPolygon
		},
		laos: laos.map((l) => ({
			dlaCode: l.dla_code,
			nameTh: l.name_th,
			nameEn: l.name_en,
			laoType: l.lao_type,
			areaKm2: l.area_km2,
			population: l.population,
			score: l.score,
			approximate: l.geom_approximate,
			geometry: JSON.parse(l.geometry) as ZoneContext['laos'][number]['geometry'],
			bbox: [l.west, l.south, l.east, l.north]
		})),
		model: { id: model.id, name: model.name, version: model.version },
		rules: args.rules,
		activeZones: active,
		simplifiedDegrees: contextSimplifyDegrees
	};
}

/** A zone file read for the workspace: only those who may plan in the province may import. */
export async function importZoneFile(args: {
	actor: Actor | null;
	provinceCode: string;
	fileName: string;
	bytes: Uint8Array;
}) {
	assertCanEditIn(args.actor, args.provinceCode);
	return parseZoneFile(args.fileName, args.bytes);
}
