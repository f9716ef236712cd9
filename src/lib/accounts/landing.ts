import type { Role } from './roles';

/**
 * Where each role lands after logging in without a page to return to (issue 15, item 8): the
 * page of its work, not the public map. DLA staff land on their coordination inbox.
 */
export const landingPageOf: Record<
	Role,
	'/plan' | '/review' | '/consultations' | '/coordination' | '/district'
> = {
	planner: '/plan',
	governor: '/review',
	lao_officer: '/consultations',
	dla_staff: '/coordination',
	// The district office's zones, LAOs and what is addressed to it (issue 17).
	district_office: '/district'
};

/** `target` (already made safe), or the role's landing page when it is just the home page. */
export function afterLogInTarget(target: string, role: Role): string {
	return target === '/' ? landingPageOf[role] : target;
}
