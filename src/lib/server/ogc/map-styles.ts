import type { StyleSpecification } from 'maplibre-gl';
import { thailandBbox } from '$lib/geo/thailand-bbox';
import { laoTypes, type LaoType } from '$lib/lao-types';
import { buildMapStyle, laoColors, approvedZoneColours } from '$lib/map/map-style';
import {
	tileLayerMinZoom,
	tileLayerNames,
	tileMaxZoom,
	type TileLayerName
} from '../tiles/tile-layers';
import { manifest } from '../geodata/datasets';

/**
 * Styles for GIS software and other web maps, in the app's legend colours: a MapLibre
 * `style.json` and a TileJSON per tile layer for `/tiles` (QGIS's vector tile layer reads both),
 * and a QGIS `.qml` and an OGC SLD for the LAO types and the approved zones (to style the OGC
 * collections or the GeoPackages).
 */

/** The tiles' source lines, each once. */
export const tileAttribution = () =>
	[
		...new Set(
			manifest
				.filter((d) => ['tambon_boundaries', 'lao_registry', 'lao_tambon_links'].includes(d.kind))
				.map((d) => d.sourceLine)
		)
	].join(' · ');

const layerTitles: Record<TileLayerName, { th: string; en: string }> = {
	province: { th: 'จังหวัด', en: 'Provinces' },
	district: { th: 'อำเภอ', en: 'Districts' },
	tambon: { th: 'ตำบล', en: 'Subdistricts (tambons)' },
	lao: { th: 'องค์กรปกครองส่วนท้องถิ่น', en: 'Local Administrative Organizations' }
};

const tileFields: Record<TileLayerName, Record<string, string>> = {
	province: { code: 'String', name_th: 'String', name_en: 'String' },
	district: { code: 'String', name_th: 'String', name_en: 'String' },
	tambon: { code: 'String', name_th: 'String', name_en: 'String' },
	lao: {
		dla_code: 'String',
		code: 'String',
		lao_type: 'String',
		name_th: 'String',
		name_en: 'String',
		approximate: 'Boolean',
		draw_order: 'Number'
	}
};

/** TileJSON 3.0.0 of one tile layer (`/tiles/lao.json`). */
export function tileJson(origin: string, layer: TileLayerName) {
	return {
		tilejson: '3.0.0',
		name: `${layerTitles[layer].en} (${layerTitles[layer].th})`,
		description: `SEDZ planner vector tiles: ${layerTitles[layer].en}; the label points are in ${layer}_label.`,
		attribution: tileAttribution(),
		scheme: 'xyz',
		tiles: [`${origin}/tiles/${layer}/{z}/{x}/{y}.pbf`],
		minzoom: tileLayerMinZoom[layer],
		maxzoom: tileMaxZoom,
		bounds: [...thailandBbox],
		center: [100.9, 13.7, 6],
		vector_layers: [
			{
				id: layer,
				fields: tileFields[layer],
				minzoom: tileLayerMinZoom[layer],
				maxzoom: tileMaxZoom
			},
			{
				id: `${layer}_label`,
				fields: tileFields[layer],
				minzoom: tileLayerMinZoom[layer],
				maxzoom: tileMaxZoom
			}
		]
	};
}

export const tileJsonLayers = tileLayerNames;

/**
 * The map's own style without what only the app can draw: its labels are images made in the
 * browser (Thai shaping, see `label-images.ts`) and the selection and score layers are driven
 * by the app, so the public style keeps the fills and lines, which any MapLibre client or QGIS
 * draws as the app does.
 */
export function publicMapStyle(origin: string): StyleSpecification {
	const style = buildMapStyle(origin, 'th', tileAttribution());
	return {
		...style,
		name: 'SEDZ planner — administrative units and LAO types',
		layers: style.layers.filter(
			(layer) => layer.type !== 'symbol' && !/selected|score/.test(layer.id)
		)
	};
}

const laoTypeNames: Record<LaoType, { th: string; en: string }> = {
	provincial_admin_org: { th: 'องค์การบริหารส่วนจังหวัด', en: 'Provincial Administrative Organization' },
	city_municipality: { th: 'เทศบาลนคร', en: 'City Municipality' },
	town_municipality: { th: 'เทศบาลเมือง', en: 'Town Municipality' },
	subdistrict_municipality: { th: 'เทศบาลตำบล', en: 'Subdistrict Municipality' },
	subdistrict_admin_org: {
		th: 'องค์การบริหารส่วนตำบล',
		en: 'Subdistrict Administrative Organization'
	},
	special_admin_area: { th: 'เมืองพัทยา', en: 'Pattaya City' }
};

const xml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** "#5b9e4d" → "91,158,77,255" (QGIS colour). */
function qgisColour(hex: string, alpha = 255): string {
	const n = Number.parseInt(hex.slice(1), 16);
	return `${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha}`;
}

