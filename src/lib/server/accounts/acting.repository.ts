import { sql, type RawBuilder } from 'kysely';
import type { ActingFor } from '../../accounts/roles';

/**
 * The acting designations in force today (Asia/Bangkok, both ends inclusive) for the user whose
 * id is `userId`, as a JSON array of `ActingFor`: a sub-select the session and actor queries
 * add to their one row, so acting governors cost no extra round trip per request. A revoked
 * designation, or one for a governor whose account is disabled, is not in force.
 */
export function actingForOf(userId: RawBuilder<number> | ReturnType<typeof sql.ref>) {
	return sql<ActingFor[]>`(
		SELECT coalesce(jsonb_agg(jsonb_build_object(
				'designationId', d.id,
				'provinceCode', d.province_code,
				'governorUserId', d.governor_user_id,
				'governorName', g.display_name,
				'endsOn', d.ends_on::text
			) ORDER BY d.id), '[]'::jsonb)
		FROM acting_designation d
		JOIN app_user g ON g.id = d.governor_user_id
		WHERE d.acting_user_id = ${userId}
			AND d.revoked_at IS NULL
			AND NOT g.disabled
			AND (now() AT TIME ZONE 'Asia/Bangkok')::date BETWEEN d.starts_on AND d.ends_on
	)`;
}
