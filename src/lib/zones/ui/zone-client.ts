/**
 * The browser's calls to the zone JSON API (src/routes/api/zones/**), whose shapes live in
 * `$lib/zones/zone-api`. The server is the judge of every rule; its answers are shown as is.
 */
import type { Problem } from '$lib/problem';
import type { Geometry, MultiPolygon } from 'geojson';
import type { ZoneAttributes } from '$lib/zones/zone-input';
import { emptySwot } from '$lib/zones/readiness';
import type { GeometrySource } from '$lib/geo/zones/zone-terms';
import type { ZoneRevisionView } from '$lib/zones/zone-api';

export const emptyAttributes = (): ZoneAttributes => ({
	name: '',
	description: '',
	objectives: '',
	objectiveTags: [],
	partners: [],
	swot: emptySwot()
});

/** A revision's attributes, as the form edits them (deep copies). */
export function attributesOf(revision: ZoneRevisionView): ZoneAttributes {
	return {
		name: revision.name,
		description: revision.description ?? '',
		objectives: revision.objectives ?? '',
		objectiveTags: [...(revision.objectiveTags ?? [])],
		partners: (revision.partners ?? []).map((p) => ({ ...p })),
		swot: {
			strengths: [...(revision.swot?.strengths ?? [])],
			weaknesses: [...(revision.swot?.weaknesses ?? [])],
			opportunities: [...(revision.swot?.opportunities ?? [])],
			threats: [...(revision.swot?.threats ?? [])]
		}
	};
}

/** One problem with a zone: the browser preview's, or the server's (with field and details). */
export interface ZoneProblem extends Problem {
	/** Where on the map, when the rule can say. */
	at?: Geometry | null;
}

/** The place of a problem: the preview's `at`, or the server's `details.at`/`details.geometry`. */
export function problemPlace(problem: ZoneProblem): Geometry | null {
	if (problem.at && typeof problem.at === 'object' && 'type' in problem.at) return problem.at;
	const details = problem.details ?? {};
	for (const key of ['at', 'geometry', 'place', 'overlap']) {
		const value = details[key] as Geometry | undefined;
		if (value && typeof value === 'object' && 'type' in value) return value;
	}
	return null;
}

/** A refused request: the server's JSON body (see `domainErrorBody`). */
export interface RefusalBody {
	error: string;
	message?: string;
	problems?: ZoneProblem[];
	details?: Record<string, unknown>;
}

export type ApiAnswer<T> =
	{ ok: true; status: number; body: T } | { ok: false; status: number; body: RefusalBody };

/** Calls the zone API with JSON (or a form) in and JSON out; a refusal is a value, not thrown. */
export async function callZoneApi<T>(
	path: string,
	init: { method?: string; body?: unknown; signal?: AbortSignal; form?: FormData } = {}
): Promise<ApiAnswer<T>> {
	const hasBody = init.body !== undefined || init.form !== undefined;
	const response = await fetch(path, {
		method: init.method ?? (hasBody ? 'POST' : 'GET'),
		headers: init.form || !hasBody ? undefined : { 'content-type': 'application/json' },
		body: init.form ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
		signal: init.signal
	});
	let body: unknown;
	try {
		body = await response.json();
	} catch {
		body = { error: `http_${response.status}` };
	}
	if (response.ok) return { ok: true, status: response.status, body: body as T };
	return { ok: false, status: response.status, body: (body ?? {}) as RefusalBody };
}

/** The payload of POST and PUT /api/zones. */
export interface ZoneSaveInput {
	baseRevisionId: number | null;
	attributes: ZoneAttributes;
	geometry: MultiPolygon;
	geometrySource: GeometrySource;
}
