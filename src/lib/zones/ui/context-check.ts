import type { MultiPolygon } from 'geojson';
import { contextProblems, type ContextCheckInput } from '$lib/geo/zones/context-checks';
import type { ZoneGeometryProblem } from '$lib/geo/zones/zone-geometry';

export type ContextCheckRequest =
	| { type: 'context'; input: ContextCheckInput }
	| { type: 'check'; id: number; geometry: MultiPolygon };

export interface ContextCheckAnswer {
	id: number;
	problems: ZoneGeometryProblem[];
	/** Time of the check itself, ms (without the messages to and from the worker). */
	computeMs: number;
}

/**
 * The browser's verdict on the province edge and overlaps with active zones after each finished
 * edit (issue 15), in a worker of its own: the live figures' worker may be busy for a second
 * with a large zone, and this verdict should come within 300 ms of the edit (`npm run
 * bench:live`). One check at a time; only the latest geometry waits. Without workers it checks
 * on the page.
 */
export class ContextChecker {
	private worker: Worker | null = null;
	private input: ContextCheckInput | null = null;
	private nextId = 0;
	private running = false;
	private waiting: { id: number; geometry: MultiPolygon } | null = null;

	constructor(private readonly onanswer: (answer: ContextCheckAnswer) => void) {
		try {
			this.worker = new Worker(new URL('./context-check.worker.ts', import.meta.url), {
				type: 'module'
			});
			this.worker.onmessage = (event: MessageEvent<ContextCheckAnswer>) =>
				this.answered(event.data);
			this.worker.onerror = (event) => {
				console.warn('The context-check worker failed; checking on the page:', event.message);
				this.worker?.terminate();
				this.worker = null;
				this.running = false;
			};
		} catch (error) {
			console.warn('No worker for the context check; checking on the page:', error);
		}
	}

	get ready(): boolean {
		return this.input !== null;
	}

	setContext(input: ContextCheckInput): void {
		this.input = input;
		this.worker?.postMessage({ type: 'context', input } satisfies ContextCheckRequest);
	}

	/** Asks for the verdict on `geometry`; returns the request's id (its answer names it). */
	check(geometry: MultiPolygon): number {
		const id = ++this.nextId;
		if (this.running) {
			this.waiting = { id, geometry };
			return id;
		}
		this.send(id, geometry);
		return id;
	}

	private send(id: number, geometry: MultiPolygon): void {
		this.running = true;
		if (this.worker) {
			this.worker.postMessage({ type: 'check', id, geometry } satisfies ContextCheckRequest);
			return;
		}
		const started = performance.now();
		const problems = this.input ? contextProblems(geometry, this.input) : [];
		// Asynchronous like the worker's answer, so the caller's state is set first.
		queueMicrotask(() => this.answered({ id, problems, computeMs: performance.now() - started }));
	}

	private answered(answer: ContextCheckAnswer): void {
		this.running = false;
		if (answer.id === this.nextId) this.onanswer(answer);
		const next = this.waiting;
		this.waiting = null;
		if (next) this.send(next.id, next.geometry);
	}

	destroy(): void {
		this.worker?.terminate();
		this.worker = null;
	}
}
