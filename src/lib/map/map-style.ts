import type {
	ExpressionSpecification,
	FilterSpecification,
	LayerSpecification,
	StyleSpecification,
	VectorSourceSpecification
} from 'maplibre-gl';
import type { Locale } from '$lib/i18n';
import type { LaoType } from '$lib/lao-types';
import { labelImageExpression } from './label-images';

/** The four tiled layers the server serves at /tiles/{layer}/{z}/{x}/{y}.pbf. */
export const tileLayers = ['province', 'district', 'tambon', 'lao'] as const;
export type TileLayer = (typeof tileLayers)[number];

/** The server makes tiles up to this zoom; MapLibre overzooms them beyond it. */
const TILE_MAX_ZOOM = 14;

export const mapColors = {
	sea: '#c9dde6',
	land: '#f3f0e4',
	provinceLine: '#7d8471',
	districtLine: '#a2a795',
	tambonLine: '#c4c7b6',
	selected: '#1864ab',
	selectedCasing: '#ffffff'
} as const;

/** One colour per LAO type, from the largest organisation to the smallest. */
export const laoColors: Record<LaoType, string> = {
	provincial_admin_org: '#7048a8',
	city_municipality: '#c0392b',
	town_municipality: '#e67e22',
	subdistrict_municipality: '#e9b400',
	subdistrict_admin_org: '#5b9e4d',
	special_admin_area: '#b03a8c'
};

/** The short Thai forms used on map labels (อบต. บ้านเป็ด); English labels show the name only. */
const laoAbbreviationTh: Record<LaoType, string> = {
	provincial_admin_org: 'อบจ.',
	city_municipality: 'ทน.',
	town_municipality: 'ทม.',
	subdistrict_municipality: 'ทต.',
	subdistrict_admin_org: 'อบต.',
	special_admin_area: ''
};

/** Zoom levels at which each kind of unit appears. */
export const layerMinZoom = { province: 0, district: 7, tambon: 9, lao: 9 } as const;

/** `['match', ['get', 'lao_type'], type1, value1, …, fallback]` for every LAO type. */
function byLaoType(values: Record<LaoType, string>, fallback: string): ExpressionSpecification {
	const pairs = Object.entries(values).flat();
	// The spec's tuple type cannot describe a spread of pairs; the shape is right by construction.
	return ['match', ['get', 'lao_type'], ...pairs, fallback] as unknown as ExpressionSpecification;
}

export function laoColorExpression(): ExpressionSpecification {
	return byLaoType(laoColors, '#888888');
}

function nameExpression(locale: Locale): ExpressionSpecification {
	return locale === 'th'
		? ['get', 'name_th']
		: ['coalesce', ['get', 'name_en'], ['get', 'name_th']];
}

function laoNameExpression(locale: Locale): ExpressionSpecification {
	if (locale !== 'th') return nameExpression(locale);
	return ['concat', byLaoType(laoAbbreviationTh, ''), ['get', 'name_th']];
}

/** The `icon-image` of each label layer, by language. */
export function labelImages(locale: Locale): Record<string, ExpressionSpecification> {
	return {
		'province-label': labelImageExpression(
			'province',
			nameExpression(locale)
		) as ExpressionSpecification,
		'district-label': labelImageExpression(
			'district',
			nameExpression(locale)
		) as ExpressionSpecification,
		'tambon-label': labelImageExpression(
			'tambon',
			nameExpression(locale)
		) as ExpressionSpecification,
		'lao-label': labelImageExpression('lao', laoNameExpression(locale)) as ExpressionSpecification
	};
}

const isApproximate: ExpressionSpecification = ['to-boolean', ['get', 'approximate']];
const isPao: ExpressionSpecification = ['==', ['get', 'lao_type'], 'provincial_admin_org'];
const nothing: FilterSpecification = ['==', ['get', 'code'], '__none__'];

/** The property that identifies a unit in each tile layer (what the API calls `code`). */
export const codeProperty: Record<TileLayer, string> = {
	province: 'code',
	district: 'code',
	tambon: 'code',
	lao: 'dla_code'
};

