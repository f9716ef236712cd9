/**
 * Map labels drawn by the browser, not by MapLibre.
 *
 * MapLibre's own text renderer places each glyph from a signed-distance-field atlas without
 * OpenType shaping, so Thai vowel and tone marks land on top of each other or beside their
 * consonant (https://github.com/maplibre/maplibre-gl-js/issues/2384). The browser's canvas
 * shapes text with HarfBuzz like any web page, so each label is drawn into a canvas here and
 * given to MapLibre as an image: symbol layers use `icon-image: "label:<style>:<text>"` and keep
 * MapLibre's collision detection, and the style needs no glyph server at all.
 */

/** The interface font (`$lib/ui/fonts.css`: the device's own, else the bundled files). */
export const LABEL_FONT_FAMILY = '"Noto Sans Thai"';

export interface LabelStyle {
	/** CSS pixels. */
	fontSizePx: number;
	/** Regular or bold: the faces `fonts.css` declares. */
	fontWeight: 400 | 700;
	color: string;
	haloColor: string;
	/** Halo width in CSS pixels, on each side of the glyph outline. */
	haloWidthPx: number;
}

export const labelStyles = {
	province: {
		fontSizePx: 14,
		fontWeight: 700,
		color: '#173d2a',
		haloColor: '#ffffff',
		haloWidthPx: 2.5
	},
	district: {
		fontSizePx: 12.5,
		fontWeight: 700,
		color: '#3c4a42',
		haloColor: '#ffffff',
		haloWidthPx: 2
	},
	tambon: {
		fontSizePx: 12,
		fontWeight: 400,
		color: '#2b3630',
		haloColor: '#ffffff',
		haloWidthPx: 2
	},
	lao: {
		fontSizePx: 12,
		fontWeight: 400,
		color: '#5a2a0c',
		haloColor: '#fffdf5',
		haloWidthPx: 2
	}
} as const satisfies Record<string, LabelStyle>;

export type LabelStyleName = keyof typeof labelStyles;

const PREFIX = 'label:';

/** The `icon-image` id of one label: `label:<style>:<text>`. */
export function labelImageId(style: LabelStyleName, text: string): string {
	return `${PREFIX}${style}:${text}`;
}

/** The style-expression form of {@link labelImageId}, for a symbol layer's `icon-image`. */
export function labelImageExpression(style: LabelStyleName, textExpression: unknown): unknown {
	return ['concat', `${PREFIX}${style}:`, textExpression];
}

/** Reads an id made by {@link labelImageId}; `null` for any other image id. */
export function parseLabelImageId(id: string): { style: LabelStyleName; text: string } | null {
	if (!id.startsWith(PREFIX)) return null;
	const rest = id.slice(PREFIX.length);
	const colon = rest.indexOf(':');
	if (colon < 0) return null;
	const style = rest.slice(0, colon);
	const text = rest.slice(colon + 1);
	if (!(style in labelStyles) || text === '') return null;
	return { style: style as LabelStyleName, text };
}

export function cssFont(style: LabelStyle): string {
	return `${style.fontWeight} ${style.fontSizePx}px ${LABEL_FONT_FAMILY}`;
}

let fontsLoaded: Promise<void> | undefined;

/**
 * Waits until the bundled font's Thai and Latin subsets are loaded in every weight the labels
 * use: a canvas draws with whatever font is ready at that moment and never redraws.
 */
export function loadLabelFonts(): Promise<void> {
	fontsLoaded ??= Promise.all(
		Object.values(labelStyles).map((style) => document.fonts.load(cssFont(style), 'กิ่ Ag'))
	).then(() => undefined);
	return fontsLoaded;
}

export interface LabelImage {
	/** Device pixels. */
	width: number;
	height: number;
	data: Uint8ClampedArray;
	/** Device pixels per CSS pixel the image was drawn for (MapLibre's `pixelRatio`). */
	pixelRatio: number;
}

let scratch: HTMLCanvasElement | undefined;

/**
 * Draws one label: the text with a halo, at `pixelRatio` device pixels per CSS pixel so it is
 * sharp on high-density screens. The box holds the glyphs' real ink extent (Thai marks reach
 * above the ascent and below the baseline) plus the halo.
 */
export function renderLabel(text: string, style: LabelStyle, pixelRatio: number): LabelImage {
	scratch ??= document.createElement('canvas');
	const context = scratch.getContext('2d', { willReadFrequently: true });
	if (!context) throw new Error('no 2D canvas context for map labels');
	context.font = cssFont(style);
	const metrics = context.measureText(text);
	const pad = Math.ceil(style.haloWidthPx + 1);
	const ascent = Math.max(metrics.actualBoundingBoxAscent, metrics.fontBoundingBoxAscent * 0.8);
	const descent = Math.max(metrics.actualBoundingBoxDescent, 1);
	const left = Math.max(metrics.actualBoundingBoxLeft, 0);
	const inkWidth = Math.max(metrics.actualBoundingBoxRight + left, metrics.width);
	const cssWidth = Math.ceil(inkWidth) + 2 * pad;
	const cssHeight = Math.ceil(ascent + descent) + 2 * pad;
	const width = Math.max(1, Math.round(cssWidth * pixelRatio));
	const height = Math.max(1, Math.round(cssHeight * pixelRatio));

	scratch.width = width;
	scratch.height = height;
	context.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
	context.clearRect(0, 0, cssWidth, cssHeight);
	// Setting the canvas size resets the context's state.
	context.font = cssFont(style);
	context.textBaseline = 'alphabetic';
	context.textAlign = 'left';
	const x = pad + left;
	const y = pad + ascent;
	context.lineJoin = 'round';
	context.miterLimit = 2;
	context.lineWidth = style.haloWidthPx * 2;
	context.strokeStyle = style.haloColor;
	context.strokeText(text, x, y);
	context.fillStyle = style.color;
	context.fillText(text, x, y);
	const pixels = context.getImageData(0, 0, width, height);
	return { width, height, data: pixels.data, pixelRatio };
}

/** The part of MapLibre's map that labels need (kept narrow so tests can stand in for it). */
export interface LabelImageTarget {
	hasImage(id: string): boolean;
	addImage(
		id: string,
		image: { width: number; height: number; data: Uint8ClampedArray },
		options: { pixelRatio: number }
	): unknown;
	setMissingStyleImageResolver(resolver: ((id: string) => Promise<void>) | null): unknown;
}

/**
 * Makes `map` draw every `label:<style>:<text>` image on demand. MapLibre 6 awaits the resolver
 * before it gives up on an image (the `styleimagemissing` event can no longer supply one).
 */
export function installLabelImages(
	map: LabelImageTarget,
	pixelRatio: () => number = () => window.devicePixelRatio || 1
): void {
	map.setMissingStyleImageResolver(async (id) => {
		const label = parseLabelImageId(id);
		if (!label) return;
		await loadLabelFonts();
		if (map.hasImage(id)) return;
		const image = renderLabel(label.text, labelStyles[label.style], pixelRatio());
		map.addImage(id, image, { pixelRatio: image.pixelRatio });
	});
}
