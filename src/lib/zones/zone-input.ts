import { z } from 'zod';
import { emptySwot, zoneSwotSchema } from './readiness';
import { geometrySources, networkSectors } from '$lib/geo/zones/zone-terms';

/**
 * What a client sends to save a zone, parsed at the route with zod. The geometry stays `unknown`
 * here: the zone service parses it with `zoneGeometrySchema`, so its problems carry the
 * geometry rules (`geojson.invalid`, `ring.unclosed`, …) wherever the request came from.
 */

export const provinceCodeSchema = z
	.string()
	.regex(/^TH[0-9]{2}$/, 'must be a province code such as TH40');
export const dlaCodeSchema = z.string().regex(/^[0-9]{7}$/, 'must be a 7-digit DLA code');

/** A partner picked from the province's directory (`partnerId`), or named (added if new). */
export const zonePartnerSchema = z.object({
	partnerId: z.number().int().positive().optional(),
	sector: z.enum(networkSectors),
	name: z.string().trim().min(1).max(200)
});

export const zoneAttributesSchema = z.object({
	name: z.string().trim().min(1, 'a zone needs a name').max(200),
	description: z.string().max(20_000).default(''),
	/** Free text: what the zone is for, in the SEDZ's terms. */
	objectives: z.string().max(20_000).default(''),
	objectiveTags: z
		.array(z.string().trim().min(1).max(80))
		.max(30)
		.default([])
		.transform((tags) => [...new Set(tags)]),
	partners: z.array(zonePartnerSchema).max(200).default([]),
	/** Issue 17: strengths, weaknesses, opportunities, threats; older clients send none. */
	swot: zoneSwotSchema.default(emptySwot)
});
export type ZoneAttributes = z.infer<typeof zoneAttributesSchema>;

export const zoneSaveBodySchema = z.object({
	/** The revision the edit started from; null only when creating. */
	baseRevisionId: z.number().int().positive().nullable(),
	attributes: zoneAttributesSchema,
	geometry: z.unknown(),
	geometrySource: z.enum(geometrySources)
});

export const zoneCreateBodySchema = z.object({
	provinceCode: provinceCodeSchema,
	baseRevisionId: z.null().optional(),
	attributes: zoneAttributesSchema,
	geometry: z.unknown(),
	geometrySource: z.enum(geometrySources)
});

export const zonePreviewBodySchema = z.object({
	provinceCode: provinceCodeSchema,
	geometry: z.unknown()
});

export const zoneUnionBodySchema = z.object({
	provinceCode: provinceCodeSchema,
	dlaCodes: z.array(dlaCodeSchema).min(1, 'choose at least one LAO').max(500)
});

export const zoneFromCandidateBodySchema = z.object({
	provinceCode: provinceCodeSchema,
	memberDlaCodes: z.array(dlaCodeSchema).min(1, 'a candidate has at least one LAO').max(500),
	name: z.string().trim().min(1).max(200).optional()
});