/** Colours of the score choropleth, from 0 to 100 (a sequential green ramp). */
export const scoreColorStops = [
	[0, '#f7fcb9'],
	[50, '#addd8e'],
	[100, '#238443']
] as const;

/** Fill colour from the feature state `score`; transparent where the LAO has none. */
const scoreColorExpression = [
	'case',
	['==', ['typeof', ['feature-state', 'score']], 'number'],
	['interpolate', ['linear'], ['feature-state', 'score'], ...scoreColorStops.flat()],
	'rgba(0, 0, 0, 0)'
] as unknown as ExpressionSpecification;

/** A filter that matches the unit `code` of `layer`, or nothing. */
export function selectionFilter(layer: TileLayer, code: string | null): FilterSpecification {
	return code === null ? nothing : ['==', ['to-string', ['get', codeProperty[layer]]], code];
}

function labelLayer(
	id: string,
	source: TileLayer,
	minzoom: number,
	maxzoom: number,
	icon: ExpressionSpecification,
	sortKey: ExpressionSpecification | number,
	filter?: FilterSpecification
): LayerSpecification {
	return {
		id,
		type: 'symbol',
		source,
		'source-layer': `${source}_label`,
		minzoom,
		maxzoom,
		...(filter ? { filter } : {}),
		layout: {
			'icon-image': icon,
			'icon-anchor': 'center',
			'icon-padding': 2,
			'symbol-sort-key': sortKey
		}
	};
}

/**
 * The whole map style: a sea-coloured background, the land from province fills at every zoom,
 * boundaries by zoom, LAO areas coloured by type and labels drawn as images. No basemap, no
 * glyphs, no sprite: the map asks nothing of any host but this app's own origin.
 */
