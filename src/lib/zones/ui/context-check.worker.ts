/**
 * The province-edge and overlap check off the main thread (see context-check.ts): the page
 * sends the province outline, the active zones and the limits once, then each finished edit.
 */
import { contextProblems, type ContextCheckInput } from '$lib/geo/zones/context-checks';
import type { ContextCheckAnswer, ContextCheckRequest } from './context-check';

let input: ContextCheckInput | null = null;

self.onmessage = (event: MessageEvent<ContextCheckRequest>) => {
	const request = event.data;
	if (request.type === 'context') {
		input = request.input;
		return;
	}
	const started = performance.now();
	const problems = input ? contextProblems(request.geometry, input) : [];
	self.postMessage({
		id: request.id,
		problems,
		computeMs: performance.now() - started
	} satisfies ContextCheckAnswer);
};