function qgisFillSymbol(name: string, fill: string, line: string, fillAlpha: number): string {
	return `<symbol name="${name}" type="fill" alpha="1" clip_to_extent="1" force_rhr="0">
    <layer class="SimpleFill" enabled="1" locked="0" pass="0">
     <Option type="Map">
      <Option name="color" type="QString" value="${qgisColour(fill, fillAlpha)}"/>
      <Option name="outline_color" type="QString" value="${qgisColour(line)}"/>
      <Option name="outline_style" type="QString" value="solid"/>
      <Option name="outline_width" type="QString" value="0.4"/>
      <Option name="outline_width_unit" type="QString" value="MM"/>
      <Option name="style" type="QString" value="solid"/>
     </Option>
     <prop k="color" v="${qgisColour(fill, fillAlpha)}"/>
     <prop k="outline_color" v="${qgisColour(line)}"/>
     <prop k="outline_width" v="0.4"/>
     <prop k="style" v="solid"/>
    </layer>
   </symbol>`;
}

/** A QGIS layer style (.qml) for the `laos` collection/GeoPackage: one class per LAO type. */
export function laoTypesQml(): string {
	const categories = laoTypes
		.map(
			(type, i) =>
				`   <category render="true" symbol="${i}" value="${type}" label="${xml(`${laoTypeNames[type].th} (${laoTypeNames[type].en})`)}"/>`
		)
		.join('\n');
	const symbols = laoTypes
		.map((type, i) => qgisFillSymbol(String(i), laoColors[type], laoColors[type], 77))
		.join('\n   ');
	return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0" styleCategories="Symbology">
 <renderer-v2 type="categorizedSymbol" attr="lao_type" enableorderby="0" symbollevels="0" forceraster="0">
  <categories>
${categories}
  </categories>
  <symbols>
   ${symbols}
  </symbols>
 </renderer-v2>
</qgis>
`;
}

/** A QGIS layer style (.qml) for the approved zones: the public map's teal. */
export function approvedZonesQml(): string {
	return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0" styleCategories="Symbology">
 <renderer-v2 type="singleSymbol" enableorderby="0" symbollevels="0" forceraster="0">
  <symbols>
   ${qgisFillSymbol('0', approvedZoneColours.fill, approvedZoneColours.line, 89)}
  </symbols>
 </renderer-v2>
</qgis>
`;
}

function sldRule(
	name: string,
	title: string,
	fill: string,
	line: string,
	fillOpacity: number,
	filter?: [string, string]
) {
	const ogcFilter = filter
		? `<ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>${filter[0]}</ogc:PropertyName><ogc:Literal>${filter[1]}</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>`
		: '';
	return `<se:Rule>
     <se:Name>${xml(name)}</se:Name>
     <se:Description><se:Title>${xml(title)}</se:Title></se:Description>
     ${ogcFilter}
     <se:PolygonSymbolizer>
      <se:Fill>
       <se:SvgParameter name="fill">${fill}</se:SvgParameter>
       <se:SvgParameter name="fill-opacity">${fillOpacity}</se:SvgParameter>
      </se:Fill>
      <se:Stroke>
       <se:SvgParameter name="stroke">${line}</se:SvgParameter>
       <se:SvgParameter name="stroke-width">1</se:SvgParameter>
      </se:Stroke>
     </se:PolygonSymbolizer>
    </se:Rule>`;
}

function sld(layerName: string, title: string, rules: string[]): string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.1.0" xmlns="http://www.opengis.net/sld"
 xmlns:se="http://www.opengis.net/se" xmlns:ogc="http://www.opengis.net/ogc"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd">
 <NamedLayer>
  <se:Name>${layerName}</se:Name>
  <UserStyle>
   <se:Name>${xml(title)}</se:Name>
   <se:FeatureTypeStyle>
    ${rules.join('\n    ')}
   </se:FeatureTypeStyle>
  </UserStyle>
 </NamedLayer>
</StyledLayerDescriptor>
`;
}

/** SLD 1.1 (Symbology Encoding) for the `laos` layer: one rule per LAO type. */
export function laoTypesSld(): string {
	return sld(
		'laos',
		'LAO types (ประเภท อปท.)',
		laoTypes.map((type) =>
			sldRule(
				type,
				`${laoTypeNames[type].th} (${laoTypeNames[type].en})`,
				laoColors[type],
				laoColors[type],
				0.3,
				['lao_type', type]
			)
		)
	);
}

/** SLD 1.1 for the approved zones. */
export function approvedZonesSld(): string {
	return sld('zones', 'Approved zones (เขตที่อนุมัติแล้ว)', [
		sldRule(
			'approved',
			'เขตพัฒนาเศรษฐกิจพอเพียงที่อนุมัติแล้ว (Approved SEDZ)',
			approvedZoneColours.fill,
			approvedZoneColours.line,
			0.35
		)
	]);
}

/** The style files offered on /data, by file name. */
export const styleFiles = {
	'laos.qml': { body: laoTypesQml, contentType: 'application/xml' },
	'zones.qml': { body: approvedZonesQml, contentType: 'application/xml' },
	'laos.sld': { body: laoTypesSld, contentType: 'application/vnd.ogc.sld+xml' },
	'zones.sld': { body: approvedZonesSld, contentType: 'application/vnd.ogc.sld+xml' }
} as const;
