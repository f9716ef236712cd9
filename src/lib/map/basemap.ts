import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

/**
 * A basemap under the boundaries (roads, rivers, villages, imagery), configured by the operator
 * and off by default: with none the map asks nothing of any host but the app's own origin.
 * `raster` is an XYZ template (`BASEMAP_TILES`), `style` a MapLibre style (`BASEMAP_STYLE_URL`).
 */
export type Basemap =
	| { kind: 'raster'; tiles: string[]; attribution: string; maxzoom: number }
	| { kind: 'style'; url: string };

/** Layers of the app's style that paint the land and sea, hidden so the basemap shows through. */
const ownGround = new Set(['sea', 'province-fill']);
/** Prefix of the basemap style's source ids, so they never meet the app's own (`lao`, …). */
const prefix = 'basemap-';

/**
 * The app's style drawn over a basemap: the basemap's layers first, then the app's boundaries,
 * LAO fills and labels. The app's sea and land fills stay (clicks and queries use them) but are
 * painted transparent. Pure: `basemapStyle` is the fetched style of a `style` basemap.
 */
export function withBasemap(
	style: StyleSpecification,
	basemap: Basemap | null,
	basemapStyle?: StyleSpecification
): StyleSpecification {
	if (!basemap) return style;
	const own = style.layers.map(clearGround);
	if (basemap.kind === 'raster') {
		return {
			...style,
			sources: {
				basemap: {
					type: 'raster',
					tiles: basemap.tiles,
					tileSize: 256,
					maxzoom: basemap.maxzoom,
					attribution: basemap.attribution
				},
				...style.sources
			},
			layers: [{ id: 'basemap', type: 'raster', source: 'basemap' }, ...own]
		};
	}
	if (!basemapStyle) return style;
	const sources = Object.fromEntries(
		Object.entries(basemapStyle.sources).map(([id, source]) => [prefix + id, source])
	);
	const layers = basemapStyle.layers.map((layer) =>
		'source' in layer && typeof layer.source === 'string'
			? ({ ...layer, id: prefix + layer.id, source: prefix + layer.source } as LayerSpecification)
			: ({ ...layer, id: prefix + layer.id } as LayerSpecification)
	);
	return {
		...style,
		...(basemapStyle.glyphs ? { glyphs: basemapStyle.glyphs } : {}),
		...(basemapStyle.sprite ? { sprite: basemapStyle.sprite } : {}),
		sources: { ...sources, ...style.sources },
		layers: [...layers, ...own]
	};
}

function clearGround(layer: LayerSpecification): LayerSpecification {
	if (!ownGround.has(layer.id)) return layer;
	if (layer.type === 'background')
		return { ...layer, paint: { ...layer.paint, 'background-opacity': 0 } };
	if (layer.type === 'fill') return { ...layer, paint: { ...layer.paint, 'fill-opacity': 0 } };
	return layer;
}

/**
 * The style a map starts with: a `style` basemap is fetched first (from the browser; it is the
 * operator's chosen host). When it cannot be read the map starts without it rather than not at
 * all, and says why in the console.
 */
export async function startingStyle(
	style: StyleSpecification,
	basemap: Basemap | null,
	fetchStyle: typeof fetch = fetch
): Promise<StyleSpecification> {
	if (basemap?.kind !== 'style') return withBasemap(style, basemap);
	try {
		const response = await fetchStyle(basemap.url);
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		const fetched = (await response.json()) as StyleSpecification;
		if (fetched?.version !== 8 || !Array.isArray(fetched.layers) || !fetched.sources)
			throw new Error('not a MapLibre style (version 8 with sources and layers)');
		return withBasemap(style, basemap, fetched);
	} catch (error) {
		console.warn(`The basemap style ${basemap.url} could not be used:`, error);
		return style;
	}
}
