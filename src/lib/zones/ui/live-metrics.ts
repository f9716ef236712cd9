import type { MultiPolygon } from 'geojson';
import { checkZoneGeometry, type ZoneGeometryProblem } from '$lib/geo/zones/zone-geometry';
import {
	createZoneMetricsPreview,
	type ZoneContextLao,
	type ZoneMetricsPreview
} from '$lib/geo/zones/zone-metrics';

export type LiveRequest =
	| { type: 'context'; laos: ZoneContextLao[] }
	| { type: 'measure'; id: number; geometry: MultiPolygon; maxVertices: number };

export interface LiveAnswer {
	id: number;
	figures: ZoneMetricsPreview;
	problems: ZoneGeometryProblem[];
	/** Time of the computation itself, ms (without the messages to and from the worker). */
	computeMs: number;
}

/**
 * Runs the live panel's computation in a Web Worker, one at a time: while one runs, only the
 * latest geometry waits, so a long drag never queues stale work. Without workers (an old
 * browser) it computes on the page.
 */
export class LiveMetrics {
	private worker: Worker | null = null;
	/** The page's own previewer, used only when there is no worker. */
	private preview = createZoneMetricsPreview([]);
	private nextId = 0;
	private running: number | null = null;
	private waiting: { geometry: MultiPolygon; maxVertices: number } | null = null;

	constructor(private readonly onanswer: (answer: LiveAnswer) => void) {
		try {
			this.worker = new Worker(new URL('./live-metrics.worker.ts', import.meta.url), {
				type: 'module'
			});
			this.worker.onmessage = (event: MessageEvent<LiveAnswer>) => this.answered(event.data);
			this.worker.onerror = (event) => {
				console.warn('The live-figures worker failed; computing on the page:', event.message);
				this.worker?.terminate();
				this.worker = null;
				this.running = null;
			};
		} catch (error) {
			console.warn('No worker for the live figures; computing on the page:', error);
		}
	}

	setLaos(laos: ZoneContextLao[]): void {
		this.preview = createZoneMetricsPreview(laos);
		this.worker?.postMessage({ type: 'context', laos } satisfies LiveRequest);
	}

	/** Asks for the figures of `geometry`; the answer comes to `onanswer`. */
	measure(geometry: MultiPolygon, maxVertices: number): void {
		if (this.running !== null) {
			this.waiting = { geometry, maxVertices };
			return;
		}
		const id = ++this.nextId;
		this.running = id;
		if (this.worker) {
			this.worker.postMessage({ type: 'measure', id, geometry, maxVertices } satisfies LiveRequest);
			return;
		}
		const started = performance.now();
		const figures = this.preview(geometry);
		const problems = checkZoneGeometry(geometry, { maxVertices });
		this.answered({ id, figures, problems, computeMs: performance.now() - started });
	}

	/** Forgets work not yet answered (the zone became empty). */
	cancel(): void {
		this.waiting = null;
		this.nextId++;
	}

	private answered(answer: LiveAnswer): void {
		this.running = null;
		// An answer for a geometry replaced since is dropped; the waiting one goes next.
		if (answer.id === this.nextId) this.onanswer(answer);
		const next = this.waiting;
		this.waiting = null;
		if (next) this.measure(next.geometry, next.maxVertices);
	}

	destroy(): void {
		this.worker?.terminate();
		this.worker = null;
	}
}
