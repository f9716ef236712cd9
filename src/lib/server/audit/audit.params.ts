import { z } from 'zod';
import { isoDayOrAsTyped } from '../../thai-calendar';
import type { AuditFilters } from './audit.repository';
import type { Parsed } from '../../problem';
import { parseParams } from '../http/params';

/**
 * The audit browser's filters as URL parameters (a GET form, so a filtered view is a link to
 * share). Empty fields are absent filters. Dates are ISO, `2026-11-26` or `2026-11-26T14:30`,
 * read as Bangkok time (UTC+7 all year: Thailand keeps no daylight saving time); `to` is
 * inclusive, to the end of that day or minute.
 */

const bangkokOffset = '+07:00';
const dayMs = 24 * 60 * 60 * 1000;
const minuteMs = 60 * 1000;

const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const localDateTime = z
	.string()
	.regex(
		/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/,
		'must be a date such as 26/11/2569, 2026-11-26 or 2026-11-26T14:30'
	)
	.refine((value) => {
		const instant = new Date(
			`${value.length === 10 ? `${value}T00:00` : value}:00${bangkokOffset}`
		);
		// Date accepts 2026-02-30 and rolls it over; a real date reads back the same.
		return (
			!Number.isNaN(instant.getTime()) &&
			new Date(instant.getTime() + 7 * 60 * 60 * 1000).toISOString().slice(0, value.length) ===
				value
		);
	}, 'is not a real date or time');

export const auditFilterParams = z
	.object({
		action: optional(
			z
				.string()
				.regex(
					/^[a-z][a-z0-9_.]{0,79}$/,
					'must be a verb or its start, such as zone. or user.login'
				)
		),
		actor: optional(
			z
				.string()
				.trim()
				.toLowerCase()
				.regex(/^[a-z0-9][a-z0-9._@-]{0,63}$/, 'must be a username')
		),
		entity: optional(
			z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be an entity type such as zone')
		),
		entityId: optional(
			z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/, 'must be an identifier such as 42')
		),
		province: optional(z.string().regex(/^TH[0-9]{2}$/, 'must be a province code such as TH40')),
		from: optional(z.preprocess(isoDayOrAsTyped, localDateTime)),
		to: optional(z.preprocess(isoDayOrAsTyped, localDateTime)),
		before: optional(
			z
				.string()
				.regex(/^[1-9][0-9]{0,17}$/, 'must be an entry number')
				.transform(Number)
		)
	})
	.refine((p) => !p.from || !p.to || bangkokStart(p.from) < bangkokEnd(p.to), {
		path: ['to'],
		message: 'must not be before from'
	});
export type AuditFilterParams = z.infer<typeof auditFilterParams>;

function bangkokStart(value: string): Date {
	return new Date(`${value.length === 10 ? `${value}T00:00` : value}:00${bangkokOffset}`);
}

/** The end of the day or minute, exclusive. */
function bangkokEnd(value: string): Date {
	return new Date(bangkokStart(value).getTime() + (value.length === 10 ? dayMs : minuteMs));
}

export type ParsedAuditParams = Parsed<{ params: AuditFilterParams; filters: AuditFilters }>;

/** Parses the URL's parameters; a refusal names the first bad parameter. */
export function parseAuditParams(searchParams: URLSearchParams): ParsedAuditParams {
	const parsed = parseParams(auditFilterParams, Object.fromEntries(searchParams));
	if (!parsed.ok) return parsed;
	const p = parsed.value;
	return {
		ok: true,
		value: {
			params: p,
			filters: {
				actionPrefix: p.action,
				actorUsername: p.actor,
				entityType: p.entity,
				entityId: p.entityId,
				provinceCode: p.province,
				from: p.from === undefined ? undefined : bangkokStart(p.from),
				until: p.to === undefined ? undefined : bangkokEnd(p.to)
			}
		}
	};
}
