import type { Actor } from '../../accounts/roles';
import { forbidden } from '../domain-errors';
import { canImportIndicators } from './permissions';

/**
 * Guards for pages whose service has no actor of its own (the indicator import predates
 * accounts): the load function and every action call one, so the refusal happens on the server
 * whatever link the page shows. They throw `forbidden`, which `throwPageError` turns into a
 * redirect to the log-in page for the public and 403 for everyone else.
 */

export function requireIndicatorImporter(actor: Actor | null): Actor {
	if (!actor || !canImportIndicators(actor)) {
		throw forbidden('Only DLA staff import indicators');
	}
	return actor;
}
