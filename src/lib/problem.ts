/**
 * One problem with a request, as the services refuse it and the pages show it (server and
 * browser share this shape). The UI shows `problemText`'s words for its `rule`, never the rule.
 */
export interface Problem {
	/** A stable identifier of the rule or field, e.g. `password.too_short`, `zone.self_intersection`. */
	rule: string;
	/** The field, row or feature the problem is in, when there is one. */
	field?: string;
	/** Plain-language explanation (English; the UI translates by `rule`). */
	message: string;
	/** Anything the UI needs to show it: a place on the map as GeoJSON, the limits, … */
	details?: Record<string, unknown>;
}
