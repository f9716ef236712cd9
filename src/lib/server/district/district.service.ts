import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import type { LaoType } from '../../lao-types';
import type { ZoneStatus } from '../../geo/zones/zone-terms';
import type { DB } from '../db/schema';
import { forbidden, notFound } from '../domain-errors';
import { readZoneSights } from '../zones/zone-visibility';

/**
 * What a district local administration office (ท้องถิ่นอำเภอ, issue 17) works with: its
 * district's LAOs and the zones of its province that cover any of them. The zones are named by
 * the one visibility rule (`readZoneSights`): a district office reads a zone's revision in force,
 * never a working copy (see `canViewZoneWorkingCopy`), so the zones listed are those whose
 * revision in force covers one of the district's LAOs. Monthly reports for the district's LAOs
 * (issue 16) do not exist yet: when they do, the district office files and reviews them here.
 */

export interface DistrictLao {
	dlaCode: string;
	laoType: LaoType;
	nameTh: string;
	nameEn: string | null;
}

export interface DistrictZone {
	zoneId: number;
	name: string;
	status: ZoneStatus;
	/** The district's LAOs the revision covers, by DLA code. */
	coveredDlaCodes: string[];
}

export interface DistrictOverview {
	districtCode: string;
	provinceCode: string;
	nameTh: string;
	nameEn: string;
	provinceNameTh: string;
	provinceNameEn: string;
	laos: DistrictLao[];
	zones: DistrictZone[];
}

/** The district office's own district; refused for every other role. */
export async function getDistrictOverview(
	db: Kysely<DB>,
	actor: Actor | null
): Promise<DistrictOverview> {
	if (actor?.role !== 'district_office' || !actor.districtCode)
		throw forbidden('This page is for district local administration offices');
	const district = await db
		.selectFrom('district as d')
		.innerJoin('province as p', 'p.code', 'd.province_code')
		.select([
			'd.code',
			'd.province_code',
			'd.name_th',
			'd.name_en',
			'p.name_th as province_name_th',
			'p.name_en as province_name_en'
		])
		.where('d.code', '=', actor.districtCode)
		.executeTakeFirst();
	if (!district) throw notFound(`No district ${actor.districtCode} in the registry`);
	const laos = await db
		.selectFrom('lao')
		.select([
			'dla_code as dlaCode',
			'lao_type as laoType',
			'name_th as nameTh',
			'name_en as nameEn'
		])
		.where('district_code', '=', district.code)
		.orderBy('name_th')
		.execute();
	const codes = laos.map((l) => l.dlaCode);
	const candidates =
		codes.length === 0
			? []
			: await db
					.selectFrom('zone as z')
					.innerJoin('zone_revision as a', 'a.id', 'z.approved_revision_id')
					.select([
						'z.id',
						sql<string[]>`ARRAY(SELECT c->>'dlaCode' FROM jsonb_array_elements(a.covered_laos) c
							WHERE c->>'dlaCode' IN (${sql.join(codes)}) ORDER BY 1)`.as('covered')
					])
					.where('z.province_code', '=', district.province_code)
					.execute();
	const covering = candidates.filter((c) => c.covered.length > 0);
	const sights = await readZoneSights(
		db,
		actor,
		covering.map((c) => c.id)
	);
	const zones: DistrictZone[] = [];
	for (const c of covering) {
		const sight = sights.get(c.id);
		if (!sight || sight.sees === 'nothing') continue;
		zones.push({
			zoneId: c.id,
			name: sight.name,
			status: sight.status,
			coveredDlaCodes: c.covered
		});
	}
	zones.sort((a, b) => a.name.localeCompare(b.name, 'th'));
	return {
		districtCode: district.code,
		provinceCode: district.province_code,
		nameTh: district.name_th,
		nameEn: district.name_en,
		provinceNameTh: district.province_name_th,
		provinceNameEn: district.province_name_en,
		laos,
		zones
	};
}