export function buildMapStyle(
	origin: string,
	locale: Locale,
	attribution: string
): StyleSpecification {
	const source = (layer: TileLayer): VectorSourceSpecification => ({
		type: 'vector',
		tiles: [`${origin}/tiles/${layer}/{z}/{x}/{y}.pbf`],
		minzoom: 0,
		maxzoom: TILE_MAX_ZOOM,
		...(layer === 'province' ? { attribution } : {})
	});
	const labels = labelImages(locale);
	const selectedLine = (layer: TileLayer, minzoom: number): LayerSpecification[] => [
		{
			id: `${layer}-selected-casing`,
			type: 'line',
			source: layer,
			'source-layer': layer,
			minzoom,
			filter: nothing,
			paint: { 'line-color': mapColors.selectedCasing, 'line-width': 6, 'line-opacity': 0.9 }
		},
		{
			id: `${layer}-selected-line`,
			type: 'line',
			source: layer,
			'source-layer': layer,
			minzoom,
			filter: nothing,
			paint: { 'line-color': mapColors.selected, 'line-width': 3 }
		}
	];

	return {
		version: 8,
		sources: {
			province: source('province'),
			district: source('district'),
			tambon: source('tambon'),
			lao: source('lao')
		},
		layers: [
			{ id: 'sea', type: 'background', paint: { 'background-color': mapColors.sea } },
			{
				id: 'province-fill',
				type: 'fill',
				source: 'province',
				'source-layer': 'province',
				paint: { 'fill-color': mapColors.land, 'fill-antialias': false }
			},
			{
				id: 'province-selected-fill',
				type: 'fill',
				source: 'province',
				'source-layer': 'province',
				filter: nothing,
				paint: { 'fill-color': mapColors.selected, 'fill-opacity': 0.08 }
			},
			{
				id: 'lao-fill',
				type: 'fill',
				source: 'lao',
				'source-layer': 'lao',
				minzoom: layerMinZoom.lao,
				filter: ['!', isPao],
				// Municipalities above the SAOs they sit in: draw_order 1 SAO … 4 city municipality.
				layout: { 'fill-sort-key': ['get', 'draw_order'] },
				paint: {
					'fill-color': laoColorExpression(),
					'fill-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.22, 13, 0.3]
				}
			},
			{
				// Score choropleth (the scores page): hidden until scores are set as feature state
				// `score` (0–100) on the LAO features, whose numeric id is the DLA code.
				id: 'lao-score-fill',
				type: 'fill',
				source: 'lao',
				'source-layer': 'lao',
				minzoom: layerMinZoom.lao,
				filter: ['!', isPao],
				layout: { visibility: 'none', 'fill-sort-key': ['get', 'draw_order'] },
				paint: { 'fill-color': scoreColorExpression, 'fill-opacity': 0.8 }
			},
			{
				id: 'tambon-line',
				type: 'line',
				source: 'tambon',
				'source-layer': 'tambon',
				minzoom: layerMinZoom.tambon,
				paint: {
					'line-color': mapColors.tambonLine,
					'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.4, 14, 1]
				}
			},
			{
				id: 'lao-line',
				type: 'line',
				source: 'lao',
				'source-layer': 'lao',
				minzoom: layerMinZoom.lao,
				filter: ['all', ['!', isPao], ['!', isApproximate]],
				layout: { 'line-sort-key': ['get', 'draw_order'], 'line-join': 'round' },
				paint: {
					'line-color': laoColorExpression(),
					'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.6, 14, 1.6]
				}
			},
			{
				id: 'lao-line-approximate',
				type: 'line',
				source: 'lao',
				'source-layer': 'lao',
				minzoom: layerMinZoom.lao,
				filter: ['all', ['!', isPao], isApproximate],
				layout: { 'line-sort-key': ['get', 'draw_order'] },
				paint: {
					'line-color': laoColorExpression(),
					'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.8, 14, 1.8],
					'line-dasharray': [3, 2]
				}
			},
			{
				id: 'district-line',
				type: 'line',
				source: 'district',
				'source-layer': 'district',
				minzoom: layerMinZoom.district,
				layout: { 'line-join': 'round' },
				paint: {
					'line-color': mapColors.districtLine,
					'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.5, 12, 1.4]
				}
			},
			{
				id: 'pao-line',
				type: 'line',
				source: 'lao',
				'source-layer': 'lao',
				minzoom: layerMinZoom.lao,
				filter: isPao,
				layout: { 'line-join': 'round' },
				paint: {
					'line-color': laoColors.provincial_admin_org,
					'line-width': 5,
					'line-opacity': 0.35
				}
			},
			{
				id: 'province-line',
				type: 'line',
				source: 'province',
				'source-layer': 'province',
				minzoom: 4,
				layout: { 'line-join': 'round' },
				paint: {
					'line-color': mapColors.provinceLine,
					'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.6, 8, 1.4, 12, 2.2]
				}
			},
			...selectedLine('tambon', layerMinZoom.tambon),
			...selectedLine('lao', 0),
			...selectedLine('district', 0),
			...selectedLine('province', 0),
			labelLayer('tambon-label', 'tambon', 12, 24, labels['tambon-label']!, 3, undefined),
			labelLayer(
				'lao-label',
				'lao',
				10,
				24,
				labels['lao-label']!,
				['-', 10, ['get', 'draw_order']],
				['!', isPao]
			),
			labelLayer('district-label', 'district', 8, 11, labels['district-label']!, 1),
			labelLayer('province-label', 'province', 4.5, 9, labels['province-label']!, 0)
		]
	};
}

/** Candidate zones drawn over the map: orange, apart from the LAO type colours. */
export const overlayColours = { fill: '#f08c00', line: '#b35c00' } as const;

/** Approved zones on the public map: teal, apart from the candidates' orange and the LAO colours. */
export const approvedZoneColours = { fill: '#1098ad', line: '#0b5f6e' } as const;

/**
 * Constraint layers over the map (issue 13): purple and brown hues, apart from the candidates'
 * orange, the approved zones' teal and the LAO colours; the nth layer takes the nth colour.
 */
const constraintPalette = ['#7b2cbf', '#8d5524', '#c2185b', '#2f4b7c', '#5a7d2a'] as const;
export function constraintColour(index: number): string {
	return constraintPalette[index % constraintPalette.length]!;
}

/** One constraint layer drawn over the map, with its polygons. */
export interface ConstraintOverlay {
	key: string;
	version: number;
	colour: string;
	data: import('geojson').FeatureCollection;
}
