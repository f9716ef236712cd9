/** LAO types in the glossary's order, from the largest organisation to the smallest. */
export const laoTypes = [
	'provincial_admin_org',
	'city_municipality',
	'town_municipality',
	'subdistrict_municipality',
	'subdistrict_admin_org',
	'special_admin_area'
] as const;
export type LaoType = (typeof laoTypes)[number];
