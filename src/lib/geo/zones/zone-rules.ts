/**
 * Identifiers of the zone validation rules, shared by the browser preview
 * (`$lib/geo/zones/zone-geometry`), the server's judgement (`$lib/server/zones/zone-validation`)
 * and the file import. The UI translates each with the message `zoneRule_<rule with dots as _>`.
 */
export const zoneRuleIds = [
	'input.invalid',
	'geojson.invalid',
	'ring.unclosed',
	'geometry.self_intersection',
	'geometry.too_many_vertices',
	'geometry.outside_thailand',
	'zone.in_bangkok',
	'zone.outside_province',
	'zone.overlaps_zone',
	'zone.area_too_small',
	'zone.area_too_large',
	'file.too_large',
	'body.too_large',
	'file.unsupported_type',
	'file.unreadable',
	'file.not_polygonal',
	'file.no_polygon',
	'lao.not_usable'
] as const;
export type ZoneRuleId = (typeof zoneRuleIds)[number];

/** The message key of a rule: `zone.area_too_small` → `zoneRule_zone_area_too_small`. */
export function zoneRuleMessageKey(rule: ZoneRuleId): `zoneRule_${string}` {
	return `zoneRule_${rule.replace(/\./g, '_')}`;
}

/**
 * The limits a zone is checked against (the server's `ZoneRules`, from the ZONE_* settings; the
 * workspace receives them from `/api/zones/context`). Units in the names.
 */
export interface ZoneRuleLimits {
	maxVertices: number;
	minAreaKm2: number;
	maxAreaKm2: number;
	/** Share (0–1) of the zone's area allowed outside its province; the smaller limit applies. */
	outsideProvinceMaxShare: number;
	outsideProvinceMaxKm2: number;
	overlapMaxHectares: number;
}

/** Area allowed outside the province: the smaller of the share of the zone and the km² cap. */
export function outsideProvinceAllowanceKm2(limits: ZoneRuleLimits, zoneAreaKm2: number): number {
	return Math.min(limits.outsideProvinceMaxShare * zoneAreaKm2, limits.outsideProvinceMaxKm2);
}

/** Bangkok: governed by the BMA, which is not in DLA's registry, so it has no LAOs. */
export const bangkokProvinceCode = 'TH10';
