/**
 * The live panel's computation, off the main thread: Turf's intersection of the zone with each
 * LAO it may cover takes seconds for a large zone (about 2 s for 2,000 vertices over 50 LAOs in
 * headless Chromium on two shared cores), which would freeze the drawing if run on the page.
 * The page sends the province's LAOs once, then each geometry; each answer names its request.
 */
import type { MultiPolygon } from 'geojson';
import { checkZoneGeometry } from '$lib/geo/zones/zone-geometry';
import { createZoneMetricsPreview } from '$lib/geo/zones/zone-metrics';
import type { LiveRequest, LiveAnswer } from './live-metrics';

// One previewer per editing session: after a vertex move it intersects only the LAOs near the
// moved vertex again and keeps the other LAOs' shares.
let preview = createZoneMetricsPreview([]);

function measure(id: number, geometry: MultiPolygon, maxVertices: number): LiveAnswer {
	const started = performance.now();
	const figures = preview(geometry);
	const problems = checkZoneGeometry(geometry, { maxVertices });
	return { id, figures, problems, computeMs: performance.now() - started };
}

self.onmessage = (event: MessageEvent<LiveRequest>) => {
	const request = event.data;
	if (request.type === 'context') {
		preview = createZoneMetricsPreview(request.laos);
		return;
	}
	self.postMessage(measure(request.id, request.geometry, request.maxVertices));
};
