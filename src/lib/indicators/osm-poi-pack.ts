/**
 * The OpenStreetMap points-of-interest pack (`osm_tambon_poi_density_2024.csv`, see
 * ../shared/geodata/SOURCES.md): densities per km² of a tambon, turned by the indicator import
 * into counts (density × the file's `size`) and densities, named by what they mean to a planner
 * and grouped by the sector of the SEDZ network they stand for. Shared by the server (import)
 * and the pages (labels, the "none mapped" caveat), so it holds no server code.
 */

/** The columns that make a CSV this pack (checked on the header, whatever the file's name). */
export const osmPoiPackColumns = [
	'sub_id',
	'size',
	'poi',
	'amenity_place_of_worship',
	'amenity_school',
	'tourism_attraction',
	'historic',
	'natural'
] as const;

/** The source line SOURCES.md gives for the file. */
export const osmPoiPackSourceLine =
	'Points of interest: © OpenStreetMap contributors (ODbL), tambon densities compiled 2024';

/** The year the compilation describes (viriyatae/Thailand-Subdistrict, 2024-09). */
export const osmPoiPackYear = 2024;

export type OsmIndicatorGroup = 'religion' | 'academia' | 'local_assets' | 'health' | 'economy';

export interface OsmPackIndicator {
	key: string;
	group: OsmIndicatorGroup;
	/** The file's density columns summed into this indicator. */
	columns: readonly string[];
	kind: 'count' | 'density';
	nameTh: string;
	nameEn: string;
}

const groups: Record<
	OsmIndicatorGroup,
	{ columns: readonly string[]; th: string; en: string; countKey: string }
> = {
	religion: {
		columns: ['amenity_place_of_worship'],
		th: 'ศาสนสถาน (ภาคศาสนา)',
		en: 'Places of worship (religious sector)',
		countKey: 'osm_places_of_worship'
	},
	academia: {
		columns: ['amenity_school'],
		th: 'โรงเรียน (ภาควิชาการ)',
		en: 'Schools (academic sector)',
		countKey: 'osm_schools'
	},
	local_assets: {
		columns: ['tourism_attraction', 'historic', 'natural'],
		th: 'ทุนท้องถิ่น: แหล่งท่องเที่ยว โบราณสถาน และธรรมชาติ',
		en: 'Local assets: attractions, historic and natural features',
		countKey: 'osm_local_assets'
	},
	health: {
		columns: ['amenity_clinic', 'amenity_hospital'],
		th: 'สถานพยาบาล',
		en: 'Clinics and hospitals',
		countKey: 'osm_health_facilities'
	},
	economy: {
		columns: ['shop'],
		th: 'ร้านค้า (ภาคเอกชน)',
		en: 'Shops (private sector)',
		countKey: 'osm_shops'
	}
};

/** Every indicator the pack writes: a count per group, and a density per km² for each. */
export const osmPackIndicators: readonly OsmPackIndicator[] = (
	Object.entries(groups) as [OsmIndicatorGroup, (typeof groups)[OsmIndicatorGroup]][]
).flatMap(([group, g]) => [
	{
		key: g.countKey,
		group,
		columns: g.columns,
		kind: 'count' as const,
		nameTh: `${g.th} (จำนวนที่ปรากฏใน OpenStreetMap)`,
		nameEn: `${g.en} (number mapped in OpenStreetMap)`
	},
	{
		key: `${g.countKey}_per_km2`,
		group,
		columns: g.columns,
		kind: 'density' as const,
		nameTh: `${g.th} ต่อ ตร.กม. (OpenStreetMap)`,
		nameEn: `${g.en} per km² (OpenStreetMap)`
	}
]);

const packKeys = new Set(osmPackIndicators.map((i) => i.key));

/** True for an indicator of the OSM pack, whose zero means "none mapped", not "none there". */
export function isOsmIndicator(key: string): boolean {
	return packKeys.has(key);
}

/** True when a CSV header is the OSM pack's. */
export function isOsmPoiPackHeader(names: readonly string[]): boolean {
	return osmPoiPackColumns.every((c) => names.includes(c));
}
