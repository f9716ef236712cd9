import { manifest } from '$lib/server/geodata/datasets';
import type { PageServerLoad } from './$types';

/** The map draws the boundaries and the LAO registry: their source lines go in its attribution. */
export const load: PageServerLoad = () => {
	const shown = new Set(['tambon_boundaries', 'lao_registry', 'lao_tambon_links']);
	const lines = manifest.filter((d) => shown.has(d.kind)).map((d) => d.sourceLine);
	return { attribution: [...new Set(lines)].join(' · ') };
};
