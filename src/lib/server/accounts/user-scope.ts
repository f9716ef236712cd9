import type { Kysely } from 'kysely';
import type { Role } from '../../accounts/roles';
import type { DB } from '../db/schema';
import type { Problem } from '../domain-errors';
import * as users from './user.repository';
import * as places from '../places/place.repository';

/**
 * A user's scope (province, LAO) for their role: what the role needs and what the loaded registry
 * has. Every problem names its field.
 */

export interface Scope {
	provinceCode: string | null;
	dlaCode: string | null;
	districtCode: string | null;
}

/**
 * The province, LAO and district a role keeps: the rest is cleared, as the table's check
 * demands. A district office's province is its district's (P-codes nest: TH4001 is in TH40).
 */
export function scopeOf(
	role: Role,
	provinceCode: string | null,
	dlaCode: string | null,
	districtCode: string | null
): Scope {
	switch (role) {
		case 'dla_staff':
			return { provinceCode: null, dlaCode: null, districtCode: null };
		case 'planner':
		case 'governor':
			return { provinceCode, dlaCode: null, districtCode: null };
		case 'lao_officer':
			// The LAO officer's province is the LAO's own, looked up from the registry.
			return { provinceCode: null, dlaCode, districtCode: null };
		case 'district_office':
			return { provinceCode: districtCode?.slice(0, 4) ?? null, dlaCode: null, districtCode };
	}
}

export function scopeProblems(role: Role, scope: Scope) {
	const problems: Problem[] = [];
	if ((role === 'planner' || role === 'governor') && scope.provinceCode === null) {
		problems.push({
			rule: 'user.province.required',
			field: 'provinceCode',
			message: 'A planner or governor needs a province'
		});
	}
	if (role === 'lao_officer' && scope.dlaCode === null) {
		problems.push({
			rule: 'user.lao.required',
			field: 'dlaCode',
			message: 'An LAO officer needs the DLA code of their LAO'
		});
	}
	if (role === 'district_office' && scope.districtCode === null) {
		problems.push({
			rule: 'user.district.required',
			field: 'districtCode',
			message: 'A district local administration office needs its district'
		});
	}
	return problems;
}

/** Codes that are not in the loaded registry, as problems naming their field. */
export async function registryProblems(db: Kysely<DB>, scope: Scope): Promise<Problem[]> {
	const problems: Problem[] = [];
	if (scope.districtCode !== null) {
		// The district stands for the province too: one problem, on the field the user filled.
		const district = await users.findDistrict(db, scope.districtCode);
		if (!district || district.province_code !== scope.provinceCode)
			problems.push({
				rule: 'user.district.unknown',
				field: 'districtCode',
				message: `There is no district ${scope.districtCode}`,
				details: { districtCode: scope.districtCode }
			});
		return problems;
	}
	if (scope.provinceCode !== null && !(await places.provinceExists(db, scope.provinceCode))) {
		problems.push({
			rule: 'user.province.unknown',
			field: 'provinceCode',
			message: `There is no province ${scope.provinceCode}`,
			details: { provinceCode: scope.provinceCode }
		});
	}
	if (scope.dlaCode !== null && !(await users.laoExists(db, scope.dlaCode))) {
		problems.push({
			rule: 'user.lao.unknown',
			field: 'dlaCode',
			message: `There is no LAO with DLA code ${scope.dlaCode}`,
			details: { dlaCode: scope.dlaCode }
		});
	}
	return problems;
}
