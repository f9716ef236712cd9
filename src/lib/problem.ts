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

/**
 * What every parser at the boundary (route and query parameters, form posts, JSON bodies)
 * answers: the value, or the problems, each naming its field. The route turns problems into
 * its answer (a 400 JSON body, a form failure, a line above the page's table).
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** One issue of a failed zod parse, as much of it as a problem needs (zod 3 and 4 alike). */
export interface ParseIssue {
	code: string;
	path: readonly PropertyKey[];
	message: string;
}

/**
 * A failed zod parse as problems, each naming its field (`attributes.name`, `dlaCodes.2`; none
 * for the body as a whole). The one place zod's issues become problems: each caller names the
 * rule (the key its pages translate) and, if it wants, the message.
 */
export function problemsOfZod(
	error: { issues: readonly ParseIssue[] },
	naming: {
		rule: string | ((issue: ParseIssue, field: string | undefined) => string);
		message?: (issue: ParseIssue, field: string | undefined) => string;
	}
): Problem[] {
	return error.issues.map((issue) => {
		const field = issue.path.map(String).join('.') || undefined;
		return {
			rule: typeof naming.rule === 'string' ? naming.rule : naming.rule(issue, field),
			field,
			message: naming.message ? naming.message(issue, field) : issue.message
		};
	});
}
